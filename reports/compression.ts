/**
 * The `compression` dataset: how much of each worker's compressor input the
 * compressor threw away, per iteration (metrics.csv `compression_error`, the
 * mean over workers of ‖v − C(v)‖²/‖v‖²). Trained and profile runs alike: for
 * a profile it is the one measure of what compression costs the update, since
 * no loss is simulated.
 */
import type { ReadMetricRow } from './run-data.js';
import { finite, spread, type Row } from './rows.js';
import { seriesRows, type SeriesKey } from './series-rows.js';

/**
 * Rows per group, scheme and iteration ≥ 1 (iteration 0 sends nothing, so its
 * error is 0 by definition): `compression_error`, the mean over runs, and
 * `compression_error_lo`/`_hi`, the min–max over runs (null with one run).
 * A series whose error is 0 or absent throughout (no compression, or a file
 * written before the column existed) is left out, so a report without any
 * compression has no rows and the chart is dropped.
 */
export function compressionRows(metrics: readonly ReadMetricRow[], seriesOf: (r: ReadMetricRow) => SeriesKey, display: Map<string, string>): Row[] {
  return seriesRows(metrics, seriesOf, display, measuredError, errorCells);
}

/** A series' rows with an error (iteration ≥ 1, finite); null when it is 0 throughout. */
function measuredError(rows: ReadMetricRow[]): ReadMetricRow[] | null {
  const measured = rows.filter((r) => r.iteration >= 1 && finite(r.compression_error));
  return measured.some((r) => (r.compression_error as number) > 0) ? measured : null;
}

function errorCells(rs: ReadMetricRow[]): Row {
  const e = spread(rs, (r) => r.compression_error);
  return { compression_error: e.mean, compression_error_lo: e.lo, compression_error_hi: e.hi };
}
