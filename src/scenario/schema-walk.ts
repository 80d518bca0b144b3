import { z } from 'zod';

/** Walking the zod scenario schema by its `def` records (for explain, and for "did you mean" in load). */

/** The parts of a zod 4 schema's `def` these walks read. */
export interface SchemaDef {
  type?: string;
  innerType?: unknown;
  in?: unknown;
  shape?: Record<string, unknown>;
  element?: unknown;
  options?: unknown[];
  defaultValue?: unknown;
}

/** The schema under its default, optional, nullable and pipe wrappers, and the outermost default it carries. */
export function unwrap(s: unknown): { schema: unknown; defaultValue: unknown } {
  let schema = s;
  let defaultValue: unknown;
  for (;;) {
    const d = (schema as { def?: SchemaDef } | undefined)?.def ?? {};
    if (d.type === 'default' || d.type === 'prefault') defaultValue ??= d.defaultValue;
    if (['default', 'prefault', 'optional', 'nullable'].includes(d.type ?? '')) schema = d.innerType;
    else if (d.type === 'pipe') schema = d.in;
    else return { schema, defaultValue };
  }
}

/**
 * The schema of the field at `path` (wrappers kept), following list elements
 * and, in a discriminated union, the branch the input's `kind` picks; undefined
 * when the path leaves the schema.
 */
export function schemaAt(root: unknown, path: readonly (string | number)[], raw: unknown): unknown {
  let schema = root;
  let value = raw;
  for (const k of path) {
    const d = (unwrap(schema).schema as { def?: SchemaDef } | undefined)?.def ?? {};
    if (d.type === 'object') schema = d.shape?.[k as string];
    else if (d.type === 'array') schema = d.element;
    else if (d.type === 'union') {
      const kind = (value as { kind?: unknown } | undefined)?.kind;
      const branch = (d.options ?? []).find((o) => {
        const shape = (unwrap(o).schema as { def?: SchemaDef }).def?.shape ?? {};
        return ((shape.kind as { def?: { values?: unknown[] } } | undefined)?.def?.values ?? []).includes(kind);
      });
      schema = (unwrap(branch).schema as { def?: SchemaDef } | undefined)?.def?.shape?.[k as string];
    } else return undefined;
    if (schema === undefined) return undefined;
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[k] : undefined;
  }
  return schema;
}

/** The unit a field's declaration gives (`.meta({ unit })` on it or on a wrapper), if any. */
export function unitAt(schema: unknown): string | undefined {
  for (let s = schema; s !== undefined;) {
    const unit = (z.globalRegistry.get(s as z.ZodType) as { unit?: string } | undefined)?.unit;
    if (unit !== undefined) return unit;
    const d = (s as { def?: SchemaDef }).def ?? {};
    s = ['default', 'prefault', 'optional', 'nullable'].includes(d.type ?? '') ? d.innerType : d.type === 'pipe' ? d.in : undefined;
  }
  return undefined;
}
