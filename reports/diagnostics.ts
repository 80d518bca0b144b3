/**
 * The `diagnostics` dataset: the papers' diagnostics that metrics.csv records
 * when a scenario sets `output.diagnostics: true` — gTop-k's δ of Assumption 1
 * (Shi et al.; the paper assumes δ ≤ 1), and the bidirectional Top-K thesis's
 * ρ̂ and 1 − γ̂ per direction (§6.6). Each cell is the maximum since the
 * previous metrics row; a scheme has only the diagnostics that apply to it
 * (ρ̂ and 1 − γ̂ on a parameter server, δ on gTop-k).
 */
import type { ReadMetricRow } from './run-data.js';
import { finite, spread, type Row } from './rows.js';
import { seriesRows, type SeriesKey } from './series-rows.js';

/** The diagnostic columns of metrics.csv, in panel order. */
export const DIAGNOSTIC_COLUMNS = ['gtopk_delta', 'rho_hat', 'one_minus_gamma_up', 'one_minus_gamma_down'] as const;

/** The bound of gTop-k's Assumption 1 (δ ≤ 1), drawn as a rule in the δ panel. */
export const GTOPK_DELTA_BOUND = 1;

/**
 * Rows per group, scheme and iteration where some diagnostic was recorded:
 * per diagnostic column `c`, `c` the mean over runs and `c_lo`/`c_hi` the
 * min–max over runs (null with one run, and null where the diagnostic was not
 * recorded); `gtopk_delta_bound`, 1 where `gtopk_delta` has a value (the
 * rule of Assumption 1), else null. A series with no diagnostic throughout is
 * left out, so a run without `output.diagnostics` has no rows and the chart is
 * dropped; a diagnostic null in every row loses its panel.
 */
export function diagnosticsRows(metrics: readonly ReadMetricRow[], seriesOf: (r: ReadMetricRow) => SeriesKey, display: Map<string, string>): Row[] {
  return seriesRows(metrics, seriesOf, display, (rows) => rows.filter((r) => DIAGNOSTIC_COLUMNS.some((c) => finite(r[c]))), diagnosticCells);
}

function diagnosticCells(rs: ReadMetricRow[]): Row {
  const row: Row = {};
  for (const c of DIAGNOSTIC_COLUMNS) {
    const s = spread(rs, (r) => r[c]);
    row[c] = s.mean;
    row[`${c}_lo`] = s.lo;
    row[`${c}_hi`] = s.hi;
  }
  row.gtopk_delta_bound = row.gtopk_delta === null ? null : GTOPK_DELTA_BOUND;
  return row;
}
