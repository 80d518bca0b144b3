import { resolve } from 'node:path';
import { scenarioJsonSchemaText } from '../../scenario/json-schema.js';
import { writeAtomic } from '../../run/results.js';

/** `gradwire schema`: the scenario files' JSON Schema on stdout, or written to a file. */
export function schema(opts: { out?: string }): void {
  const text = scenarioJsonSchemaText();
  if (opts.out) writeAtomic(resolve(opts.out), text);
  else process.stdout.write(text);
}
