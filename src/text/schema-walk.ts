import { z } from 'zod';

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
  checks?: readonly { _zod: { def: Record<string, unknown> } }[];
  format?: string;
}

const WRAPPERS = ['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch'];

/** A schema's `def` ({} for anything else). */
export const defOf = (s: unknown): SchemaDef => (s as { def?: SchemaDef } | undefined)?.def ?? {};

/** The schema under its default, optional, nullable, readonly and pipe wrappers, and the outermost default it carries. */
export function unwrap(s: unknown): { schema: unknown; defaultValue: unknown } {
  let schema = s;
  let defaultValue: unknown;
  for (;;) {
    const d = defOf(schema);
    if (d.type === 'default' || d.type === 'prefault') defaultValue ??= d.defaultValue;
    if (WRAPPERS.includes(d.type ?? '')) schema = d.innerType;
    else if (d.type === 'pipe') schema = d.in;
    else return { schema, defaultValue };
  }
}

/** Whether a wrapper on the way in takes null. */
export function acceptsNull(s: unknown): boolean {
  for (let schema = s; schema !== undefined;) {
    const d = defOf(schema);
    if (d.type === 'nullable' || d.type === 'null') return true;
    schema = WRAPPERS.includes(d.type ?? '') ? d.innerType : d.type === 'pipe' ? d.in : undefined;
  }
  return false;
}

/** The branch of a discriminated union whose `kind` is the input's, if any. */
function branchOf(options: readonly unknown[], value: unknown): unknown {
  const kind = (value as { kind?: unknown } | null | undefined)?.kind;
  return options.find((o) => (defOf(defOf(unwrap(o).schema).shape?.kind).values ?? []).includes(kind));
}

const child = (value: unknown, k: PropertyKey): unknown => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k] : undefined);

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
    if (d.type === 'object') schema = d.shape?.[k as string];
    else if (d.type === 'array') schema = d.element;
    else if (d.type === 'record') schema = d.valueType;
    else if (d.type === 'union') schema = defOf(unwrap(branchOf(d.options ?? [], value)).schema).shape?.[k as string];
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
  for (let s = schema; s !== undefined;) {
    const unit = (z.globalRegistry.get(s as z.ZodType) as { unit?: string } | undefined)?.unit;
    if (unit !== undefined) return unit;
    const d = defOf(s);
    s = WRAPPERS.includes(d.type ?? '') ? d.innerType : d.type === 'pipe' ? d.in : undefined;
  }
  return undefined;
}
