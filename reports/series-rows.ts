/** The per-iteration rows of the series datasets (convergence, compression, diagnostics): one row per series and iteration, over runs. */
import type { ReadMetricRow } from './run-data.js';
import { groupBy, schemeColumns, thin, type Row } from './rows.js';

/** The series a metrics row belongs to: its parameter combination (`group`, "" for a run) and scheme. */
export interface SeriesKey {
  group: string;
  /** The group's position in sweep order (panels are sorted by it). */
  group_order: number;
  scheme: string;
}

/**
 * Per series (`seriesOf`) and iteration, in iteration order: the scheme
 * columns, `group`, `group_order`, `iteration`, what `cells` makes of the
 * iteration's rows (one per run), and `runs`; each series thinned. `measured`
 * picks the rows of a series that count; a series with none (or null) is left out.
 */
export function seriesRows(
  metrics: readonly ReadMetricRow[],
  seriesOf: (r: ReadMetricRow) => SeriesKey,
  display: Map<string, string>,
  measured: (rows: ReadMetricRow[]) => ReadMetricRow[] | null,
  cells: (rs: ReadMetricRow[]) => Row,
): Row[] {
  const schemeCols = schemeColumns(display);
  const out: Row[] = [];
  for (const [key, rows] of groupBy(metrics, (r) => JSON.stringify(seriesOf(r)))) {
    const kept = measured(rows);
    if (kept === null || kept.length === 0) continue;
    const { group, group_order, scheme } = JSON.parse(key) as SeriesKey;
    const byIteration = [...groupBy(kept, (r) => String(r.iteration)).values()].sort((a, b) => a[0]!.iteration - b[0]!.iteration);
    const series = byIteration.map((rs): Row => ({ ...schemeCols(scheme), group, group_order, iteration: rs[0]!.iteration, ...cells(rs), runs: rs.length }));
    out.push(...thin(series));
  }
  return out;
}
