/** Walking a Vega-Lite spec's views with the rows each one reads (its own named dataset, else its parent's). */
import type { Datasets, Row } from './rows.js';

/** What a template is filled from. */
export interface FillContext {
  datasets: Datasets;
  tokens: Readonly<Record<string, string>>;
  /** Scheme display names in report order: fixes each scheme's colour across charts. */
  schemes: readonly string[];
  /** Vega-Lite config merged under the template's own (the theme). */
  theme?: Record<string, unknown>;
}

/** A JSON object of a spec. */
export type Json = Record<string, unknown>;

export const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
export const CONCAT_KEYS = ['layer', 'hconcat', 'vconcat', 'concat'] as const;

/** The rows a view reads: its own named dataset, else its parent's (undefined: inline or external data, not judged). */
export function viewRows(node: Json, inherited: Row[] | undefined, ctx: FillContext, id: string): Row[] | undefined {
  const data = node.data;
  if (!isObj(data)) return inherited;
  if (typeof data.name === 'string') {
    const rows = ctx.datasets[data.name];
    if (rows === undefined) throw new Error(`spec ${id}: unknown dataset "${data.name}" (known: ${Object.keys(ctx.datasets).sort().join(', ')})`);
    return rows;
  }
  return undefined;
}

/** Visits every view with its effective rows (see {@link viewRows}). */
export function eachView(node: Json, inherited: Row[] | undefined, ctx: FillContext, id: string, fn: (view: Json, rows: Row[] | undefined) => void): void {
  const rows = viewRows(node, inherited, ctx, id);
  fn(node, rows);
  if (isObj(node.spec)) eachView(node.spec, rows, ctx, id, fn);
  for (const key of CONCAT_KEYS) {
    const children = node[key];
    if (Array.isArray(children)) for (const c of children) if (isObj(c)) eachView(c, rows, ctx, id, fn);
  }
}
