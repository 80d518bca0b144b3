/**
 * From result files to what the charts and the page show: named datasets
 * (rows of plain values that the spec templates refer to as
 * `"data": {"name": …}`), text tokens for the templates (`{{name}}`), and the
 * page header. One function per kind of directory: {@link runReportData} and
 * {@link sweepReportData}; both give the same dataset shapes where they
 * overlap (a run is a sweep of one point), so one template serves both.
 */
import { formatBytes, formatNumber, formatSi, formatValue } from './format.js';
import {
  allInOrder, keyParameters, readCat, readLinks, readMetrics, readNodes, readResolvedScenario, readSummary, readTime,
  type CatRow, type KeyParameter, type LinkRow, type MetricRow, type NodeRow, type RunSummary, type TimeRow,
} from './run-data.js';
import { compressionRows } from './compression.js';
import { diagnosticsRows } from './diagnostics.js';
import { profileNote, type PageNote } from './profile.js';
import { displayNames, finite, groupBy, mean, schemeColumns, spread, thin, timeUnit, type Datasets, type Row } from './rows.js';
import { readSweep, type SweepData, type SweepManifest, type SweepPoint } from './sweep-data.js';
import { winnerRows, type CellPlace } from './sweep-winner.js';
import { finalRows, iterationTimeRows, pointSplits, runSplits, sweepIterationTimeRows, type SweepPlace } from './time-split.js';
import { wantsLog } from './specs.js';
import { readIterationTimeline, type IterationTimeline } from './trace.js';

export type { Datasets, Row, Value } from './rows.js';
export { MAX_POINTS_PER_SERIES } from './rows.js';

/** Horizontal distance between the schemes' points at one x value of the sweep outcome chart, px. */
const DODGE_PX = 8;

/** Everything the page and the charts of one report are made from. */
export interface ReportData {
  kind: 'run' | 'sweep';
  title: string;
  description: string;
  /** Provenance line: gradwire version, seed, backend (run) or points (sweep). */
  facts: KeyParameter[];
  /** Key scenario parameters from scenario.resolved.yaml. */
  parameters: KeyParameter[];
  /** Swept parameters and their values (sweep only). */
  swept: KeyParameter[];
  /** Scheme display names in report order: the colour domain of every chart. */
  schemes: string[];
  /** The run's summary (run only), for the summary table. */
  summary?: RunSummary;
  /** The sweep's manifest (sweep only), for the table of points. */
  manifest?: SweepManifest;
  /** Wire bytes per iteration by scheme name (run only). */
  bytesPerIteration: Map<string, number | null>;
  /** The scenario sets a target (or some scheme reached one): time to target is reported, "not reached" included. */
  hasTarget: boolean;
  /** Shown near the top of the page: why there is no loss, when the runs are workload profiles. */
  notice?: PageNote;
  datasets: Datasets;
  tokens: Record<string, string>;
}

/** Options of {@link runReportData}. */
export interface RunDataOptions {
  /** Iteration shown by the timeline (default: the middle one). */
  timelineIteration?: number;
}

// ---------------------------------------------------------------- helpers

const collator = new Intl.Collator('en', { numeric: true });

/** Rank of a node in charts: workers (by number), other nodes, then the server. */
function nodeRank(node: string, role: string | undefined): number {
  const r = role ?? (node.startsWith('worker') ? 'worker' : node === 'server' ? 'server' : 'other');
  return r === 'worker' ? 0 : r === 'server' ? 2 : 1;
}

/** node → position (0 = top) for the per-node charts. */
function nodeOrder(nodes: Iterable<{ node: string; role?: string | undefined }>): Map<string, number> {
  const roles = new Map<string, string | undefined>();
  for (const n of nodes) if (!roles.has(n.node)) roles.set(n.node, n.role);
  const sorted = [...roles].sort(([a, ra], [b, rb]) => nodeRank(a, ra) - nodeRank(b, rb) || collator.compare(a, b));
  return new Map(sorted.map(([n], i) => [n, i]));
}

/** Energy states as shown, in stacking order; others keep their name and go last. */
const STATES: Record<string, string> = {
  compute: 'compute',
  tx: 'transmit',
  rx: 'receive',
  listen: 'listen',
  promotion: 'promotion',
  tail: 'tail',
  idle: 'idle',
  sleep: 'sleep',
};
const STATE_KEYS = Object.keys(STATES);
/** Time states (time.csv), in stacking order. */
const TIME_STATE_KEYS = ['overlap', 'compute', 'transmit', 'receive', 'waiting', 'idle'];

// ------------------------------------------------------------ convergence

interface SeriesKey {
  group: string;
  /** The group's position in sweep order (panels are sorted by it). */
  group_order: number;
  scheme: string;
}

/**
 * The `convergence` dataset: per group (sweep point parameters; "" for a run),
 * scheme and iteration, the mean over runs of every plotted quantity, and for
 * loss and accuracy the min–max over runs (`*_lo`, `*_hi`; null with one run).
 */
function convergenceRows(metrics: readonly MetricRow[], seriesOf: (r: MetricRow) => SeriesKey, display: Map<string, string>): Row[] {
  const schemeCols = schemeColumns(display);
  const bySeries = groupBy(metrics, (r) => JSON.stringify(seriesOf(r)));
  const out: Row[] = [];
  for (const [key, rows] of bySeries) {
    const { group, group_order, scheme } = JSON.parse(key) as SeriesKey;
    const byIteration = [...groupBy(rows, (r) => String(r.iteration))].map(([, rs]) => rs).sort((a, b) => a[0]!.iteration - b[0]!.iteration);
    const series = byIteration.map((rs): Row => {
      const stat = (f: (r: MetricRow) => number | null | undefined) => spread(rs, f);
      const loss = stat((r) => r.loss);
      const acc = stat((r) => r.accuracy);
      return {
        ...schemeCols(scheme),
        group,
        group_order,
        iteration: rs[0]!.iteration,
        time_s: stat((r) => r.time_s).mean,
        wire_bytes_total: stat((r) => r.wire_bytes_total).mean,
        packets_total: stat((r) => r.packets_total).mean,
        energy_total_j: stat((r) => r.energy_total_j).mean,
        loss: loss.mean,
        loss_lo: loss.lo,
        loss_hi: loss.hi,
        accuracy: acc.mean,
        accuracy_lo: acc.lo,
        accuracy_hi: acc.hi,
        runs: rs.length,
      };
    });
    out.push(...thin(series));
  }
  return out;
}

/**
 * The `optimality` dataset: F − F* and ‖w − w*‖ per iteration, for models whose
 * optimum is known (the papers' convergence figures plot these); non-positive
 * values (rounding at the optimum) are left out of the log axis.
 */
function optimalityRows(metrics: readonly MetricRow[], display: Map<string, string>): Row[] {
  const schemeCols = schemeColumns(display);
  const out: Row[] = [];
  for (const [scheme, rows] of groupBy(metrics, (r) => r.scheme)) {
    const measured = rows.filter((r) => (finite(r.f_gap) && (r.f_gap as number) > 0) || (finite(r.dist_to_opt) && (r.dist_to_opt as number) > 0));
    out.push(
      ...thin(measured).map((r) => ({
        ...schemeCols(scheme),
        iteration: r.iteration,
        f_gap: finite(r.f_gap) && (r.f_gap as number) > 0 ? r.f_gap : null,
        dist_to_opt: finite(r.dist_to_opt) && (r.dist_to_opt as number) > 0 ? r.dist_to_opt : null,
      })),
    );
  }
  return out;
}

/** The `budget` dataset: the workers' mean, fewest and most coordinates per iteration, for the schemes whose budget varies (iteration 0 has none). */
function budgetRows(metrics: readonly MetricRow[], display: Map<string, string>): Row[] {
  const schemeCols = schemeColumns(display);
  const out: Row[] = [];
  for (const [scheme, rows] of groupBy(metrics, (r) => r.scheme)) {
    const measured = rows.filter((r) => r.iteration >= 1 && finite(r.budget_mean));
    const values = measured.map((r) => r.budget_mean as number);
    if (values.length < 2 || Math.min(...values) === Math.max(...values)) continue;
    out.push(
      ...thin(measured).map((r) => ({
        ...schemeCols(scheme),
        iteration: r.iteration,
        budget_mean: r.budget_mean,
        // files written before budget_min/max existed: the band collapses onto the mean
        budget_min: r.budget_min ?? r.budget_mean,
        budget_max: r.budget_max ?? r.budget_mean,
        bits_up_per_worker: r.bits_up_per_worker,
      })),
    );
  }
  return out;
}

/** CAT's measure for each variant: α (eq. 8), β (eq. 9), ω (§5). */
const CAT_MEASURES: Record<string, string> = { sparsification: 'α', 'sparsification-quantization': 'β', stochastic: 'ω' };
const catMeasure = (variant: string) => CAT_MEASURES[variant] ?? 'measure';
/** A cost unit of cat.csv in words, singular (`per …`) and plural (`in …`). */
const COST_UNIT_WORDS: Record<string, [string, string]> = { '1': ['cost unit', 'cost units'], bit: ['bit', 'bits'], packet: ['packet', 'packets'] };
const costUnitText = (unit: string, plural = false) => COST_UNIT_WORDS[unit]?.[plural ? 1 : 0] ?? unit;

/**
 * The `cat_curve` dataset: per scheme, direction and recorded iteration, each
 * T CAT's search evaluated (cat.csv) with its measure, cost and efficiency,
 * `chosen` marking the T it picked; one panel per scheme and direction. A
 * series longer than {@link MAX_POINTS_PER_SERIES} is thinned, its chosen T kept.
 */
function catCurveRows(cat: readonly CatRow[], display: Map<string, string>): Row[] {
  const schemeCols = schemeColumns(display);
  const out: Row[] = [];
  for (const [, rows] of groupBy(cat, (r) => JSON.stringify([r.scheme, r.direction, r.iteration]))) {
    const thinned = thin(rows);
    const chosen = rows.filter((r) => r.chosen && !thinned.includes(r));
    const series = [...thinned, ...chosen].sort((a, b) => a.budget - b.budget);
    for (const r of series) {
      const label = display.get(r.scheme) ?? r.scheme;
      const measure = catMeasure(r.variant);
      out.push({
        ...schemeCols(r.scheme),
        direction: r.direction,
        sender: r.sender,
        panel: `${label} · ${r.direction} (${r.sender}) · ${measure}(T)/C(T), C in ${costUnitText(r.cost_unit, true)}`,
        panel_order: 2 * schemeCols(r.scheme).scheme_order + (r.direction === 'downlink' ? 1 : 0),
        iteration: r.iteration,
        searched_at: r.searched_at,
        budget: r.budget,
        measure_name: `${measure}(T)`,
        measure: r.measure,
        cost: r.cost,
        cost_unit: r.cost_unit,
        efficiency: r.efficiency,
        chosen: r.chosen,
      });
    }
  }
  return out;
}

/** Title of the efficiency axis of the CAT chart, with the unit of C when every panel shares one (each panel header names its measure). */
function catEfficiencyTitle(cat: readonly CatRow[]): string {
  const units = [...new Set(cat.map((r) => r.cost_unit))];
  return units.length === 1 ? `Efficiency (per ${costUnitText(units[0]!)})` : 'Efficiency (per unit of C)';
}

/**
 * Rows of a per-node, per-state file for a stacked chart: the scheme columns,
 * the node and its position (workers, other nodes, the server), the state as
 * shown and its stacking position (`stateKeys` order; others last, by name).
 */
function perNodeStateRows<R extends { scheme: string; node: string; role: string; state: string }>(
  rows: readonly R[], display: Map<string, string>, stateKeys: readonly string[], shown: (state: string) => string, extra: (r: R) => Row,
): Row[] {
  const schemeCols = schemeColumns(display);
  const order = nodeOrder(rows);
  return rows.map((n) => {
    const k = stateKeys.indexOf(n.state);
    return {
      ...schemeCols(n.scheme),
      node: n.node,
      role: n.role,
      node_order: order.get(n.node) ?? 0,
      state: shown(n.state),
      state_order: k < 0 ? stateKeys.length : k,
      ...extra(n),
    };
  });
}

/** The `nodes` dataset: seconds and joules per scheme, node and energy state; switches left out (their ports work in parallel), and unmetered gateways. */
function nodeRows(nodes: readonly NodeRow[], display: Map<string, string>): Row[] {
  // gateways are relays whose energy is not metered: left out when they charged nothing
  const joules = new Map<string, number>();
  for (const n of nodes) joules.set(`${n.scheme}\u0000${n.node}`, (joules.get(`${n.scheme}\u0000${n.node}`) ?? 0) + n.joules);
  const kept = nodes.filter((n) => n.role !== 'switch' && !(n.role === 'gateway' && joules.get(`${n.scheme}\u0000${n.node}`) === 0));
  return perNodeStateRows(kept, display, STATE_KEYS, (s) => STATES[s] ?? s, (n) => ({ seconds: n.seconds, joules: n.joules }));
}

/**
 * The `time` dataset: seconds per scheme, node and time state (each instant
 * in one state, so a node's bar is the run time); switches left out.
 */
function timeRows(time: readonly TimeRow[], display: Map<string, string>): Row[] {
  const kept = time.filter((n) => n.role !== 'switch');
  return perNodeStateRows(kept, display, TIME_STATE_KEYS, (s) => s, (n) => ({ seconds: n.seconds }));
}

/** The `links` dataset: one row per scheme and link direction, in links.csv order. */
function linkRows(links: readonly LinkRow[], display: Map<string, string>): Row[] {
  const schemeCols = schemeColumns(display);
  const order = new Map<string, number>();
  for (const l of links) if (!order.has(l.link)) order.set(l.link, order.size);
  return links.map((l) => ({
    ...schemeCols(l.scheme),
    link: l.link,
    link_order: order.get(l.link) ?? 0,
    utilization: l.utilization,
    wire_bytes: l.wire_bytes,
    packets: l.packets,
    busy_s: l.busy_s,
    retransmissions: l.retransmissions,
    drops: l.drops,
  }));
}

/** The unit the timeline's axis counts in: s, ms or µs, from its longest time. */
function timelineUnit(timeline: IterationTimeline | undefined): { unit: string; perSecond: number } {
  return timeUnit(Math.max(0, ...(timeline?.bars.map((b) => b.end_s) ?? [])));
}

/** The `timeline` dataset: the bars of one iteration (`start`, `end` in {@link timelineUnit}'s unit). */
function timelineRows(timeline: IterationTimeline | undefined, nodes: readonly NodeRow[], display: Map<string, string>): Row[] {
  const schemeCols = schemeColumns(display);
  if (!timeline) return [];
  const unit = timelineUnit(timeline);
  const roles = new Map(nodes.map((n) => [n.node, n.role]));
  const order = nodeOrder(timeline.bars.map((b) => ({ node: b.node, role: roles.get(b.node) })));
  return timeline.bars.map((b) => ({
    ...schemeCols(b.scheme),
    node: b.node,
    node_order: order.get(b.node) ?? 0,
    activity: b.activity,
    start_s: b.start_s,
    end_s: b.end_s,
    start: b.start_s * unit.perSecond,
    end: b.end_s * unit.perSecond,
    duration: formatSi(b.end_s - b.start_s, 's'),
    link: b.link,
    message: b.message,
    wire_bytes: b.wire_bytes,
    packets: b.packets,
  }));
}

/** Wire bytes (up + down) per iteration of each scheme, from its last metrics row. */
function bytesPerIteration(summary: RunSummary, metrics: readonly MetricRow[]): Map<string, number | null> {
  const finals = finalRows(metrics);
  return new Map(
    summary.schemes.map((s) => {
      const f = finals.get(s.name);
      const ttt = s.time_to_target;
      const v = f && f.iteration > 0 ? f.wire_bytes_total / f.iteration : ttt && ttt.iteration > 0 ? ttt.wire_bytes / ttt.iteration : null;
      return [s.name, v];
    }),
  );
}

/** The scenario's stopping target in words (`training loss ≤ 0.6`), from scenario.resolved.yaml. */
function targetText(scenario: unknown): string | undefined {
  const stop = (scenario as { training?: { stop?: { targetLoss?: unknown; targetAccuracy?: unknown } } } | undefined)?.training?.stop;
  const parts = [
    typeof stop?.targetLoss === 'number' ? `training loss ≤ ${formatNumber(stop.targetLoss)}` : undefined,
    typeof stop?.targetAccuracy === 'number' ? `test accuracy ≥ ${formatNumber(stop.targetAccuracy)}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' or ') : undefined;
}

/**
 * The `targets` dataset: per scheme, time and energy when it first reached the
 * target, and its wire bytes per iteration as an annotation; schemes that
 * never did are listed as "not reached". Empty when there is no target.
 */
function targetRows(summary: RunSummary, hasTarget: boolean, perIteration: Map<string, number | null>, display: Map<string, string>): Row[] {
  const schemeCols = schemeColumns(display);
  if (!hasTarget) return [];
  return summary.schemes.map((s) => {
    const t = s.time_to_target ?? null;
    const bpi = perIteration.get(s.name) ?? null;
    const perIt = bpi === null ? '' : `${formatBytes(bpi)}/iteration`;
    return {
      ...schemeCols(s.name),
      reached: t !== null,
      iteration: t?.iteration ?? null,
      time_s: t?.time_s ?? null,
      energy_j: t?.energy_j ?? null,
      wire_bytes: t?.wire_bytes ?? null,
      time_end: t?.time_s ?? 0,
      energy_end: t?.energy_j ?? 0,
      bytes_per_iteration: bpi,
      annotation: t ? perIt : ['not reached', perIt].filter(Boolean).join(' · '),
    };
  });
}

// -------------------------------------------------------------------- run

/** Reads a run directory into the report's datasets, tokens and header. */
export async function runReportData(dir: string, options: RunDataOptions = {}): Promise<ReportData> {
  const [summary, metrics, links, nodes, time, scenario, timeline, cat] = await allInOrder([
    readSummary(dir),
    readMetrics(dir),
    readLinks(dir),
    readNodes(dir),
    readTime(dir),
    readResolvedScenario(dir),
    readIterationTimeline(dir, options.timelineIteration),
    readCat(dir),
  ]);
  // Schemes in summary order, then any only metrics.csv knows.
  const schemeList = [...summary.schemes.map((s) => ({ name: s.name, label: s.label }))];
  for (const r of metrics) if (!schemeList.some((s) => s.name === r.scheme)) schemeList.push({ name: r.scheme, label: undefined });
  const display = displayNames(schemeList);
  const perIteration = bytesPerIteration(summary, metrics);
  const splits = runSplits(metrics, time);
  const iterationUnit = timeUnit(Math.max(0, ...[...splits.values()].map((s) => s.iteration_s)));
  const notice = profileNote([summary.model]);
  const target = targetText(scenario);
  const hasTarget = target !== undefined || summary.schemes.some((s) => s.time_to_target);

  const facts: KeyParameter[] = [
    ...(summary.gradwire ? [{ label: 'gradwire', value: summary.gradwire }] : []),
    { label: 'Seed', value: String(summary.seed) },
    { label: 'Backend', value: summary.backend },
  ];
  return {
    kind: 'run',
    title: summary.scenario.name,
    description: summary.scenario.description ?? '',
    facts,
    parameters: keyParameters(scenario, summary.model?.dim),
    swept: [],
    schemes: schemeList.map((s) => display.get(s.name)!),
    summary,
    bytesPerIteration: perIteration,
    hasTarget,
    ...(notice ? { notice } : {}),
    datasets: {
      convergence: convergenceRows(metrics, (r) => ({ group: '', group_order: 0, scheme: r.scheme }), display),
      compression: compressionRows(metrics, (r) => ({ group: '', group_order: 0, scheme: r.scheme }), display),
      diagnostics: diagnosticsRows(metrics, (r) => ({ group: '', group_order: 0, scheme: r.scheme }), display),
      budget: budgetRows(metrics, display),
      cat_curve: catCurveRows(cat, display),
      optimality: optimalityRows(metrics, display),
      targets: targetRows(summary, hasTarget, perIteration, display),
      nodes: nodeRows(nodes, display),
      time: timeRows(time, display),
      iteration_time: iterationTimeRows(splits, display, iterationUnit),
      links: linkRows(links, display),
      timeline: timelineRows(timeline, nodes, display),
      sweep_outcome: [],
      sweep_heatmap: [],
      sweep_iteration_time: [],
      sweep_winner: [],
    },
    tokens: {
      'target': target ?? 'the scenario’s target',
      'timeline.iteration': String(timeline?.iteration ?? ''),
      'timeline.unit': timelineUnit(timeline).unit,
      'timeline.packets': timeline?.packets ? ' Each transfer bar is one packet.' : '',
      'iteration.unit': iterationUnit.unit,
      'convergence.note': '',
      'sweep.metric': '',
      'sweep.x': '',
      'sweep.y': '',
      'sweep.xShort': '',
      'sweep.dodge': '0',
      'sweep.yShort': '',
      'sweep.missing': '',
      'cat.efficiency': catEfficiencyTitle(cat),
      'sweep.axes': '',
      'sweep.baseline': '',
      'sweep.winnerY': '',
    },
  };
}

// ------------------------------------------------------------------ sweep

/**
 * Shortest dotted suffixes, of at least 6 characters where the path allows,
 * that still tell the swept paths apart:
 * `network.workerLink.set.bandwidthBps` → `bandwidthBps`, `workers.count` → `workers.count`.
 */
export function shortNames(paths: readonly string[]): Map<string, string> {
  const segs = paths.map((p) => p.split('.'));
  const out = new Map<string, string>();
  paths.forEach((p, i) => {
    const mine = segs[i]!;
    for (let n = 1; n <= mine.length; n++) {
      const candidate = mine.slice(-n).join('.');
      if (candidate.length < 6 && n < mine.length) continue;
      if (segs.every((other, j) => j === i || other.slice(-n).join('.') !== candidate)) {
        out.set(p, candidate);
        return;
      }
    }
    out.set(p, p);
  });
  return out;
}

/** The distinct values of one swept parameter in display order: numbers ascending, else first appearance. */
function valueOrder(values: readonly unknown[]): Map<string, number> {
  const labels: { label: string; value: unknown }[] = [];
  for (const v of values) {
    const label = formatValue(v);
    if (!labels.some((x) => x.label === label)) labels.push({ label, value: v });
  }
  if (labels.every((x) => typeof x.value === 'number')) labels.sort((a, b) => (a.value as number) - (b.value as number));
  return new Map(labels.map((x, i) => [x.label, i]));
}

/**
 * The position of a point's combination of `keys` in sweep order: by the
 * first key's value order (numbers ascending, others as listed), then the next.
 */
function comboOrder(points: readonly { params: Record<string, unknown> }[], keys: readonly string[]): (p: { params: Record<string, unknown> } | undefined) => number {
  const orders = keys.map((k) => valueOrder(points.map((p) => p.params[k])));
  return (p) => {
    if (p === undefined) return 0;
    let order = 0;
    keys.forEach((k, i) => {
      const o = orders[i]!;
      order = order * o.size + (o.get(formatValue(p.params[k])) ?? 0);
    });
    return order;
  };
}

/**
 * Adds `value_shade` to heatmap rows: `dark` where the cell's colour (viridis,
 * dark at the low end, log when the values span decades) needs light text.
 */
function withShade(rows: Row[]): Row[] {
  const log = wantsLog('value', rows);
  const pos = (v: number) => (log ? Math.log(v) : v);
  const values = rows.map((r) => r.value).filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && (!log || v > 0));
  const lo = Math.min(...values.map(pos));
  const hi = Math.max(...values.map(pos));
  return rows.map((r) => {
    const v = r.value;
    const shade = typeof v !== 'number' || !Number.isFinite(v) ? 'none' : hi > lo && (pos(v) - lo) / (hi - lo) < 0.5 ? 'dark' : 'light';
    return { ...r, value_shade: shade };
  });
}

/** The swept parameter the sweep iteration-time chart puts on its x axis. */
const WORKERS_PATH = 'workers.count';

/**
 * The `sweep_iteration_time` rows and the unit they count in: time per
 * iteration and exposed communication against the workers, a panel per
 * combination of the other swept parameters; none unless workers.count is swept.
 */
function sweepIterationTime(sweep: SweepData, params: readonly string[], short: Map<string, string>, display: Map<string, string>): { rows: Row[]; unit: string } {
  if (!params.includes(WORKERS_PATH)) return { rows: [], unit: 's' };
  const others = params.filter((p) => p !== WORKERS_PATH);
  const facetOrder = comboOrder(sweep.manifest.points, others);
  const places = new Map<string, SweepPlace>();
  for (const p of sweep.manifest.points) {
    const workers = p.params[WORKERS_PATH];
    if (typeof workers !== 'number' || !(workers > 0)) continue;
    places.set(p.id, {
      workers,
      facet: others.map((k) => `${short.get(k)} = ${formatValue(p.params[k])}`).join(', '),
      facet_order: facetOrder(p),
      combo: JSON.stringify(params.map((k) => p.params[k] ?? null)),
    });
  }
  const finals = new Map<string, Map<string, MetricRow>>();
  for (const [point, rows] of groupBy(sweep.metrics, (r) => r.point ?? '')) finals.set(point, finalRows(rows));
  const splits = pointSplits(finals, sweep.workerTimes).filter((s) => places.has(s.point));
  const unit = timeUnit(Math.max(0, ...splits.map((s) => s.split.iteration_s)));
  return { rows: sweepIterationTimeRows(splits, (id) => places.get(id), display, unit), unit: unit.unit };
}

/** Reads a sweep directory into the report's datasets, tokens and header. */
export async function sweepReportData(dir: string): Promise<ReportData> {
  return sweepData(await readSweep(dir));
}

function sweepData(sweep: SweepData): ReportData {
  const { manifest, metrics, summaries } = sweep;
  // A swept `seed` path is a repetition, like sweep.seeds: it does not make a group.
  const params = manifest.parameters.filter((p) => p !== 'seed');
  const short = shortNames(params);
  const points = new Map(manifest.points.map((p) => [p.id, p]));

  // Groups: distinct parameter combinations, in canonical point order.
  const comboKey = (p: { params: Record<string, unknown> }) => JSON.stringify(params.map((k) => p.params[k] ?? null));
  const comboLabel = (p: { params: Record<string, unknown> }) =>
    params.length === 0 ? 'all points' : params.map((k) => `${short.get(k)} = ${formatValue(p.params[k])}`).join(', ');
  const groupOf = new Map(manifest.points.map((p) => [p.id, comboLabel(p)]));
  const groupOrder = comboOrder(manifest.points, params);

  // Schemes in first-seen order; labels from the runs' summaries.
  const schemeList: { name: string; label?: string | undefined }[] = [];
  for (const s of summaries.values()) {
    for (const x of s.schemes) if (!schemeList.some((y) => y.name === x.name)) schemeList.push({ name: x.name, label: x.label });
  }
  for (const r of metrics) if (!schemeList.some((s) => s.name === r.scheme)) schemeList.push({ name: r.scheme });
  const display = displayNames(schemeList);
  const schemeCols = schemeColumns(display);

  const seriesOf = (r: MetricRow) => ({ group: groupOf.get(r.point ?? '') ?? '', group_order: groupOrder(points.get(r.point ?? '')), scheme: r.scheme });
  const convergence = convergenceRows(metrics, seriesOf, display);
  const iterationTime = sweepIterationTime(sweep, params, short, display);
  // Workload profiles simulate no loss: without a target there is no outcome to plot, only time (sweep-iteration-time).
  const hasOutcome = metrics.some((r) => r.loss !== null);

  // Outcome per point and scheme: time to target when the scenario has a target, else the final loss.
  const hasTarget = targetText(sweep.scenario) !== undefined || [...summaries.values()].some((s) => s.schemes.some((x) => x.time_to_target));
  const withOutcome = hasTarget || hasOutcome;
  const finals = new Map<string, MetricRow>();
  for (const r of metrics) {
    const k = `${r.point}\u0000${r.scheme}`;
    const prev = finals.get(k);
    if (!prev || r.iteration >= prev.iteration) finals.set(k, r);
  }
  interface Outcome {
    point: string;
    scheme: string;
    value: number | null;
  }
  const outcomes: Outcome[] = [];
  for (const p of manifest.points) {
    for (const s of schemeList) {
      const final = finals.get(`${p.id}\u0000${s.name}`);
      if (!final) continue; // point not finished, or scheme absent
      const value = hasTarget
        ? (summaries.get(p.id)?.schemes.find((x) => x.name === s.name)?.time_to_target?.time_s ?? null)
        : finite(final.loss) ? final.loss : null;
      outcomes.push({ point: p.id, scheme: s.name, value });
    }
  }
  // x: the swept parameter with the most values (ties: the first); the others make panels (or the heatmap's y).
  const distinct = (path: string) => new Set(manifest.points.map((p) => formatValue(p.params[path]))).size;
  const xParam = params.reduce<string | undefined>((best, p) => (best === undefined || distinct(p) > distinct(best) ? p : best), undefined);
  const others = params.filter((p) => p !== xParam);
  const yParam = others[0];
  const xOrder = valueOrder(manifest.points.map((p) => (xParam === undefined ? null : p.params[xParam])));
  const yOrder = valueOrder(manifest.points.map((p) => (yParam === undefined ? null : p.params[yParam])));
  const rest = others;
  const facetOrder = comboOrder(manifest.points, rest);
  // "(2/3 reached)": a mean over fewer runs than the combination has says so on the chart, not only in its tooltip
  const partial = (reached: number, runs: number) => (reached > 0 && reached < runs ? ` (${reached}/${runs} ${hasTarget ? 'reached' : 'runs'})` : '');
  // A combination's place on the outcome charts: x, y (the heatmaps' rows) and panel.
  const placeOf = (p: SweepPoint): CellPlace => {
    const xLabel = formatValue(xParam === undefined ? null : p.params[xParam]);
    const yLabel = formatValue(yParam === undefined ? null : p.params[yParam]);
    return {
      x: xLabel,
      x_order: xOrder.get(xLabel) ?? 0,
      y: yLabel,
      y_order: yOrder.get(yLabel) ?? 0,
      facet: rest.map((k) => `${short.get(k)} = ${formatValue(p.params[k])}`).join(', '),
      facet_order: facetOrder(p),
    };
  };
  const aggregated = [...groupBy(outcomes, (o) => `${comboKey(points.get(o.point)!)}\u0000${o.scheme}`)].map(([, os]) => {
    const p = points.get(os[0]!.point)!;
    const values = os.map((o) => o.value).filter(finite);
    const m = mean(values);
    const spread = values.length >= 2;
    return {
      ...schemeCols(os[0]!.scheme),
      ...placeOf(p),
      value: m,
      value_lo: spread ? Math.min(...values) : null,
      value_hi: spread ? Math.max(...values) : null,
      value_text: m === null ? (hasTarget ? 'not reached' : 'no value') : `${hasTarget ? formatSi(m, 's') : formatNumber(m, 3)}${partial(values.length, os.length)}`,
      runs: os.length,
      reached: values.length,
      reached_text: `${values.length}/${os.length}`,
      /** The mean again where only some runs count (the chart labels it k/n there), else null. */
      partial_value: values.length > 0 && values.length < os.length ? m : null,
    } satisfies Row;
  });

  // A heatmap's cells span x and y: panels are the parameters beyond those two. One swept parameter: a single row of cells (its axis titled by sweep.winnerY).
  const beyond = others.slice(1);
  const beyondOrder = comboOrder(manifest.points, beyond);
  const cellOf = (p: SweepPoint): CellPlace => ({
    ...placeOf(p),
    ...(yParam === undefined ? { y: '' } : {}),
    facet: beyond.map((k) => `${short.get(k)} = ${formatValue(p.params[k])}`).join(', '),
    facet_order: beyondOrder(p),
  });
  const winners = winnerRows([...groupBy(manifest.points, comboKey).values()], summaries, cellOf, display);
  const baseline = [...summaries.values()].find((s) => s.verdict)?.verdict?.baseline;

  const runsPerGroup = Math.max(0, ...[...groupBy(manifest.points, comboKey).values()].map((ps) => ps.length));
  const seeds = [...new Set(manifest.points.map((p) => p.seed))];
  const statuses = [...groupBy(manifest.points, (p) => p.status)].map(([s, ps]) => `${ps.length} ${s}`).join(', ');
  const anySummary = summaries.values().next().value as RunSummary | undefined;
  const notice = profileNote([...summaries.values()].map((s) => s.model));
  const firstValues = (path: string) => [...valueOrder(manifest.points.map((p) => p.params[path]))].sort((a, b) => a[1] - b[1]).map(([l]) => l);

  return {
    kind: 'sweep',
    title: manifest.scenario,
    description: anySummary?.scenario.description ?? '',
    facts: [
      ...(anySummary?.gradwire ? [{ label: 'gradwire', value: anySummary.gradwire }] : []),
      { label: 'Points', value: `${manifest.points.length} (${statuses})` },
      { label: 'Runs per combination', value: String(runsPerGroup) },
      { label: seeds.length === 1 ? 'Seed' : 'Seeds', value: seeds.join(', ') },
      ...(anySummary ? [{ label: 'Backend', value: anySummary.backend }] : []),
    ],
    parameters: keyParameters(sweep.scenario, anySummary?.model?.dim),
    swept: params.map((p) => ({ label: p, value: firstValues(p).join(', ') })),
    schemes: schemeList.map((s) => display.get(s.name)!),
    manifest,
    bytesPerIteration: new Map(),
    hasTarget,
    ...(notice ? { notice } : {}),
    datasets: {
      convergence,
      compression: compressionRows(metrics, seriesOf, display),
      diagnostics: diagnosticsRows(metrics, seriesOf, display),
      budget: [],
      cat_curve: [],
      optimality: [],
      targets: [],
      nodes: [],
      time: [],
      iteration_time: [],
      links: [],
      timeline: [],
      sweep_outcome: params.length >= 1 && withOutcome ? aggregated : [],
      sweep_heatmap: params.length === 2 && withOutcome ? withShade(aggregated.map(({ facet: _f, facet_order: _o, ...r }) => r)) : [],
      sweep_iteration_time: iterationTime.rows,
      sweep_winner: params.length >= 1 ? winners : [],
    },
    tokens: {
      'target': targetText(sweep.scenario) ?? 'the scenario’s target',
      'timeline.iteration': '',
      'timeline.unit': 's',
      'timeline.packets': '',
      'iteration.unit': iterationTime.unit,
      'convergence.note': ' Lines: mean over the runs still going; bands: min–max.',
      'sweep.metric': hasTarget ? 'Time to target (s)' : 'Final training loss',
      'sweep.x': xParam ?? '',
      'sweep.y': yParam ?? '',
      'sweep.xShort': xParam === undefined ? '' : (short.get(xParam) ?? xParam),
      // Pixels that set the schemes' points and whiskers side by side at one x value.
      'sweep.dodge': `(datum.scheme_order - ${(schemeList.length - 1) / 2}) * ${DODGE_PX}`,
      'sweep.yShort': yParam === undefined ? '' : (short.get(yParam) ?? yParam),
      'sweep.missing': hasTarget ? ' ×: no run reached the target.' : ' ×: no run ended with a finite loss.',
      'cat.efficiency': catEfficiencyTitle([]),
      'sweep.axes': [xParam, yParam].filter((p) => p !== undefined).map((p) => short.get(p) ?? p).join(' × '),
      'sweep.baseline': baseline === undefined ? 'the first scheme' : (display.get(baseline) ?? baseline),
      'sweep.winnerY': yParam === undefined ? 'First to the target' : (short.get(yParam) ?? yParam),
    },
  };
}
