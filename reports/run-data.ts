/**
 * Readers for the result files of a run directory (`metrics.csv`,
 * `summary.json`, `links.csv`, `nodes.csv`, `time.csv`, `cat.csv`, `scenario.resolved.yaml`). The
 * report only ever sees these files, never simulator internals, so a run
 * directory copied to another machine still renders. `trace.ndjson` is read
 * by trace.ts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vega from 'vega';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatBitRate, formatNumber, formatSi } from './format.js';

/** Columns `metrics.csv` must have (the report's oldest format). */
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

/** Columns read when present; an absent column or an empty cell is null ("not measured"). */
export const OPTIONAL_METRIC_COLUMNS = [
  'grad_norm_sq',
  'f_gap',
  'dist_to_opt',
  'budget_mean',
  'budget_min',
  'budget_max',
  'bits_up_per_worker',
  'bits_down_per_worker',
  'alpha_mean',
  'compression_error',
  'downlink_nnz_fraction',
  'rho_hat',
  'one_minus_gamma_up',
  'one_minus_gamma_down',
  'gtopk_delta',
] as const;

type RequiredNumeric = Exclude<(typeof METRIC_COLUMNS)[number], 'scheme' | 'accuracy' | 'loss'>;
type OptionalNumeric = (typeof OPTIONAL_METRIC_COLUMNS)[number];

/**
 * One row of `metrics.csv` (cumulative quantities since the start of the run),
 * plus the derived `wire_bytes_total` (up + down) and `packets_total`.
 * `accuracy` and the optional columns are null where not measured. `loss` may
 * be NaN/±Infinity for a diverged scheme, and is null where not simulated (a
 * workload profile trains nothing: its loss cells are empty); every other
 * number is finite.
 * `point` and `run` are set for rows of a sweep's `sweep.csv`.
 */
export type MetricRow = {
  scheme: string;
  loss: number | null;
  accuracy: number | null;
  wire_bytes_total: number;
  packets_total: number;
  point?: string;
  /** The run's id (metrics.csv since it has the column; a sweep's rows have it as `point`). */
  run_id?: string;
  run?: number;
} & Record<RequiredNumeric, number> &
  Record<OptionalNumeric, number | null>;

// Nullable because JSON has no NaN: a diverged scheme's final loss may be
// written as null, and the report must still render that run.
const finalNumber = z.number().nullable();
const finalSchema = z.object({
  time_s: finalNumber,
  loss: finalNumber,
  accuracy: finalNumber.optional(),
  wire_bytes_up: finalNumber,
  wire_bytes_down: finalNumber,
  energy_total_j: finalNumber,
});

const timeToTargetSchema = z.object({
  target: z.string(),
  iteration: z.number(),
  time_s: z.number(),
  wire_bytes: z.number(),
  /** Absent in runs written before the verdict. */
  packets: z.number().optional(),
  energy_j: z.number(),
});

const toTarget = z.number().nullable();
/** One scheme of the verdict: its cost to the target (null: not reached), its ratios against the baseline (baseline's / its), how far it got. */
const verdictEntrySchema = z.object({
  scheme: z.string(),
  label: z.string().optional(),
  reached: z.boolean(),
  iteration: toTarget,
  time_s: toTarget,
  wire_bytes: toTarget,
  packets: toTarget,
  energy_j: toTarget,
  speedup: toTarget,
  bytes_ratio: toTarget,
  packets_ratio: toTarget,
  energy_ratio: toTarget,
  best_loss: toTarget,
  best_accuracy: toTarget,
});

/** summary.json `verdict` (runs with a target): who reached it first, ranked by time to target, and the answer in one sentence. */
const verdictSchema = z.object({
  target: z.string(),
  /** The baseline scheme's name (the scenario's first). */
  baseline: z.string(),
  winner: z.string().nullable(),
  ranking: z.array(verdictEntrySchema),
  sentence: z.string(),
});

const summarySchema = z.object({
  gradwire: z.string().optional(),
  scenario: z.object({ name: z.string(), description: z.string().optional() }),
  seed: z.number(),
  backend: z.string(),
  model: z
    .object({
      name: z.string(),
      dim: z.number(),
      /** `profile` for a workload profile (nothing trained); absent for a trained model. */
      kind: z.string().optional(),
      /** Where a profile's architecture comes from (a citation). */
      source: z.string().optional(),
      /** Why the loss is absent (`not simulated: …`), for a profile. */
      loss: z.string().optional(),
    })
    .optional(),
  /** Absent without a target, and in runs written before it existed. */
  verdict: verdictSchema.optional(),
  schemes: z.array(
    z.object({
      name: z.string(),
      label: z.string().optional(),
      // completed | stopped | diverged today; any other word is shown as is.
      status: z.string(),
      iterations: z.number(),
      final: finalSchema.nullable(),
      time_to_target: timeToTargetSchema.nullable().optional(),
    }),
  ),
});

/** The part of `summary.json` the report uses; other fields are dropped. */
export type RunSummary = z.infer<typeof summarySchema>;
/** One scheme of {@link RunSummary}. */
export type SchemeSummary = RunSummary['schemes'][number];
/** summary.json's `verdict`. */
export type RunVerdict = z.infer<typeof verdictSchema>;
/** One scheme of {@link RunVerdict}'s ranking. */
export type VerdictEntry = RunVerdict['ranking'][number];

/** One row of `links.csv`: what a scheme put on one link direction. */
export interface LinkRow {
  scheme: string;
  link: string;
  wire_bytes: number;
  packets: number;
  /** Seconds the link spent transmitting. */
  busy_s: number;
  /** busy_s over the scheme's run time, 0…1. */
  utilization: number;
  retransmissions: number;
  drops: number;
}

/** One row of `nodes.csv`: a node's time and energy in one state. */
export interface NodeRow {
  scheme: string;
  node: string;
  role: string;
  state: string;
  seconds: number;
  joules: number;
}

/**
 * One row of `cat.csv`: a T that CAT's search evaluated for the recorded
 * sender of a scheme and direction at one iteration.
 */
export interface CatRow {
  scheme: string;
  /** `uplink` or `downlink`. */
  direction: string;
  /** The sending node (worker/0 or server). */
  sender: string;
  /** The iteration whose message used the chosen T. */
  iteration: number;
  /** The iteration whose search evaluated this curve (earlier than `iteration` when the hybrid reused T). */
  searched_at: number;
  /** sparsification (measure α), sparsification-quantization (β) or stochastic (ω). */
  variant: string;
  /** T, coordinates per message. */
  budget: number;
  /** α(T), β(T) or ω(T). */
  measure: number;
  /** C(T), in `cost_unit`. */
  cost: number;
  /** measure / cost. */
  efficiency: number;
  /** Unit of C: bit, packet, s, J, or 1 (CAT's reference models). */
  cost_unit: string;
  /** Whether this T is the one the search chose. */
  chosen: boolean;
}

/** A result file that is missing or not what gradwire writes: bad input to `gradwire report` (exit 2). */
export class ResultFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ResultFileError';
  }
}

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
async function readOptionalFile(dir: string, name: string): Promise<{ path: string; text: string } | undefined> {
  const path = join(dir, name);
  try {
    return { path, text: await readFile(path, 'utf8') };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function csvHeader(text: string): string[] {
  return (text.split(/\r?\n/, 1)[0] ?? '').split(',').map((h) => h.trim());
}

/** Cell readers of one CSV record; errors name the file, line and column. */
function cells(rec: Record<string, string | undefined>, where: string) {
  const raw = (col: string) => (rec[col] ?? '').trim();
  const fail = (col: string, what: string): never => {
    throw new ResultFileError(`${where}: column ${col} is not ${what}: ${JSON.stringify(rec[col] ?? '')}`);
  };
  return {
    text(col: string): string {
      const v = raw(col);
      return v === '' ? fail(col, 'a non-empty text') : v;
    },
    num(col: string): number {
      const v = raw(col);
      const value = Number(v);
      return v !== '' && Number.isFinite(value) ? value : fail(col, 'a number');
    },
    optionalNum(col: string): number | null {
      if (raw(col) === '') return null;
      const value = Number(raw(col));
      return Number.isFinite(value) || /^[+-]?(NaN|Infinity)$/.test(raw(col)) ? value : fail(col, 'a number');
    },
  };
}

/** Tokenises CSV with vega's reader (d3-dsv: handles quoting), every cell kept as text. */
function readCsvRecords(text: string): Record<string, string | undefined>[] {
  // `parse` maps every column to string so no type inference turns an all-digit scheme name into a number.
  const header = csvHeader(text);
  const parse = Object.fromEntries(header.map((h) => [h, 'string']));
  return vega.read(text, { type: 'csv', parse }) as Record<string, string | undefined>[];
}

/** Each data row of a CSV text, through `row` with its cells (errors name `source` and the line, the header being line 1, as in an editor). */
function csvRows<T>(text: string, source: string, row: (c: ReturnType<typeof cells>) => T): T[] {
  return readCsvRecords(text).map((rec, i) => row(cells(rec, `${source} line ${i + 2}`)));
}

/** Rows of an optional CSV result file: none when the run did not write it. */
async function readOptionalRows<T>(dir: string, name: string, parse: (text: string, source: string) => T[]): Promise<T[]> {
  const file = await readOptionalFile(dir, name);
  return file ? parse(file.text, file.path) : [];
}

/**
 * Parses the text of `metrics.csv` (or of a sweep's `sweep.csv`, whose extra
 * leading columns are ignored except `point` and `run`). Typing is done here
 * rather than with `parse: 'auto'`, because type inference would turn an
 * all-digit scheme name into a number and would silently accept a garbled
 * cell as NaN.
 * @param source used in error messages only.
 */
export function parseMetricsCsv(text: string, source = 'metrics.csv'): MetricRow[] {
  const header = csvHeader(text);
  const missing = METRIC_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new ResultFileError(`${source}: header lacks column(s) ${missing.join(', ')}`);
  }
  const hasPoint = header.includes('point');
  const hasRunId = header.includes('run_id');
  const hasRun = header.includes('run');
  return csvRows(text, source, (c) => {
    const row = { scheme: c.text('scheme') } as MetricRow;
    for (const col of METRIC_COLUMNS) {
      if (col !== 'scheme' && col !== 'accuracy' && col !== 'loss') row[col] = c.num(col);
    }
    // The column stays required (it is the report's oldest format), but a profile run leaves its cells empty.
    row.loss = c.optionalNum('loss');
    row.accuracy = c.optionalNum('accuracy');
    for (const col of OPTIONAL_METRIC_COLUMNS) row[col] = c.optionalNum(col);
    row.wire_bytes_total = row.wire_bytes_up + row.wire_bytes_down;
    row.packets_total = row.packets_up + row.packets_down;
    if (hasPoint) row.point = c.text('point');
    if (hasRunId) row.run_id = c.text('run_id');
    if (hasRun) row.run = c.num('run');
    return row;
  });
}

/** Reads and parses `<dir>/metrics.csv`; throws naming the file if absent. */
export async function readMetrics(dir: string): Promise<MetricRow[]> {
  const { path, text } = await readRunFile(dir, 'metrics.csv');
  return parseMetricsCsv(text, path);
}

/** Parses `summary.json` text; throws naming `source` if malformed. */
export function parseSummary(text: string, source = 'summary.json'): RunSummary {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ResultFileError(`${source}: invalid JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = summarySchema.safeParse(json);
  if (!parsed.success) {
    throw new ResultFileError(`${source}: unexpected shape\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** Reads and validates `<dir>/summary.json`; throws naming the file if absent or malformed. */
export async function readSummary(dir: string): Promise<RunSummary> {
  const { path, text } = await readRunFile(dir, 'summary.json');
  return parseSummary(text, path);
}

/** Parses `links.csv` text. */
export function parseLinksCsv(text: string, source = 'links.csv'): LinkRow[] {
  return csvRows(text, source, (c) => ({
    scheme: c.text('scheme'),
    link: c.text('link'),
    wire_bytes: c.num('wire_bytes'),
    packets: c.num('packets'),
    busy_s: c.num('busy_s'),
    utilization: c.num('utilization'),
    retransmissions: c.num('retransmissions'),
    drops: c.num('drops'),
  }));
}

/** One row of `time.csv`: the seconds a node spent in one state (overlap, compute, transmit, receive, waiting, idle), each instant counted once. */
export interface TimeRow {
  scheme: string;
  node: string;
  role: string;
  state: string;
  seconds: number;
}

/** Parses `nodes.csv` text. */
export function parseNodesCsv(text: string, source = 'nodes.csv'): NodeRow[] {
  return csvRows(text, source, (c) => ({
    scheme: c.text('scheme'), node: c.text('node'), role: c.text('role'), state: c.text('state'), seconds: c.num('seconds'), joules: c.num('joules'),
  }));
}

/** `<dir>/links.csv`, or no rows when the run did not write it. */
export function readLinks(dir: string): Promise<LinkRow[]> {
  return readOptionalRows(dir, 'links.csv', parseLinksCsv);
}

/** `<dir>/nodes.csv`, or no rows when the run did not write it. */
export function readNodes(dir: string): Promise<NodeRow[]> {
  return readOptionalRows(dir, 'nodes.csv', parseNodesCsv);
}

/** Parses `time.csv` text. */
export function parseTimeCsv(text: string, source = 'time.csv'): TimeRow[] {
  return csvRows(text, source, (c) => ({ scheme: c.text('scheme'), node: c.text('node'), role: c.text('role'), state: c.text('state'), seconds: c.num('seconds') }));
}

/** `<dir>/time.csv`, or no rows when the run did not write it (runs before it existed). */
export function readTime(dir: string): Promise<TimeRow[]> {
  return readOptionalRows(dir, 'time.csv', parseTimeCsv);
}

/** Parses `cat.csv` text. */
export function parseCatCsv(text: string, source = 'cat.csv'): CatRow[] {
  return csvRows(text, source, (c) => ({
    scheme: c.text('scheme'),
    direction: c.text('direction'),
    sender: c.text('sender'),
    iteration: c.num('iteration'),
    searched_at: c.num('searched_at'),
    variant: c.text('variant'),
    budget: c.num('budget'),
    measure: c.num('measure'),
    cost: c.num('cost'),
    efficiency: c.num('efficiency'),
    cost_unit: c.text('cost_unit'),
    chosen: c.num('chosen') === 1,
  }));
}

/** `<dir>/cat.csv`, or no rows when the run did not write it (no scheme used CAT). */
export function readCat(dir: string): Promise<CatRow[]> {
  return readOptionalRows(dir, 'cat.csv', parseCatCsv);
}

/** `<dir>/scenario.resolved.yaml` parsed, or undefined when absent. */
export async function readResolvedScenario(dir: string): Promise<unknown> {
  const file = await readOptionalFile(dir, 'scenario.resolved.yaml');
  if (!file) return undefined;
  try {
    return parseYaml(file.text) as unknown;
  } catch (err) {
    throw new ResultFileError(`${file.path}: invalid YAML (${(err as Error).message})`, { cause: err });
  }
}

/** One line of the report header: a parameter and its value, as text. */
export interface KeyParameter {
  label: string;
  value: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** `ethernet-1g-udp (1 Gb/s, 500 ns)` from a resolved link (preset plus resolved fields). */
function describeLink(link: unknown): string | undefined {
  const l = obj(link);
  const preset = str(l?.preset);
  if (preset === undefined) return undefined;
  const set = obj(l?.set);
  const bw = num(set?.bandwidthBps);
  const lat = num(set?.latencyS);
  const details = [bw !== undefined ? formatBitRate(bw) : undefined, lat !== undefined ? `latency ${formatSi(lat, 's')}` : undefined].filter(Boolean);
  return details.length > 0 ? `${preset} (${details.join(', ')})` : preset;
}

function describeLearningRate(lr: unknown): string | undefined {
  if (typeof lr === 'number') return formatNumber(lr);
  const o = obj(lr);
  if (!o) return undefined;
  const kind = str(o.kind) ?? '?';
  const rest = Object.entries(o)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) => `${k} ${typeof v === 'number' ? formatNumber(v) : JSON.stringify(v)}`);
  return rest.length > 0 ? `${kind} (${rest.join(', ')})` : kind;
}

/**
 * The parameters a reader needs to place a run (workers, model, topology, link
 * presets, training), from a parsed `scenario.resolved.yaml`. Fields that are
 * absent or of an unexpected type are left out, so an older or newer file
 * still gives a header.
 */
export function keyParameters(scenario: unknown, modelDim?: number): KeyParameter[] {
  const s = obj(scenario);
  if (!s) return [];
  const out: KeyParameter[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') out.push({ label, value });
  };
  const workers = obj(s.workers);
  if (workers) {
    const count = str(workers.count);
    const device = str(workers.device);
    const batch = str(workers.batchSize);
    const who = [count, device].filter(Boolean).join(' × ');
    add('Workers', [who, batch ? `batch ${batch}` : undefined].filter(Boolean).join(', '));
  }
  const model = obj(s.model);
  const profile = str(model?.kind) === 'profile';
  if (model) {
    // a profile is known by its name (resnet50, gpt2-small), or by its file when it is the user's own
    const kind = profile ? ['profile', str(model.name) ?? str(model.file)].filter(Boolean).join(' ') : str(model.kind);
    const dim = modelDim ?? num(model.features);
    add('Model', kind === undefined ? undefined : dim !== undefined ? `${kind} (d = ${dim})` : kind);
  }
  const network = obj(s.network);
  if (network) {
    const fidelity = str(network.fidelity);
    add('Topology', str(network.topology) && `${str(network.topology)}${fidelity ? ` (fidelity ${fidelity})` : ''}`);
    const groups = Array.isArray(network.workerGroups) ? network.workerGroups : undefined;
    if (groups && groups.length > 0) {
      add('Worker links', groups.map((g) => `${str(obj(g)?.count) ?? '?'} × ${describeLink(g) ?? '?'}`).join('; '));
    } else {
      add('Worker link', describeLink(network.workerLink));
    }
    add('Server link', describeLink(network.serverLink));
  }
  const training = obj(s.training);
  if (training) {
    add('Iterations', str(training.iterations));
    // a profile trains nothing, so its step size changes nothing the report shows
    if (!profile) add('Learning rate', describeLearningRate(training.learningRate));
    const stop = obj(training.stop);
    const rules = [
      num(stop?.targetLoss) !== undefined ? `loss ≤ ${formatNumber(num(stop?.targetLoss)!)}` : undefined,
      num(stop?.targetAccuracy) !== undefined ? `accuracy ≥ ${formatNumber(num(stop?.targetAccuracy)!)}` : undefined,
      num(stop?.maxTimeS) !== undefined ? `time ≥ ${formatSi(num(stop?.maxTimeS)!, 's')}` : undefined,
      num(stop?.maxEnergyJ) !== undefined ? `energy ≥ ${formatSi(num(stop?.maxEnergyJ)!, 'J')}` : undefined,
    ].filter(Boolean);
    add('Stop at', rules.join(', '));
  }
  return out;
}
