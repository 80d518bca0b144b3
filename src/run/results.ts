import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One row of metrics.csv: a scheme's state at the end of an iteration (all cumulative). */
export interface MetricRow {
  /** The run's id (`runId`: a hash of the resolved scenario and run index; a sweep's point id). */
  run_id: string;
  scheme: string;
  iteration: number;
  time_s: number;
  /** Training objective; null for a workload profile (nothing trained). */
  loss: number | null;
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
  /** ‖∇F(w)‖² over the whole training set (models that offer it cheaply), else null. */
  grad_norm_sq: number | null;
  /** F(w) − F* where the optimum is known, else null. */
  f_gap: number | null;
  /** ‖w − w*‖ where the optimum is known, else null. */
  dist_to_opt: number | null;
  /** Mean, fewest and most coordinates per worker message this iteration (workers' budgets differ under CAT or Alistarh's rule). */
  budget_mean: number;
  budget_min: number;
  budget_max: number;
  /** Mean payload bits each worker sent / received this iteration. */
  bits_up_per_worker: number;
  bits_down_per_worker: number;
  /** Mean CAT α(T) = ‖Q(v)‖²/‖v‖² over workers this iteration. */
  alpha_mean: number;
  /** Mean compression error ‖v − Q(v)‖²/‖v‖² over workers this iteration (gTop-k: what of v missed the global top-k). */
  compression_error: number;
  /** Non-zeros of the aggregated update over d (thesis §6.5). */
  downlink_nnz_fraction: number;
  /** Thesis §6.6 ρ̂ (max since the previous row), with output.diagnostics on a parameter server. */
  rho_hat: number | null;
  /** Thesis §6.6 1 − γ̂ of the uplink and of the downlink compressor (max since the previous row). */
  one_minus_gamma_up: number | null;
  one_minus_gamma_down: number | null;
  /** gTop-k §5.2 δ: gTop-k's error over Rand-k's (max since the previous row), with output.diagnostics. */
  gtopk_delta: number | null;
}

/** The columns of metrics.csv, in order (the reports/ reader expects exactly these). */
export const METRIC_COLUMNS: readonly (keyof MetricRow)[] = [
  'run_id', 'scheme', 'iteration', 'time_s', 'loss', 'accuracy', 'payload_bytes_up', 'payload_bytes_down',
  'wire_bytes_up', 'wire_bytes_down', 'packets_up', 'packets_down', 'energy_worker_j', 'energy_server_j',
  'energy_total_j', 'grad_norm_sq', 'f_gap', 'dist_to_opt', 'budget_mean', 'budget_min', 'budget_max', 'bits_up_per_worker', 'bits_down_per_worker',
  'alpha_mean', 'compression_error', 'downlink_nnz_fraction', 'rho_hat', 'one_minus_gamma_up', 'one_minus_gamma_down', 'gtopk_delta',
];

/** Serialise rows as CSV. Numbers print with JS's shortest round-trip form, so output is byte-stable. */
export function metricsCsv(rows: readonly MetricRow[]): string {
  const lines = [METRIC_COLUMNS.join(',')];
  for (const row of rows) lines.push(METRIC_COLUMNS.map((c) => (row[c] === null ? '' : String(row[c]))).join(','));
  return `${lines.join('\n')}\n`;
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

/** One row of links.csv: what a scheme put on one link direction. */
export interface LinkRow {
  scheme: string;
  link: string;
  wire_bytes: number;
  packets: number;
  busy_s: number;
  utilization: number;
  retransmissions: number;
  drops: number;
}

/** One row of nodes.csv: a node's time and energy in one state. */
export interface NodeRow {
  scheme: string;
  node: string;
  role: string;
  state: string;
  seconds: number;
  joules: number;
}

/**
 * One row of time.csv: the seconds a node spent in one state, each instant
 * counted once in the highest of compute, transmit, receive, waiting (a
 * message of its own in the network) and idle; a node's rows sum to the
 * scheme's run time.
 */
export interface TimeRow {
  scheme: string;
  node: string;
  role: string;
  state: string;
  seconds: number;
}

function csv<T extends object>(columns: readonly (keyof T)[], rows: readonly T[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => String(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}

/** links.csv: one row per scheme × link direction that carried traffic. */
export function linksCsv(rows: readonly LinkRow[]): string {
  return csv<LinkRow>(['scheme', 'link', 'wire_bytes', 'packets', 'busy_s', 'utilization', 'retransmissions', 'drops'], rows);
}

/** nodes.csv: one row per scheme × node × energy state. */
export function nodesCsv(rows: readonly NodeRow[]): string {
  return csv<NodeRow>(['scheme', 'node', 'role', 'state', 'seconds', 'joules'], rows);
}

/** time.csv: one row per scheme × node × time state. */
export function timeCsv(rows: readonly TimeRow[]): string {
  return csv<TimeRow>(['scheme', 'node', 'role', 'state', 'seconds'], rows);
}

/**
 * One row of cat.csv: one T that a CAT search evaluated, for the sender whose
 * curve is recorded (worker 0 on the uplink, the server on the downlink) at
 * one of `output.catCurveIterations`.
 */
export interface CatRow {
  scheme: string;
  /** `uplink` or `downlink`. */
  direction: string;
  /** The sending node (worker/0 or server). */
  sender: string;
  /** The iteration (as in metrics.csv) whose message used the chosen T. */
  iteration: number;
  /** The iteration whose search evaluated this curve: `iteration`, or earlier when the hybrid (hybridEvery) reused its T. */
  searched_at: number;
  /** sparsification (measure α), sparsification-quantization (β) or stochastic (ω). */
  variant: string;
  /** T, coordinates per message. */
  budget: number;
  /** α(T), β(T) or ω(T) as the search computed it. */
  measure: number;
  /** C(T), in `cost_unit`. */
  cost: number;
  /** measure / cost, what the search maximised. */
  efficiency: number;
  /** Unit of C: bit, packet, s, J, or 1 for CAT's affine and packet reference models. */
  cost_unit: string;
  /** 1 for the T the search chose, else 0. */
  chosen: number;
}

/** The columns of cat.csv, in order. */
export const CAT_COLUMNS: readonly (keyof CatRow)[] = [
  'scheme', 'direction', 'sender', 'iteration', 'searched_at', 'variant', 'budget', 'measure', 'cost', 'efficiency', 'cost_unit', 'chosen',
];

/** cat.csv: per CAT scheme, direction and recorded iteration, every T the search evaluated, ascending in T. */
export function catCsv(rows: readonly CatRow[]): string {
  return csv<CatRow>(CAT_COLUMNS, rows);
}
