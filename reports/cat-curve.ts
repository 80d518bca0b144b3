/** The CAT chart's dataset, from cat.csv: each T the search evaluated, with its measure, cost and efficiency. */
import type { CatRow } from '../src/results/index.js';
import { groupBy, schemeColumns, thin, type Row } from './rows.js';

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
export function catCurveRows(cat: readonly CatRow[], display: Map<string, string>): Row[] {
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
        chosen: r.chosen === 1,
      });
    }
  }
  return out;
}

/** Title of the efficiency axis of the CAT chart, with the unit of C when every panel shares one (each panel header names its measure). */
export function catEfficiencyTitle(cat: readonly CatRow[]): string {
  const units = [...new Set(cat.map((r) => r.cost_unit))];
  return units.length === 1 ? `Efficiency (per ${costUnitText(units[0]!)})` : 'Efficiency (per unit of C)';
}
