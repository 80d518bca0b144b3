/**
 * Readers for the result files of a run directory (`metrics.csv`,
 * `summary.json`). The report only ever sees these files, never simulator
 * internals, so a run directory copied to another machine still renders.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vega from 'vega';
import { z } from 'zod';

/** Columns of `metrics.csv`, in the order the simulator writes them. */
export const METRIC_COLUMNS = [
  'scheme',
  'iteration',
  'time_s',
  'loss',
  'accuracy',
  'payload_bytes_up',
  'payload_bytes_down',
  'wire_bytes_up',
  'wire_bytes_down',
  'packets_up',
  'packets_down',
  'energy_worker_j',
  'energy_server_j',
  'energy_total_j',
] as const;

type NumericColumn = Exclude<(typeof METRIC_COLUMNS)[number], 'scheme' | 'accuracy'>;

/**
 * One row of `metrics.csv` (cumulative quantities since the start of the run),
 * plus the derived `wire_bytes_total = wire_bytes_up + wire_bytes_down`.
 * `accuracy` is null where it was not measured. `loss` may be NaN/±Infinity
 * for a diverged scheme; every other number is finite.
 */
export type MetricRow = { scheme: string; accuracy: number | null; wire_bytes_total: number } & Record<
  NumericColumn,
  number
>;

// Nullable because JSON has no NaN: a diverged scheme's final loss may be
// written as null, and the report must still render that run.
const finalNumber = z.number().nullable();
const finalSchema = z.object({
  time_s: finalNumber,
  loss: finalNumber,
  wire_bytes_up: finalNumber,
  wire_bytes_down: finalNumber,
  energy_total_j: finalNumber,
});

const summarySchema = z.object({
  scenario: z.object({ name: z.string(), description: z.string().optional() }),
  seed: z.number(),
  backend: z.string(),
  schemes: z.array(
    z.object({
      name: z.string(),
      label: z.string().optional(),
      status: z.enum(['completed', 'diverged', 'aborted']),
      iterations: z.number(),
      final: finalSchema,
    }),
  ),
});

/** The part of `summary.json` the report uses; other fields are dropped. */
export type RunSummary = z.infer<typeof summarySchema>;

/** Reads a run file, turning ENOENT into an error that names the missing file. */
async function readRunFile(runDir: string, name: string): Promise<{ path: string; text: string }> {
  const path = join(runDir, name);
  try {
    return { path, text: await readFile(path, 'utf8') };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${name} not found in run directory ${runDir} (expected ${path})`, { cause: err });
    }
    throw err;
  }
}

/**
 * Parses the text of `metrics.csv`. Tokenising is left to vega's CSV reader
 * (d3-dsv, handles quoting); typing is done here rather than with
 * `parse: 'auto'`, because type inference would turn an all-digit scheme name
 * into a number and would silently accept a garbled cell as NaN.
 * @param source used in error messages only.
 */
export function parseMetricsCsv(text: string, source = 'metrics.csv'): MetricRow[] {
  const header = (text.split(/\r?\n/, 1)[0] ?? '').split(',').map((h) => h.trim());
  const missing = METRIC_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new Error(`${source}: header lacks column(s) ${missing.join(', ')}`);
  }
  const records = vega.read(text, { type: 'csv' }) as Record<string, string | undefined>[];
  return records.map((rec, i) => {
    // Row numbers count the header as line 1, so they match an editor's.
    const where = `${source} line ${i + 2}`;
    const num = (col: string, allowNonFinite = false): number => {
      const raw = (rec[col] ?? '').trim();
      const value = Number(raw);
      const ok = raw !== '' && (Number.isFinite(value) || (allowNonFinite && /^[+-]?(NaN|Infinity)$/.test(raw)));
      if (!ok) throw new Error(`${where}: column ${col} is not a number: ${JSON.stringify(rec[col] ?? '')}`);
      return value;
    };
    const scheme = (rec.scheme ?? '').trim();
    if (scheme === '') throw new Error(`${where}: empty scheme`);
    const row = { scheme } as MetricRow;
    for (const col of METRIC_COLUMNS) {
      if (col !== 'scheme' && col !== 'accuracy') row[col] = num(col, col === 'loss');
    }
    row.accuracy = (rec.accuracy ?? '').trim() === '' ? null : num('accuracy', true);
    row.wire_bytes_total = row.wire_bytes_up + row.wire_bytes_down;
    return row;
  });
}

/** Reads and parses `<runDir>/metrics.csv`; throws naming the file if absent. */
export async function readMetrics(runDir: string): Promise<MetricRow[]> {
  const { path, text } = await readRunFile(runDir, 'metrics.csv');
  return parseMetricsCsv(text, path);
}

/** Reads and validates `<runDir>/summary.json`; throws naming the file if absent or malformed. */
export async function readSummary(runDir: string): Promise<RunSummary> {
  const { path, text } = await readRunFile(runDir, 'summary.json');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: invalid JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = summarySchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${path}: unexpected shape\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
