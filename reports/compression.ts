/**
 * The `compression` dataset: how much of each worker's compressor input the
 * compressor threw away, per iteration (metrics.csv `compression_error`, the
 * mean over workers of ‖v − C(v)‖²/‖v‖²). Trained and profile runs alike: for
 * a profile it is the one measure of what compression costs the update, since
 * no loss is simulated.
 */
import type { ReadMetricRow } from './run-data.js';
import { finite, groupBy, schemeColumns, spread, thin, type Row } from './rows.js';
import type { SeriesKey } from './metric-datasets.js';

/**
 * Rows per group, scheme and iteration ≥ 1 (iteration 0 sends nothing, so its
 * error is 0 by definition): `compression_error`, the mean over runs, and
 * `compression_error_lo`/`_hi`, the min–max over runs (null with one run).
 * A series whose error is 0 or absent throughout (no compression, or a file
 * written before the column existed) is left out, so a report without any
 * compression has no rows and the chart is dropped.
 */
export function compressionRows(metrics: readonly ReadMetricRow[], seriesOf: (r: ReadMetricRow) => SeriesKey, display: Map<string, string>): Row[] {
  const schemeCols = schemeColumns(display);
  const out: Row[] = [];
  for (const [key, rows] of groupBy(metrics, (r) => JSON.stringify(seriesOf(r)))) {
    const measured = rows.filter((r) => r.iteration >= 1 && finite(r.compression_error));
    if (!measured.some((r) => (r.compression_error as number) > 0)) continue;
    const { group, group_order, scheme } = JSON.parse(key) as SeriesKey;
    const byIteration = [...groupBy(measured, (r) => String(r.iteration)).values()].sort((a, b) => a[0]!.iteration - b[0]!.iteration);
    const series = byIteration.map((rs): Row => {
      const e = spread(rs, (r) => r.compression_error);
      return {
        ...schemeCols(scheme),
        group,
        group_order,
        iteration: rs[0]!.iteration,
        compression_error: e.mean,
        compression_error_lo: e.lo,
        compression_error_hi: e.hi,
        runs: rs.length,
      };
    });
    out.push(...thin(series));
  }
  return out;
}
