import { z } from 'zod';
import { ScenarioSchema } from './schema.js';

/**
 * The published JSON Schema of scenario files (scenarios/schema.json), derived
 * from the one declaration in schema.ts — editors can validate and complete
 * scenario files with it. Regenerate with `npm run schema`; a test checks the
 * checked-in copy is current.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://gradwire.invalid/scenario.schema.json',
    title: 'gradwire scenario',
  };
}

/** The schema as the file holds it (stable key order, trailing newline). */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
