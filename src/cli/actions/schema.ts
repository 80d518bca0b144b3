import { scenarioJsonSchemaText } from '../../scenario/json-schema.js';
import { writeAtomic } from '../../run/results.js';
import { outFile } from '../paths.js';

/** `gradwire schema`: the scenario files' JSON Schema on stdout, or written to a file. */
export function schema(opts: { out?: string }): void {
  const path = opts.out === undefined ? undefined : outFile('--out', opts.out);
  const text = scenarioJsonSchemaText();
  if (path !== undefined) writeAtomic(path, text);
  else process.stdout.write(text);
}
