import { createHash } from 'node:crypto';
import type { Scenario } from '../scenario/schema.js';

/** Length of a run id in hex digits (48 bits). */
export const RUN_ID_LENGTH = 12;

/**
 * A run's id: the first 12 hex digits of sha256(canonical JSON of {run,
 * scenario}) for the resolved scenario and run index. metrics.csv carries it
 * (`run_id`), and a sweep names each point's folder by it, so a row, a run
 * folder and a sweep point identify each other.
 */
export function runId(scenario: Scenario, run: number): string {
  return sha256(canonicalJson({ run, scenario })).slice(0, RUN_ID_LENGTH);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with every mapping's keys sorted, so equal data gives equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
