import type { Column } from './columns.js';

/**
 * One-line column declarations for the tables: a text column (no unit) and a
 * number column with its unit. The name and unit stay literal types, so
 * `RowOf` still derives each row's fields from them.
 */
export const textColumn = <const N extends string>(name: N, meaning: string) => ({ name, type: 'text', unit: '', meaning }) as const satisfies Column;

/** A number column, always written; `unit` as {@link Column.unit}. */
export const numberColumn = <const N extends string, const U extends string>(name: N, unit: U, meaning: string) => ({ name, type: 'number', unit, meaning }) as const satisfies Column;
