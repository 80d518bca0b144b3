/** Datasets of metrics.csv rows shared by run and sweep reports: convergence, optimality, budget. */
import type { ReadMetricRow } from './run-data.js';
import { finite, groupBy, schemeColumns, spread, thin, type Row } from './rows.js';
import { seriesRows, type SeriesKey } from './series-rows.js';

/**
 * The `convergence` dataset: per group (sweep point parameters; "" for a run),
 * scheme and iteration, the mean over runs of every plotted quantity, and for
 * loss and accuracy the min–max over runs (`*_lo`, `*_hi`; null with one run).
 */
export function convergenceRows(metrics: readonly ReadMetricRow[], seriesOf: (r: ReadMetricRow) => SeriesKey, display: Map<string, string>): Row[] {
  return seriesRows(metrics, seriesOf, display, (rows) => rows, convergenceCells);
}

function convergenceCells(rs: ReadMetricRow[]): Row {
  const stat = (f: (r: ReadMetricRow) => number | null | undefined) => spread(rs, f);
  const loss = stat((r) => r.loss);
  const acc = stat((r) => r.accuracy);
  return {
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
  };
}

/**
 * The `optimality` dataset: F − F* and ‖w − w*‖ per iteration, for models whose
 * optimum is known (the papers' convergence figures plot these); non-positive
 * values (rounding at the optimum) are left out of the log axis.
 */
export function optimalityRows(metrics: readonly ReadMetricRow[], display: Map<string, string>): Row[] {
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
export function budgetRows(metrics: readonly ReadMetricRow[], display: Map<string, string>): Row[] {
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
