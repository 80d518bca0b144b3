import { z } from 'zod';
import { valueAt } from './value-words.js';

/**
 * Walking a zod schema by its `def` records: the field at a path (a list's
 * items, a record's values, the branch of a discriminated union the input's
 * `kind` picks), its unit, whether it takes null, the keys it knows.
 */

/** The parts of a zod 4 schema's `def` these walks read. */
export interface SchemaDef {
  type?: string;
  innerType?: unknown;
  in?: unknown;
  shape?: Record<string, unknown>;
  element?: unknown;
  valueType?: unknown;
  options?: unknown[];
  defaultValue?: unknown;
  values?: unknown[];
  getter?: () => unknown;
  items?: unknown[];
  rest?: unknown;
  checks?: readonly { _zod: { def: Record<string, unknown> } }[];
  format?: string;
}

const WRAPPERS = ['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch'];

/** A schema's `def` ({} for anything else). */
export const defOf = (s: unknown): SchemaDef => (s as { def?: SchemaDef } | undefined)?.def ?? {};

/** The layers of a schema from the outside in: itself, then what its default, optional, nullable, readonly, lazy or pipe wrapper (by what it takes in) holds. */
function* layers(s: unknown): Generator<{ schema: unknown; def: SchemaDef }> {
  let schema = s;
  // a bound on the steps: a lazy schema may return itself
  for (let step = 0; step < 64 && schema !== undefined; step++) {
    const d = defOf(schema);
    yield { schema, def: d };
    if (WRAPPERS.includes(d.type ?? '')) schema = d.innerType;
    else if (d.type === 'pipe') schema = d.in;
    else if (d.type === 'lazy' && d.getter !== undefined) schema = d.getter();
    else return;
  }
}

/** The schema under its wrappers, and the outermost default it carries. */
export function unwrap(s: unknown): { schema: unknown; defaultValue: unknown } {
  let schema = s;
  let defaultValue: unknown;
  for (const layer of layers(s)) {
    schema = layer.schema;
    if (layer.def.type === 'default' || layer.def.type === 'prefault') defaultValue ??= layer.def.defaultValue;
  }
  return { schema, defaultValue };
}

/** Whether a wrapper on the way in takes null. */
export function acceptsNull(s: unknown): boolean {
  for (const { def } of layers(s)) if (def.type === 'nullable' || def.type === 'null') return true;
  return false;
}

/** The branch of a discriminated union whose `kind` is the input's, if any. */
function branchOf(options: readonly unknown[], value: unknown): unknown {
  const kind = (value as { kind?: unknown } | null | undefined)?.kind;
  return options.find((o) => (defOf(own(defOf(unwrap(o).schema).shape, 'kind')).values ?? []).includes(kind));
}

/** A mapping's own entry (never one it inherits: `constructor`, `__proto__`). */
const own = (record: Record<string, unknown> | undefined, k: PropertyKey): unknown => (record !== undefined && typeof k === 'string' && Object.hasOwn(record, k) ? record[k] : undefined);

const child = (value: unknown, k: PropertyKey): unknown => valueAt(value, [k]);

/**
 * The schema of the field at `path` (wrappers kept), following list
 * elements, record values and, in a discriminated union, the branch the
 * input `raw`'s `kind` picks; undefined when the path leaves the schema.
 */
export function schemaAt(root: unknown, path: readonly PropertyKey[], raw: unknown): unknown {
  let schema = root;
  let value = raw;
  for (const k of path) {
    const d = defOf(unwrap(schema).schema);
    if (d.type === 'object') schema = own(d.shape, k);
    else if (d.type === 'array') schema = d.element;
    else if (d.type === 'tuple') schema = typeof k === 'number' ? (d.items?.[k] ?? d.rest ?? undefined) : undefined;
    else if (d.type === 'record') schema = d.valueType;
    else if (d.type === 'union') schema = own(defOf(unwrap(branchOf(d.options ?? [], value)).schema).shape, k);
    else return undefined;
    if (schema === undefined) return undefined;
    value = child(value, k);
  }
  return schema;
}

/** The keys a mapping at `path` may have (a discriminated union's: those of the branch the input picks); [] where no mapping is declared. */
export function keysAt(root: unknown, path: readonly PropertyKey[], raw: unknown): string[] {
  const d = defOf(unwrap(schemaAt(root, path, raw)).schema);
  if (d.type === 'object') return Object.keys(d.shape ?? {});
  if (d.type === 'union') {
    const value = path.reduce<unknown>(child, raw);
    return Object.keys(defOf(unwrap(branchOf(d.options ?? [], value)).schema).shape ?? {});
  }
  return [];
}

/** The unit a field's declaration gives (`.meta({ unit })` on it or on a wrapper), if any. */
export function unitAt(schema: unknown): string | undefined {
  for (const layer of layers(schema)) {
    const unit = (z.globalRegistry.get(layer.schema as z.ZodType) as { unit?: string } | undefined)?.unit;
    if (unit !== undefined) return unit;
  }
  return undefined;
}
