/**
 * Readers for the result files of a run directory (`metrics.csv`,
 * `summary.json`, `links.csv`, `nodes.csv`, `time.csv`, `cat.csv`,
 * `scenario.resolved.yaml`), by the declarations of src/results/. The report
 * only ever sees these files, never simulator internals, so a run directory
 * copied to another machine still renders. `trace.ndjson` is read by trace.ts.
 */
import { parse as parseYaml } from 'yaml';
import {
  CAT_FORMAT,
  LINKS_FORMAT,
  METRICS_FORMAT,
  NODES_FORMAT,
  parseJsonText,
  RUN_FILES,
  SummarySchema,
  SWEEP_LEAD_FORMAT,
  TIME_FORMAT,
  type CatRow,
  type LinkRow,
  type MetricRow,
  type NodeRow,
  type SummaryJson,
  type TimeRow,
} from '../src/results/index.js';
import { csvHeader, csvRows, parseCsv, readCell, readOptionalFile, readOptionalRows, readRunFile, ResultFileError } from './result-file.js';

/** metrics.csv columns added after the report's oldest format: absent in older files, read as null. */
type AddedColumn = Extract<(typeof METRICS_FORMAT)[number], { added: true }>['name'];

/**
 * One row of `metrics.csv` as read, plus the derived `wire_bytes_total`
 * (up + down) and `packets_total`. Columns a file lacks (written before they
 * existed) and empty cells are null. `loss` may be NaN/±Infinity for a
 * diverged scheme. `point` and `run` are set for rows of a sweep's `sweep.csv`.
 */
export type ReadMetricRow = Omit<MetricRow, AddedColumn> & { [K in Exclude<AddedColumn, 'run_id'>]: number | null } & {
  /** The run's id (metrics.csv since it has the column; a sweep's rows have it as `point`). */
  run_id?: string;
  wire_bytes_total: number;
  packets_total: number;
  point?: string;
  run?: number;
};

/** Columns metrics.csv has had since the report's oldest format: a file without one is not a metrics file. */
export const REQUIRED_METRIC_COLUMNS = METRICS_FORMAT.filter((c) => !('added' in c)).map((c) => c.name);

/**
 * Parses the text of `metrics.csv` (or of a sweep's `sweep.csv`, whose extra
 * columns are ignored except `point` and `run`). Typing is done here rather
 * than with `parse: 'auto'`, because type inference would turn an all-digit
 * scheme name into a number and would silently accept a garbled cell as NaN.
 * @param source used in error messages only.
 */
export function parseMetricsCsv(text: string, source: string = RUN_FILES.metrics): ReadMetricRow[] {
  const header = csvHeader(text);
  const missing = REQUIRED_METRIC_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new ResultFileError(`${source}: header lacks column(s) ${missing.join(', ')}`);
  const has = (col: string) => header.includes(col);
  return csvRows(text, source, (c) => {
    const row: Record<string, unknown> = {};
    for (const col of METRICS_FORMAT) {
      // a column added after the oldest format: absent from older files (run_id left out, the others null), empty where not measured
      if (col.name === 'run_id') {
        if (has(col.name)) row.run_id = readCell(c, col);
      } else row[col.name] = 'added' in col && c.empty(col.name) ? null : readCell(c, col);
    }
    // a sweep.csv row's point and run
    for (const col of SWEEP_LEAD_FORMAT) if (col.name !== 'seed' && has(col.name)) row[col.name] = readCell(c, col);
    const r = row as ReadMetricRow;
    r.wire_bytes_total = r.wire_bytes_up + r.wire_bytes_down;
    r.packets_total = r.packets_up + r.packets_down;
    return r;
  });
}

/** Reads and parses `<dir>/metrics.csv`; throws naming the file if absent. */
export async function readMetrics(dir: string): Promise<ReadMetricRow[]> {
  const { path, text } = await readRunFile(dir, RUN_FILES.metrics);
  return parseMetricsCsv(text, path);
}

/** Parses `summary.json` text; throws naming `source` if malformed. */
export function parseSummary(text: string, source: string = RUN_FILES.summary): SummaryJson {
  return parseJsonText(text, source, SummarySchema);
}

/** Reads and validates `<dir>/summary.json`; throws naming the file if absent or malformed. */
export async function readSummary(dir: string): Promise<SummaryJson> {
  const { path, text } = await readRunFile(dir, RUN_FILES.summary);
  return parseSummary(text, path);
}

/** Parses `links.csv` text. */
export function parseLinksCsv(text: string, source: string = RUN_FILES.links): LinkRow[] {
  return parseCsv(LINKS_FORMAT, text, source);
}

/** Parses `nodes.csv` text. */
export function parseNodesCsv(text: string, source: string = RUN_FILES.nodes): NodeRow[] {
  return parseCsv(NODES_FORMAT, text, source);
}

/** Parses `time.csv` text. */
export function parseTimeCsv(text: string, source: string = RUN_FILES.time): TimeRow[] {
  return parseCsv(TIME_FORMAT, text, source);
}

/** Parses `cat.csv` text (`chosen` stays the 0/1 the run writes). */
export function parseCatCsv(text: string, source: string = RUN_FILES.cat): CatRow[] {
  return parseCsv(CAT_FORMAT, text, source);
}

/** `<dir>/links.csv`, or no rows when the run did not write it. */
export function readLinks(dir: string): Promise<LinkRow[]> {
  return readOptionalRows(dir, RUN_FILES.links, parseLinksCsv);
}

/** `<dir>/nodes.csv`, or no rows when the run did not write it. */
export function readNodes(dir: string): Promise<NodeRow[]> {
  return readOptionalRows(dir, RUN_FILES.nodes, parseNodesCsv);
}

/** `<dir>/time.csv`, or no rows when the run did not write it (runs before it existed). */
export function readTime(dir: string): Promise<TimeRow[]> {
  return readOptionalRows(dir, RUN_FILES.time, parseTimeCsv);
}

/** `<dir>/cat.csv`, or no rows when the run did not write it (no scheme used CAT). */
export function readCat(dir: string): Promise<CatRow[]> {
  return readOptionalRows(dir, RUN_FILES.cat, parseCatCsv);
}

/** `<dir>/scenario.resolved.yaml` parsed, or undefined when absent. */
export async function readResolvedScenario(dir: string): Promise<unknown> {
  const file = await readOptionalFile(dir, RUN_FILES.scenario);
  if (!file) return undefined;
  try {
    return parseYaml(file.text) as unknown;
  } catch (err) {
    throw new ResultFileError(`${file.path}: invalid YAML (${(err as Error).message})`, { cause: err });
  }
}
