import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One row of metrics.csv: a scheme's state at the end of an iteration (all cumulative). */
export interface MetricRow {
  scheme: string;
  iteration: number;
  time_s: number;
  loss: number;
  accuracy: number | null;
  payload_bytes_up: number;
  payload_bytes_down: number;
  wire_bytes_up: number;
  wire_bytes_down: number;
  packets_up: number;
  packets_down: number;
  energy_worker_j: number;
  energy_server_j: number;
  energy_total_j: number;
}

/** The columns of metrics.csv, in order (the reports/ reader expects exactly these). */
export const METRIC_COLUMNS: readonly (keyof MetricRow)[] = [
  'scheme', 'iteration', 'time_s', 'loss', 'accuracy', 'payload_bytes_up', 'payload_bytes_down',
  'wire_bytes_up', 'wire_bytes_down', 'packets_up', 'packets_down', 'energy_worker_j', 'energy_server_j',
  'energy_total_j',
];

/** Serialise rows as CSV. Numbers print with JS's shortest round-trip form, so output is byte-stable. */
export function metricsCsv(rows: readonly MetricRow[]): string {
  const lines = [METRIC_COLUMNS.join(',')];
  for (const row of rows) lines.push(METRIC_COLUMNS.map((c) => (row[c] === null ? '' : String(row[c]))).join(','));
  return `${lines.join('\n')}\n`;
}

let tmpCounter = 0;

/** Write a file atomically: a temporary file in the same folder, then rename, so nothing is half-written. */
export function writeAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${process.pid}-${tmpCounter++}.tmp`);
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
