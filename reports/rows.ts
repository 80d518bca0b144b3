/**
 * Chart rows and the small helpers every dataset builder shares: scheme
 * columns, grouping, thinning, means. Kept apart from datasets.ts so the
 * builders of single charts (compression.ts, time-split.ts) can live in
 * files of their own.
 */

/** A value in a chart row. */
export type Value = string | number | boolean | null;
/** One chart data row. */
export type Row = Record<string, Value>;
/** Named datasets of a report: the names templates use in `"data": {"name": …}`. */
export type Datasets = Record<string, Row[]>;

/** Points kept per line (scheme × group) of the per-iteration charts; more are thinned evenly, the last always kept. */
export const MAX_POINTS_PER_SERIES = 400;

/** The columns every per-scheme row starts with. */
export interface SchemeColumns {
  /** The scheme's identifier (summary.json `name`). */
  scheme: string;
  /** What the charts show: its label, or its name when labels are not distinct. */
  scheme_label: string;
  /** Position in the report's scheme list (facet and bar order). */
  scheme_order: number;
}

/** Mean of `xs`; null for none. */
export const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Whether `v` is a finite number (not null, NaN or ±Infinity). */
export const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Display names of schemes: the labels when every scheme has a distinct one,
 * else the names (identifiers are unique by construction, labels are not).
 */
export function displayNames(schemes: readonly { name: string; label?: string | undefined }[]): Map<string, string> {
  const labels = schemes.map((s) => s.label ?? s.name);
  const unique = new Set(labels).size === labels.length;
  return new Map(schemes.map((s, i) => [s.name, unique ? labels[i]! : s.name]));
}

/** A scheme's {@link SchemeColumns}, from the report's display names (in report order). */
export function schemeColumns(display: Map<string, string>): (scheme: string) => SchemeColumns {
  const names = [...display.keys()];
  return (scheme) => {
    const i = names.indexOf(scheme);
    return { scheme, scheme_label: display.get(scheme) ?? scheme, scheme_order: i < 0 ? names.length : i };
  };
}

/** Evenly thins a series to at most `max` rows, keeping the first and the last. */
export function thin<T>(rows: readonly T[], max = MAX_POINTS_PER_SERIES): T[] {
  if (rows.length <= max) return [...rows];
  const stride = Math.ceil((rows.length - 1) / (max - 1));
  return rows.filter((_, i) => i % stride === 0 || i === rows.length - 1);
}

/** The fields `keys` of `item`, in that order: a record's columns copied into a chart row. */
export function pick<T, const K extends keyof T>(item: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = item[k];
  return out;
}

/** Items grouped by `key`, groups and items in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * Mean over runs and, with two runs or more, min and max (`lo`, `hi`; null
 * otherwise) of the finite values `f` gives: one point of a series with a band.
 */
export function spread<T>(rows: readonly T[], f: (r: T) => number | null | undefined): { mean: number | null; lo: number | null; hi: number | null } {
  const xs = rows.map(f).filter(finite);
  const band = rows.length >= 2 && xs.length >= 2;
  return { mean: mean(xs), lo: band ? Math.min(...xs) : null, hi: band ? Math.max(...xs) : null };
}

/** The unit a time axis counts in (s, ms or µs) so its largest value reads as 1 to 999, and the factor from seconds. */
export function timeUnit(largestS: number): { unit: string; perSecond: number } {
  if (largestS >= 1) return { unit: 's', perSecond: 1 };
  if (largestS >= 1e-3) return { unit: 'ms', perSecond: 1e3 };
  return { unit: 'µs', perSecond: 1e6 };
}
