import { z } from 'zod';
import { explainMessages } from './messages.js';
import { didYouMean } from '../text/did-you-mean.js';
import { ScenarioSchema } from './schema.js';
import { defOf, unwrap } from '../text/schema-walk.js';

/** What `gradwire explain` prints for one field. */
export interface FieldDoc {
  readonly path: string;
  readonly doc: string;
  readonly unit: string;
  readonly default: unknown;
  /** The accepted values, as a JSON Schema fragment. */
  readonly accepts: unknown;
  /** Sub-fields, for groups. */
  readonly fields: readonly string[];
}

/** Children of a schema by key (objects; list elements; union branches' fields merged, all variants kept). */
function variants(s: unknown): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const add = (k: string, v: unknown) => out.set(k, [...(out.get(k) ?? []), v]);
  const d = defOf(s);
  if (d.type === 'object') for (const [k, v] of Object.entries(d.shape ?? {})) add(k, v);
  if (d.type === 'array') for (const [k, vs] of variants(unwrap(d.element).schema)) for (const v of vs) add(k, v);
  if (d.type === 'union') for (const o of d.options ?? []) for (const [k, vs] of variants(unwrap(o).schema)) for (const v of vs) add(k, v);
  return out;
}

function children(s: unknown): Map<string, unknown> {
  return new Map([...variants(s)].map(([k, vs]) => [k, vs[0]]));
}

/**
 * Look up a field by dotted path (list indices may be omitted:
 * `schemes.uplink.compressor.kind`) and describe it from its declaration.
 * Throws with a suggestion for an unknown path.
 */
export function explainField(path: string): FieldDoc {
  let node: unknown = ScenarioSchema;
  let defaultValue: unknown;
  const keys = path === '' ? [] : path.replace(/\[\d+\]/g, '').split('.');
  let walked = '';
  let alternatives: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const all = variants(unwrap(node).schema);
    const kids = children(unwrap(node).schema);
    // a link's set takes dotted paths as keys (`set.arq.packetErrorRate`): the longest that is a field
    let key = keys[i]!;
    for (let j = keys.length; j > i + 1; j--) {
      const joined = keys.slice(i, j).join('.');
      if (kids.has(joined)) {
        key = joined;
        i = j - 1;
        break;
      }
    }
    const next = kids.get(key);
    alternatives = all.get(key) ?? [];
    if (next === undefined) {
      const fields = [...kids.keys()];
      throw new Error(explainMessages.noField(key, walked, didYouMean(key, fields), fields));
    }
    walked = walked ? `${walked}.${key}` : key;
    node = next;
  }
  const { schema, defaultValue: d } = unwrap(node);
  defaultValue = d;
  const meta = (z.globalRegistry.get(schema as z.ZodType) ?? z.globalRegistry.get(node as z.ZodType) ?? {}) as { description?: string; unit?: string };
  const description = (node as { description?: string }).description ?? (schema as { description?: string }).description ?? meta.description ?? '';
  const json = z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  if (alternatives.length > 1) {
    // a discriminator such as `kind`: list every value with its meaning
    const values = alternatives.map((a) => {
      const j = z.toJSONSchema(unwrap(a).schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as { const?: unknown; enum?: unknown[]; description?: string };
      const value = j.const !== undefined ? JSON.stringify(j.const) : (j.enum ?? []).map((x) => JSON.stringify(x)).join(' | ');
      return `${value}${j.description ? `: ${j.description}` : ''}`;
    });
    return {
      path: walked,
      doc: `one of:\n    ${values.join('\n    ')}`,
      unit: '',
      default: defaultValue,
      accepts: {
        enum: alternatives.flatMap((a) => {
          const j = z.toJSONSchema(unwrap(a).schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as { const?: unknown; enum?: unknown[] };
          return j.const !== undefined ? [j.const] : (j.enum ?? []);
        }),
      },
      fields: [],
    };
  }
  return {
    path: walked || '(scenario)',
    doc: description,
    unit: meta.unit ?? (json.unit as string | undefined) ?? '',
    default: defaultValue,
    accepts: json.properties || json.$ref ? { type: 'object' } : json,
    fields: [...children(schema).keys()],
  };
}
