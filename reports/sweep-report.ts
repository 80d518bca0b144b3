/** A sweep directory's report data: its files read, and turned into the datasets, tokens and header. */
import type { SummaryJson } from '../src/results/index.js';
import { compressionRows } from './compression.js';
import { diagnosticsRows } from './diagnostics.js';
import { formatNumber, formatSi, formatValue } from './format.js';
import { keyParameters, targetText } from './key-parameters.js';
import { convergenceRows } from './metric-datasets.js';
import { profileNote } from './profile.js';
import { reportDatasets, reportTokens, type ReportData } from './report-data.js';
import { displayNames, finite, groupBy, mean, schemeColumns, timeUnit, type Row } from './rows.js';
import type { ReadMetricRow } from './run-data.js';
import { comboOrder, sweepAxes, valueOrder, withShade, type SweepAxes } from './sweep-axes.js';
import { readSweep, type SweepData } from './sweep-data.js';
import { winnerRows } from './sweep-winner.js';
import { finalRows, pointSplits, sweepIterationTimeRows, type SweepPlace } from './time-split.js';

/** Horizontal distance between the schemes' points at one x value of the sweep outcome chart, px. */
const DODGE_PX = 8;

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
  const finals = new Map<string, Map<string, ReadMetricRow>>();
  for (const [point, rows] of groupBy(sweep.metrics, (r) => r.point ?? '')) finals.set(point, finalRows(rows));
  const splits = pointSplits(finals, sweep.workerTimes).filter((s) => places.has(s.point));
  const unit = timeUnit(Math.max(0, ...splits.map((s) => s.split.iteration_s)));
  return { rows: sweepIterationTimeRows(splits, (id) => places.get(id), display, unit), unit: unit.unit };
}

/** The sweep's schemes in first-seen order, labels from the runs' summaries. */
function schemesOf(sweep: SweepData): { name: string; label?: string | undefined }[] {
  const list: { name: string; label?: string | undefined }[] = [];
  for (const s of sweep.summaries.values()) {
    for (const x of s.schemes) if (!list.some((y) => y.name === x.name)) list.push({ name: x.name, label: x.label });
  }
  for (const r of sweep.metrics) if (!list.some((s) => s.name === r.scheme)) list.push({ name: r.scheme });
  return list;
}

/**
 * The `sweep_outcome` rows: per combination of swept values and scheme, the
 * mean outcome over its runs (time to target with a target, else the final
 * loss), its min–max and how many runs count.
 */
function outcomeRows(sweep: SweepData, axes: SweepAxes, schemes: readonly { name: string }[], display: Map<string, string>, hasTarget: boolean): Row[] {
  const { manifest, metrics, summaries } = sweep;
  const points = new Map(manifest.points.map((p) => [p.id, p]));
  const finals = new Map<string, ReadMetricRow>();
  for (const r of metrics) {
    const k = `${r.point}\u0000${r.scheme}`;
    const prev = finals.get(k);
    if (!prev || r.iteration >= prev.iteration) finals.set(k, r);
  }
  const outcomes: { point: string; scheme: string; value: number | null }[] = [];
  for (const p of manifest.points) {
    for (const s of schemes) {
      const final = finals.get(`${p.id}\u0000${s.name}`);
      if (!final) continue; // point not finished, or scheme absent
      const value = hasTarget ? (summaries.get(p.id)?.schemes.find((x) => x.name === s.name)?.time_to_target?.time_s ?? null) : finite(final.loss) ? final.loss : null;
      outcomes.push({ point: p.id, scheme: s.name, value });
    }
  }
  const schemeCols = schemeColumns(display);
  // "(2/3 reached)": a mean over fewer runs than the combination has says so on the chart, not only in its tooltip
  const partial = (reached: number, runs: number) => (reached > 0 && reached < runs ? ` (${reached}/${runs} ${hasTarget ? 'reached' : 'runs'})` : '');
  return [...groupBy(outcomes, (o) => `${axes.comboKey(points.get(o.point)!)}\u0000${o.scheme}`)].map(([, os]) => {
    const values = os.map((o) => o.value).filter(finite);
    const m = mean(values);
    const spread = values.length >= 2;
    return {
      ...schemeCols(os[0]!.scheme),
      ...axes.placeOf(points.get(os[0]!.point)!),
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
}

/** Reads a sweep directory into the report's datasets, tokens and header. */
export async function sweepReportData(dir: string): Promise<ReportData> {
  return sweepData(await readSweep(dir));
}

function sweepData(sweep: SweepData): ReportData {
  const { manifest, metrics, summaries } = sweep;
  const axes = sweepAxes(manifest.points, manifest.parameters);
  const { params, short, xParam, yParam } = axes;
  const points = new Map(manifest.points.map((p) => [p.id, p]));
  const groupOf = new Map(manifest.points.map((p) => [p.id, axes.groupLabel(p)]));
  const schemeList = schemesOf(sweep);
  const display = displayNames(schemeList);

  const seriesOf = (r: ReadMetricRow) => ({ group: groupOf.get(r.point ?? '') ?? '', group_order: axes.groupOrder(points.get(r.point ?? '')), scheme: r.scheme });
  const iterationTime = sweepIterationTime(sweep, params, short, display);
  // Outcome per point and scheme: time to target when the scenario has a target, else the final loss.
  const target = targetText(sweep.scenario);
  const hasTarget = target !== undefined || [...summaries.values()].some((s) => s.schemes.some((x) => x.time_to_target));
  // Workload profiles simulate no loss: without a target there is no outcome to plot, only time (sweep-iteration-time).
  const withOutcome = hasTarget || metrics.some((r) => r.loss !== null);
  const aggregated = withOutcome ? outcomeRows(sweep, axes, schemeList, display, hasTarget) : [];
  const combos = [...groupBy(manifest.points, axes.comboKey).values()];
  const winners = winnerRows(combos, summaries, axes.cellOf, display);
  const baseline = [...summaries.values()].find((s) => s.verdict)?.verdict?.baseline;

  const runsPerGroup = Math.max(0, ...combos.map((ps) => ps.length));
  const seeds = [...new Set(manifest.points.map((p) => p.seed))];
  const statuses = [...groupBy(manifest.points, (p) => p.status)].map(([s, ps]) => `${ps.length} ${s}`).join(', ');
  const anySummary = summaries.values().next().value as SummaryJson | undefined;
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
    datasets: reportDatasets({
      convergence: convergenceRows(metrics, seriesOf, display),
      compression: compressionRows(metrics, seriesOf, display),
      diagnostics: diagnosticsRows(metrics, seriesOf, display),
      sweep_outcome: params.length >= 1 ? aggregated : [],
      sweep_heatmap: params.length === 2 ? withShade(aggregated.map(({ facet: _f, facet_order: _o, ...r }) => r)) : [],
      sweep_iteration_time: iterationTime.rows,
      sweep_winner: params.length >= 1 ? winners : [],
    }),
    tokens: reportTokens({
      ...(target !== undefined ? { target } : {}),
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
      'sweep.axes': [xParam, yParam]
        .filter((p) => p !== undefined)
        .map((p) => short.get(p) ?? p)
        .join(' × '),
      'sweep.baseline': baseline === undefined ? 'the first scheme' : (display.get(baseline) ?? baseline),
      'sweep.winnerY': yParam === undefined ? 'First to the target' : (short.get(yParam) ?? yParam),
    }),
  };
}
