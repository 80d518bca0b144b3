/**
 * How a CSV result file is declared: its columns in order, each with a name,
 * the type of its cells, a unit and a one-line meaning. Writers print the
 * header from these, readers parse by them, and the row types are derived
 * from them, so the format is stated once.
 */

/**
 * A cell's type: text, `true`/`false`, a number, a whole number; with `?`,
 * the cell may be empty ("none", "not measured"). Arrow tables type their
 * columns by it (an integer column is Int32 while its values fit).
 */
export type CellType = 'text' | 'text?' | 'boolean' | 'number' | 'number?' | 'integer' | 'integer?';

/** One column of a CSV result file. */
export interface Column {
  readonly name: string;
  readonly type: CellType;
  /** SI unit, `1` for a dimensionless ratio or count, `` for text and booleans. */
  readonly unit: string;
  readonly meaning: string;
  /** Absent from files written before the column existed: a reader takes it as empty (null). */
  readonly added?: true;
}

type CellValue<T extends CellType> = T extends 'text' ? string : T extends 'text?' ? string | null : T extends 'boolean' ? boolean : T extends 'number' | 'integer' ? number : number | null;

/** The row a list of columns describes: one field per column, typed by its cells. */
export type RowOf<Cs extends readonly Column[]> = { -readonly [C in Cs[number] as C['name']]: CellValue<C['type']> };

/** The names of a list of columns, in order. */
export function columnNames<const Cs extends readonly Column[]>(columns: Cs): Cs[number]['name'][] {
  return columns.map((c) => c.name);
}

/** A CSV file's header line (no line break). */
export function headerLine(columns: readonly Column[]): string {
  return columns.map((c) => c.name).join(',');
}

/** A CSV file's text: the header, then a line per row; an empty cell for null, else JS's shortest round-trip form (byte-stable). */
export function csvText<const Cs extends readonly Column[]>(columns: Cs, rows: readonly RowOf<Cs>[]): string {
  const lines = [headerLine(columns)];
  for (const row of rows) {
    lines.push(
      columns
        .map((c) => {
          const v = (row as Record<string, string | number | boolean | null>)[c.name];
          return v === null ? '' : String(v);
        })
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
