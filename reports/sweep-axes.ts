/**
 * Where a sweep's points go on its charts: short names of the swept paths,
 * the order of their values, the groups (distinct combinations), and each
 * combination's place (x, y, panel) on the outcome and winner charts.
 */
import type { SweepPointJson } from '../src/results/index.js';
import { formatValue } from './format.js';
import type { Row } from './rows.js';
import { wantsLog } from './spec-scales.js';
import type { CellPlace } from './sweep-winner.js';

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
export function valueOrder(values: readonly unknown[]): Map<string, number> {
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
export function comboOrder(points: readonly { params: Record<string, unknown> }[], keys: readonly string[]): (p: { params: Record<string, unknown> } | undefined) => number {
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
export function withShade(rows: Row[]): Row[] {
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

/** A sweep's swept parameters placed on its charts (see {@link sweepAxes}). */
export interface SweepAxes {
  /** Swept paths, `seed` left out (a swept seed is a repetition, like sweep.seeds: it does not make a group). */
  params: string[];
  /** Each path's short name. */
  short: Map<string, string>;
  /** The x parameter: the one with the most values (ties: the first); undefined when nothing is swept. */
  xParam: string | undefined;
  /** The y parameter of the heatmaps: the first of the others. */
  yParam: string | undefined;
  /** A point's combination of swept values, as a key. */
  comboKey: (p: { params: Record<string, unknown> }) => string;
  /** A point's group label (`workers.count = 4, …`) and its position in sweep order. */
  groupLabel: (p: { params: Record<string, unknown> }) => string;
  groupOrder: (p: { params: Record<string, unknown> } | undefined) => number;
  /** A combination's place on the outcome charts: x, y and a panel per combination of the others. */
  placeOf: (p: SweepPointJson) => CellPlace;
  /** A heatmap cell: x and y, a panel per combination of the parameters beyond those two (one swept parameter: a single row). */
  cellOf: (p: SweepPointJson) => CellPlace;
}

/** The axes of a sweep's charts, from its points and swept paths. */
export function sweepAxes(points: readonly SweepPointJson[], parameters: readonly string[]): SweepAxes {
  const params = parameters.filter((p) => p !== 'seed');
  const short = shortNames(params);
  const label = (keys: readonly string[], p: { params: Record<string, unknown> }) => keys.map((k) => `${short.get(k)} = ${formatValue(p.params[k])}`).join(', ');
  const distinct = (path: string) => new Set(points.map((p) => formatValue(p.params[path]))).size;
  const xParam = params.reduce<string | undefined>((best, p) => (best === undefined || distinct(p) > distinct(best) ? p : best), undefined);
  const others = params.filter((p) => p !== xParam);
  const yParam = others[0];
  const beyond = others.slice(1);
  const xOrder = valueOrder(points.map((p) => (xParam === undefined ? null : p.params[xParam])));
  const yOrder = valueOrder(points.map((p) => (yParam === undefined ? null : p.params[yParam])));
  const facetOrder = comboOrder(points, others);
  const beyondOrder = comboOrder(points, beyond);
  const placeOf = (p: SweepPointJson): CellPlace => {
    const xLabel = formatValue(xParam === undefined ? null : p.params[xParam]);
    const yLabel = formatValue(yParam === undefined ? null : p.params[yParam]);
    return { x: xLabel, x_order: xOrder.get(xLabel) ?? 0, y: yLabel, y_order: yOrder.get(yLabel) ?? 0, facet: label(others, p), facet_order: facetOrder(p) };
  };
  return {
    params,
    short,
    xParam,
    yParam,
    comboKey: (p) => JSON.stringify(params.map((k) => p.params[k] ?? null)),
    groupLabel: (p) => (params.length === 0 ? 'all points' : label(params, p)),
    groupOrder: comboOrder(points, params),
    placeOf,
    cellOf: (p) => ({ ...placeOf(p), ...(yParam === undefined ? { y: '' } : {}), facet: label(beyond, p), facet_order: beyondOrder(p) }),
  };
}
