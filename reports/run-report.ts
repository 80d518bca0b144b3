/** A run directory's report data: its result files read, and turned into the datasets, tokens and header. */
import type { SummaryJson } from '../src/results/index.js';
import { catCurveRows, catEfficiencyTitle } from './cat-curve.js';
import { compressionRows } from './compression.js';
import { diagnosticsRows } from './diagnostics.js';
import { formatBytes } from './format.js';
import { keyParameters, targetText, type KeyParameter } from './key-parameters.js';
import { budgetRows, convergenceRows, optimalityRows } from './metric-datasets.js';
import { linkRows, nodeRows, timelineRows, timelineUnit, timeRows } from './node-datasets.js';
import { profileNote } from './profile.js';
import { reportDatasets, reportTokens, type ReportData } from './report-data.js';
import { allInOrder } from './result-file.js';
import { displayNames, schemeColumns, timeUnit, type Row } from './rows.js';
import { readCat, readLinks, readMetrics, readNodes, readResolvedScenario, readSummary, readTime, type ReadMetricRow } from './run-data.js';
import { finalRows, iterationTimeRows, runSplits } from './time-split.js';
import { readIterationTimeline } from './trace.js';

/** Options of {@link runReportData}. */
export interface RunDataOptions {
  /** Iteration shown by the timeline (default: the middle one). */
  timelineIteration?: number;
}

/** Wire bytes (up + down) per iteration of each scheme, from its last metrics row. */
function bytesPerIteration(summary: SummaryJson, metrics: readonly ReadMetricRow[]): Map<string, number | null> {
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

/**
 * The `targets` dataset: per scheme, time and energy when it first reached the
 * target, and its wire bytes per iteration as an annotation; schemes that
 * never did are listed as "not reached". Empty when there is no target.
 */
function targetRows(summary: SummaryJson, hasTarget: boolean, perIteration: Map<string, number | null>, display: Map<string, string>): Row[] {
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
    datasets: reportDatasets({
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
    }),
    tokens: reportTokens({
      ...(target !== undefined ? { target } : {}),
      'timeline.iteration': String(timeline?.iteration ?? ''),
      'timeline.unit': timelineUnit(timeline).unit,
      'timeline.packets': timeline?.packets ? ' Each transfer bar is one packet.' : '',
      'iteration.unit': iterationUnit.unit,
      'cat.efficiency': catEfficiencyTitle(cat),
    }),
  };
}
