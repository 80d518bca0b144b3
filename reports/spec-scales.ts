/** Log scales kept only where the data span decades (or, with an explicit base, where every value is positive). */
import type { Row } from './rows.js';
import { eachView, isObj, type FillContext, type Json } from './spec-views.js';

/**
 * Cumulative x quantities: log scale only when the schemes' totals differ by
 * a decade or more (every cumulative series starts at 0, which says nothing).
 */
const CUMULATIVE_FIELDS = new Set(['time_s', 'wire_bytes_total', 'packets_total', 'energy_total_j']);

const positiveFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * Whether a channel on `field` that the template wants logarithmic should be:
 * its values (and those of `<field>_lo`/`_hi` bands) all positive and spanning
 * at least a decade; for cumulative quantities, the series' totals a decade
 * apart.
 */
export function wantsLog(field: string, rows: readonly Row[]): boolean {
  const base = field.replace(/_(lo|hi)$/, '');
  if (CUMULATIVE_FIELDS.has(base)) {
    const totals = new Map<string, number>();
    for (const r of rows) {
      const v = r[base];
      if (!positiveFinite(v)) continue;
      const key = `${String(r.group ?? '')}\u0000${String(r.scheme ?? '')}`;
      totals.set(key, Math.max(totals.get(key) ?? 0, v));
    }
    const t = [...totals.values()];
    return t.length > 0 && Math.max(...t) / Math.min(...t) >= 10;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    for (const f of [base, `${base}_lo`, `${base}_hi`]) {
      const v = r[f];
      if (v === null || v === undefined) continue;
      if (!positiveFinite(v)) return false;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return hi >= lo && hi / lo >= 10;
}

/** Whether every number `field` takes in `rows` is positive (what any log scale needs). */
function allPositive(field: string, rows: readonly Row[]): boolean {
  return rows.every((r) => r[field] === null || r[field] === undefined || positiveFinite(r[field]));
}

/**
 * Applies {@link wantsLog} to every `"scale": {"type": "log"}` channel; a
 * kept log scale filters out rows ≤ 0. A log scale with an explicit `base`
 * (a doubling axis: workers 4, 8, 16, 32) is the template's choice of axis
 * rather than a way to fit decades, so it stays log whenever every value is
 * positive.
 */
export function adaptScales(spec: Json, ctx: FillContext, id: string): void {
  eachView(spec, undefined, ctx, id, (view, rows) => {
    if (rows === undefined || !isObj(view.encoding)) return;
    for (const def of Object.values(view.encoding)) {
      if (!isObj(def) || typeof def.field !== 'string' || !isObj(def.scale) || def.scale.type !== 'log') continue;
      const field = def.field;
      const keep = typeof def.scale.base === 'number' ? allPositive(field, rows) : wantsLog(field, rows);
      if (!keep) {
        delete def.scale.base;
        def.scale.type = 'linear';
        continue;
      }
      // `zero` is meaningless on a log scale (Vega-Lite drops it with a warning).
      delete def.scale.zero;
      // d3's ticks on a short base-2 domain fall between the powers (4, 6, 8, 10 …): tick the values drawn instead
      if (typeof def.scale.base === 'number' && def.axis !== null && !(isObj(def.axis) && 'values' in def.axis)) {
        const values = [...new Set(rows.map((r) => r[field]).filter(positiveFinite))].sort((a, b) => a - b);
        def.axis = { ...(isObj(def.axis) ? def.axis : {}), values };
      }
      if (rows.some((r) => typeof r[field] === 'number' && !positiveFinite(r[field]))) {
        const transform = Array.isArray(view.transform) ? view.transform : [];
        view.transform = [...transform, { filter: { field, gt: 0 } }];
      }
    }
  });
}
