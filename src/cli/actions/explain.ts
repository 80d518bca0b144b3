import { explainField } from '../../scenario/explain.js';
import { InputError } from '../errors.js';

/** `gradwire explain`: one scenario field's doc, unit, default, accepted values and sub-fields. */
export function explain(field: string, opts: { json?: boolean }): void {
  let doc;
  try {
    doc = explainField(field);
  } catch (e) {
    throw new InputError(`explain ${JSON.stringify(field)}: ${(e as Error).message}`);
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  const lines = [`${doc.path}`, `  ${doc.doc || '(no description)'}`];
  if (doc.unit) lines.push(`  unit: ${doc.unit}`);
  if (doc.default !== undefined) lines.push(`  default: ${JSON.stringify(doc.default)}`);
  lines.push(`  accepts: ${JSON.stringify(doc.accepts)}`);
  if (doc.fields.length > 0) lines.push(`  fields: ${doc.fields.join(', ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
