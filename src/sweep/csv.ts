import { SWEEP_LEAD_FORMAT, type SweepLeadRow } from '../results/index.js';
import type { PointRecord } from './layout.js';

/** A swept value as a CSV cell: numbers, booleans and text as is, lists and mappings as JSON, null empty. */
export function paramCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** RFC 4180: quote a cell holding a comma, quote or line break. */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A point's leading cells of sweep.csv and verdict.csv (SWEEP_LEAD_FORMAT), then its swept values in `params` order. */
export function pointCells(p: PointRecord, params: readonly string[]): string[] {
  const lead = leadRow(p);
  return [...SWEEP_LEAD_FORMAT.map((c) => String(lead[c.name])), ...params.map((path) => paramCell(p.params[path]))];
}

/** A point's leading columns as a row. */
export function leadRow(p: PointRecord): SweepLeadRow {
  return { point: p.id, run: p.run, seed: p.seed };
}
