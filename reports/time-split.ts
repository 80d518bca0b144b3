/**
 * Seconds per iteration split into compute and communication, from the
 * result files only: a scheme's final `time_s` over its iterations
 * (metrics.csv) is the iteration time; the workers' compute and overlap
 * seconds (time.csv) say how much of it they computed. What is left is
 * communication nobody hid behind compute (with a parameter server, its own
 * compute too: the workers wait for it the same way); the overlap seconds
 * are communication that layer-wise buckets did hide.
 *
 *   iteration = time_s / iterations
 *   compute   = mean over workers of (compute + overlap) / iterations
 *   exposed   = max(0, iteration − compute)
 *   hidden    = mean over workers of overlap / iterations
 */
import type { TimeRow } from '../src/results/index.js';
import type { ReadMetricRow } from './run-data.js';
import { groupBy, mean, schemeColumns, type Row } from './rows.js';

/** A scheme's worker time from time.csv, summed over its workers. */
export interface WorkerTime {
  /** Nodes with role `worker`. */
  workers: number;
  /** Seconds computing with none of the node's own data in the network, summed over workers. */
  compute_s: number;
  /** Seconds computing while the node's own data was on the wire or in the network, summed over workers. */
  overlap_s: number;
}

/** One scheme's iteration, in seconds. */
export interface IterationSplit {
  iterations: number;
  /** Final time_s / iterations. */
  iteration_s: number;
  /** Mean worker (compute + overlap) per iteration; null without time.csv. */
  compute_s: number | null;
  /** Mean worker overlap per iteration: communication hidden behind compute; null without time.csv. */
  hidden_s: number | null;
  /** iteration − compute, at least 0: communication the iteration waited for; null without time.csv. */
  exposed_s: number | null;
}

/** Worker time per scheme (time.csv rows of role `worker`); schemes without workers are absent. */
export function workerTimes(time: readonly TimeRow[]): Map<string, WorkerTime> {
  const out = new Map<string, WorkerTime>();
  for (const [scheme, rows] of groupBy(
    time.filter((r) => r.role === 'worker'),
    (r) => r.scheme,
  )) {
    const sum = (state: string) => rows.filter((r) => r.state === state).reduce((a, r) => a + r.seconds, 0);
    out.set(scheme, { workers: new Set(rows.map((r) => r.node)).size, compute_s: sum('compute'), overlap_s: sum('overlap') });
  }
  return out;
}

/** The split of a scheme's final metrics row; null before its first iteration. */
export function iterationSplit(final: Pick<ReadMetricRow, 'time_s' | 'iteration'>, worker: WorkerTime | undefined): IterationSplit | null {
  if (final.iteration < 1) return null;
  const n = final.iteration;
  const iteration_s = final.time_s / n;
  if (worker === undefined || worker.workers === 0) return { iterations: n, iteration_s, compute_s: null, hidden_s: null, exposed_s: null };
  const compute_s = (worker.compute_s + worker.overlap_s) / worker.workers / n;
  return { iterations: n, iteration_s, compute_s, hidden_s: worker.overlap_s / worker.workers / n, exposed_s: Math.max(0, iteration_s - compute_s) };
}

/** Last metrics row of each scheme (of one run). */
export function finalRows(metrics: readonly ReadMetricRow[]): Map<string, ReadMetricRow> {
  const out = new Map<string, ReadMetricRow>();
  for (const r of metrics) {
    const prev = out.get(r.scheme);
    if (!prev || r.iteration >= prev.iteration) out.set(r.scheme, r);
  }
  return out;
}

/** The split of every scheme of a run that has time.csv rows (without them, compute cannot be told from communication). */
export function runSplits(metrics: readonly ReadMetricRow[], time: readonly TimeRow[]): Map<string, IterationSplit> {
  const workers = workerTimes(time);
  const out = new Map<string, IterationSplit>();
  for (const [scheme, final] of finalRows(metrics)) {
    const split = workers.has(scheme) ? iterationSplit(final, workers.get(scheme)) : null;
    if (split) out.set(scheme, split);
  }
  return out;
}

/** The parts of the iteration-time bar, in stacking order (the colours of time-by-node: compute, overlap, transmit). */
export const ITERATION_PARTS = ['compute', 'overlap (hidden communication)', 'exposed communication'] as const;

/**
 * The `iteration_time` dataset: per scheme, the three parts of its iteration
 * ({@link ITERATION_PARTS}) in `unit` per iteration (`seconds`, stacked), and
 * the whole split on every row for the tooltip and the bar's end label.
 */
export function iterationTimeRows(splits: Map<string, IterationSplit>, display: Map<string, string>, unit: { unit: string; perSecond: number }): Row[] {
  const schemeCols = schemeColumns(display);
  const out: Row[] = [];
  for (const [scheme, s] of splits) {
    if (s.compute_s === null || s.hidden_s === null || s.exposed_s === null) continue;
    const u = (v: number) => v * unit.perSecond;
    const parts = [s.compute_s - s.hidden_s, s.hidden_s, s.exposed_s];
    const common = {
      ...schemeCols(scheme),
      iteration: u(s.iteration_s),
      compute: u(s.compute_s),
      hidden: u(s.hidden_s),
      exposed: u(s.exposed_s),
      communication: u(s.hidden_s + s.exposed_s),
      iterations: s.iterations,
      // the bar's stacked end (compute + exposed), where its label goes; ≥ the iteration when rounding made compute exceed it
      bar_end: u(s.compute_s + s.exposed_s),
      total_text: `${formatUnit(u(s.iteration_s))} ${unit.unit}`,
    };
    ITERATION_PARTS.forEach((part, k) => out.push({ ...common, part, part_order: k, seconds: u(Math.max(0, parts[k]!)) }));
  }
  return out;
}

/** A number in the chart's unit, 3 significant digits. */
function formatUnit(v: number): string {
  return String(Number(v.toPrecision(3)));
}

/** The split of one scheme at one sweep point. */
export interface PointSplit {
  point: string;
  scheme: string;
  split: IterationSplit;
}

/**
 * The split of every scheme at every sweep point that has sweep.csv rows
 * (`finals`: its last row per point and scheme) and, for compute, the point's
 * runs/<id>/time.csv (`times`; a point without it still gets its iteration time).
 */
export function pointSplits(finals: Map<string, Map<string, ReadMetricRow>>, times: Map<string, Map<string, WorkerTime>>): PointSplit[] {
  const out: PointSplit[] = [];
  for (const [point, schemes] of finals) {
    for (const [scheme, final] of schemes) {
      const split = iterationSplit(final, times.get(point)?.get(scheme));
      if (split) out.push({ point, scheme, split });
    }
  }
  return out;
}

/** Where a sweep point goes in the sweep iteration-time chart. */
export interface SweepPlace {
  /** Workers (the x axis). */
  workers: number;
  /** The point's values of the other swept parameters: its panel. */
  facet: string;
  facet_order: number;
  /** Identity of its parameter combination: runs of one combination are averaged. */
  combo: string;
}

/** The lines of the sweep iteration-time chart, in drawing order. */
export const SWEEP_TIME_MEASURES = ['time per iteration', 'exposed communication'] as const;

/**
 * The `sweep_iteration_time` dataset: per parameter combination and scheme,
 * the mean over its runs of the time per iteration and of the exposed
 * communication (`measure`, `seconds` in `unit`), against the workers; the
 * other parts of the split for the tooltip. Points `placeOf` does not place
 * (workers.count not swept, or not a number) are left out.
 */
export function sweepIterationTimeRows(
  splits: readonly PointSplit[],
  placeOf: (point: string) => SweepPlace | undefined,
  display: Map<string, string>,
  unit: { unit: string; perSecond: number },
): Row[] {
  const schemeCols = schemeColumns(display);
  const placed = splits.flatMap((s) => {
    const place = placeOf(s.point);
    return place ? [{ ...s, place }] : [];
  });
  const out: Row[] = [];
  for (const [, group] of groupBy(placed, (s) => `${s.place.combo}\u0000${s.scheme}`)) {
    const { place, scheme } = group[0]!;
    const avg = (f: (s: IterationSplit) => number | null) => {
      const xs = group.map((g) => f(g.split)).filter((v): v is number => v !== null);
      const m = mean(xs);
      return m === null ? null : m * unit.perSecond;
    };
    const common = {
      ...schemeCols(scheme),
      workers: place.workers,
      facet: place.facet,
      facet_order: place.facet_order,
      iteration: avg((s) => s.iteration_s),
      compute: avg((s) => s.compute_s),
      hidden: avg((s) => s.hidden_s),
      exposed: avg((s) => s.exposed_s),
      runs: group.length,
    };
    const values = [common.iteration, common.exposed];
    SWEEP_TIME_MEASURES.forEach((measure, k) => {
      if (values[k] !== null) out.push({ ...common, measure, measure_order: k, seconds: values[k]! });
    });
  }
  return out.sort(
    (a, b) =>
      (a.facet_order as number) - (b.facet_order as number) ||
      (a.scheme_order as number) - (b.scheme_order as number) ||
      (a.workers as number) - (b.workers as number) ||
      (a.measure_order as number) - (b.measure_order as number),
  );
}
