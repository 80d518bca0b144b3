/**
 * Reading result files: errors that name the file, line and column; CSV
 * parsed by the columns src/results/ declares, so the report reads exactly
 * what the run writes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vega from 'vega';
import { ResultFileError, type Column, type RowOf } from '../src/results/index.js';

// declared in src/results, whose JSON reader throws it too; re-exported for the report's modules (the CLI imports it from src/results: bad input, exit 2)
export { ResultFileError };

/**
 * Like `Promise.all`, but when several fail, the error thrown is that of the
 * first in argument order, not the first to settle: reading many files at
 * once still names the same missing one every time.
 */
export async function allInOrder<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises as readonly Promise<unknown>[]);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Reads a run file, turning ENOENT into an error that names the missing file. */
export async function readRunFile(dir: string, name: string): Promise<{ path: string; text: string }> {
  const file = await readOptionalFile(dir, name);
  if (file === undefined) throw new ResultFileError(`${name} not found in run directory ${dir} (expected ${join(dir, name)})`);
  return file;
}

/** Reads an optional run file: undefined when it does not exist. */
export async function readOptionalFile(dir: string, name: string): Promise<{ path: string; text: string } | undefined> {
  const path = join(dir, name);
  try {
    return { path, text: await readFile(path, 'utf8') };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The column names of a CSV text's first line. */
export function csvHeader(text: string): string[] {
  return (text.split(/\r?\n/, 1)[0] ?? '').split(',').map((h) => h.trim());
}

/** Cell readers of one CSV record; errors name the file, line and column. */
function cells(rec: Record<string, string | undefined>, where: string) {
  const raw = (col: string) => (rec[col] ?? '').trim();
  const fail = (col: string, what: string): never => {
    throw new ResultFileError(`${where}: column ${col} is not ${what}: ${JSON.stringify(rec[col] ?? '')}`);
  };
  const whole = (col: string): number => (/^-?\d+$/.test(raw(col)) ? Number(raw(col)) : fail(col, 'a whole number'));
  return {
    /** Whether the cell is empty or the column absent. */
    empty(col: string): boolean {
      return raw(col) === '';
    },
    text(col: string): string {
      const v = raw(col);
      return v === '' ? fail(col, 'a non-empty text') : v;
    },
    num(col: string): number {
      const v = raw(col);
      const value = Number(v);
      return v !== '' && Number.isFinite(value) ? value : fail(col, 'a number');
    },
    /** Empty: null ("not measured"); NaN and ±Infinity kept (a diverged loss). */
    optionalNum(col: string): number | null {
      if (raw(col) === '') return null;
      const value = Number(raw(col));
      return Number.isFinite(value) || /^[+-]?(NaN|Infinity)$/.test(raw(col)) ? value : fail(col, 'a number');
    },
    int: whole,
    /** Empty: null ("none"). */
    optionalInt(col: string): number | null {
      return raw(col) === '' ? null : whole(col);
    },
    /** Empty: null ("none"). */
    optionalText(col: string): string | null {
      const v = raw(col);
      return v === '' ? null : v;
    },
    bool(col: string): boolean {
      const v = raw(col);
      return v === 'true' || v === 'false' ? v === 'true' : fail(col, 'true or false');
    },
  };
}

/** The cell readers of one CSV row. */
export type Cells = ReturnType<typeof cells>;

/** Tokenises CSV with vega's reader (d3-dsv: handles quoting), every cell kept as text. */
function readCsvRecords(text: string): Record<string, string | undefined>[] {
  // `parse` maps every column to string so no type inference turns an all-digit scheme name into a number.
  const parse = Object.fromEntries(csvHeader(text).map((h) => [h, 'string']));
  return vega.read(text, { type: 'csv', parse }) as Record<string, string | undefined>[];
}

/** Each data row of a CSV text, through `row` with its cells (errors name `source` and the line, the header being line 1, as in an editor). */
export function csvRows<T>(text: string, source: string, row: (c: Cells) => T): T[] {
  return readCsvRecords(text).map((rec, i) => row(cells(rec, `${source} line ${i + 2}`)));
}

/** One declared column's cell, read by its type. */
export function readCell(c: Cells, column: Column): string | number | boolean | null {
  switch (column.type) {
    case 'text':
      return c.text(column.name);
    case 'text?':
      return c.optionalText(column.name);
    case 'boolean':
      return c.bool(column.name);
    case 'number':
      return c.num(column.name);
    case 'number?':
      return c.optionalNum(column.name);
    case 'integer':
      return c.int(column.name);
    case 'integer?':
      return c.optionalInt(column.name);
  }
}

/** Parses a CSV result file by its declared columns. */
export function parseCsv<const Cs extends readonly Column[]>(format: Cs, text: string, source: string): RowOf<Cs>[] {
  return csvRows(text, source, (c) => Object.fromEntries(format.map((col) => [col.name, readCell(c, col)])) as RowOf<Cs>);
}

/** Rows of an optional CSV result file: none when the run did not write it. */
export async function readOptionalRows<T>(dir: string, name: string, parse: (text: string, source: string) => T[]): Promise<T[]> {
  const file = await readOptionalFile(dir, name);
  return file ? parse(file.text, file.path) : [];
}
