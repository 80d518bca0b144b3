/**
 * Validation of filled specs against the Vega-Lite JSON schema that the
 * installed vega-lite ships (`build/vega-lite-schema.json`), with ajv; and
 * the report's own rules: a title and a caption (subtitle), and a title on
 * every x and y axis that shows a field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import AjvModule from 'ajv';
import type { TopLevelSpec } from 'vega-lite';

type ValidateFn = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

let validator: ValidateFn | undefined;

/** The compiled schema validator (compiling the schema takes seconds: once per test file). */
function schemaValidator(): ValidateFn {
  if (validator) return validator;
  // vega-lite does not export its package.json: walk up from its entry point to the file.
  let dir = dirname(createRequire(import.meta.url).resolve('vega-lite'));
  while (!existsSync(join(dir, 'build', 'vega-lite-schema.json'))) {
    if (dirname(dir) === dir) throw new Error('vega-lite-schema.json not found in the installed vega-lite');
    dir = dirname(dir);
  }
  const schemaPath = join(dir, 'build', 'vega-lite-schema.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
  // ajv's CommonJS default export arrives as `.default` under some loaders.
  const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as new (opts: object) => {
    compile(schema: object): ValidateFn;
  };
  // Formats (uri, color-hex) are not checked; every structural keyword is.
  validator = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  return validator;
}

/** Schema errors of a spec, as `path: message` lines (empty when valid). */
export function schemaErrors(spec: TopLevelSpec): string[] {
  const validate = schemaValidator();
  if (validate(spec)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Breaches of the report's labelling rules: the chart has a title text and
 * a subtitle (its one-line caption); every quantitative x/y axis showing a
 * field has a non-empty title (where the unit goes), given by its own
 * definition or by another layer of the same view; a nominal or ordinal axis
 * (scheme, node, link names) has a title or says `"title": null` on purpose.
 */
export function labellingProblems(spec: TopLevelSpec): string[] {
  const problems: string[] = [];
  const title = (spec as { title?: unknown }).title;
  if (!isObj(title) || typeof title.text !== 'string' || title.text === '') problems.push('no title text');
  if (!isObj(title) || typeof title.subtitle !== 'string' || title.subtitle === '') problems.push('no caption (title.subtitle)');
  const titled = (d: Record<string, unknown>) => (typeof d.title === 'string' && d.title !== '') || (d.type !== 'quantitative' && d.title === null);
  const visit = (node: unknown, path: string, inherited: Record<string, unknown>): void => {
    if (!isObj(node)) return;
    const enc = { ...inherited, ...(isObj(node.encoding) ? node.encoding : {}) };
    if (Array.isArray(node.layer)) {
      const layers: readonly unknown[] = node.layer;
      // A layer's channels share one axis: one titled definition per channel is enough.
      const defs = (ch: string) => [enc[ch], ...layers.map((l) => (isObj(l) && isObj(l.encoding) ? l.encoding[ch] : undefined))].filter(isObj);
      for (const ch of ['x', 'y']) {
        const withField = defs(ch).filter((d) => typeof d.field === 'string' && d.axis !== null);
        if (withField.length > 0 && !withField.some(titled)) problems.push(`${path}: ${ch} axis has no title`);
      }
      layers.forEach((l, i) => isObj(l) && isObj(l.spec) && visit(l.spec, `${path}/layer/${i}`, {}));
      return;
    }
    if ('mark' in node) {
      for (const ch of ['x', 'y']) {
        const d = enc[ch];
        if (isObj(d) && typeof d.field === 'string' && d.axis !== null && !titled(d)) {
          problems.push(`${path}: ${ch} axis has no title`);
        }
      }
    }
    if (isObj(node.spec)) visit(node.spec, `${path}/spec`, {});
    for (const key of ['hconcat', 'vconcat', 'concat']) {
      const children = node[key];
      if (Array.isArray(children)) children.forEach((c, i) => visit(c, `${path}/${key}/${i}`, {}));
    }
  };
  visit(spec, '', {});
  return problems;
}
