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
