import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CAT_FORMAT, LINKS_FORMAT, METRICS_FORMAT, NODES_FORMAT, TIME_FORMAT, csvText, type CatRow, type LinkRow, type MetricRow, type NodeRow, type TimeRow } from '../results/index.js';

// The columns and row types are declared in src/results/, which reports/ reads by too.
export type { CatRow, LinkRow, MetricRow, NodeRow, TimeRow };

/** metrics.csv: one row per scheme and evaluated iteration. */
export function metricsCsv(rows: readonly MetricRow[]): string {
  return csvText(METRICS_FORMAT, rows);
}

let tmpCounter = 0;

/** Write a file atomically: a temporary file in the same folder, then rename, so nothing is half-written. */
export function writeAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${process.pid}-${tmpCounter++}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** links.csv: one row per scheme × link direction that carried traffic. */
export function linksCsv(rows: readonly LinkRow[]): string {
  return csvText(LINKS_FORMAT, rows);
}

/** nodes.csv: one row per scheme × node × energy state. */
export function nodesCsv(rows: readonly NodeRow[]): string {
  return csvText(NODES_FORMAT, rows);
}

/** time.csv: one row per scheme × node × time state. */
export function timeCsv(rows: readonly TimeRow[]): string {
  return csvText(TIME_FORMAT, rows);
}

/** cat.csv: per CAT scheme, direction and recorded iteration, every T the search evaluated, ascending in T. */
export function catCsv(rows: readonly CatRow[]): string {
  return csvText(CAT_FORMAT, rows);
}
