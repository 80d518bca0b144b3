import type { Scenario } from '../scenario/schema.js';

/**
 * A rough size of one point's run: iterations × schemes × workers (each
 * iteration of each scheme computes one gradient per worker). Used only to
 * order the pool's queue, never in a result.
 */
export function workEstimate(scenario: Scenario): number {
  return scenario.training.iterations * scenario.schemes.length * scenario.workers.count;
}

/**
 * Points in the order the pool should take them: largest estimate first
 * (ties in sweep order). Longest-processing-time-first leaves the small
 * points for the end, so the threads run out of work at nearly the same time
 * instead of one finishing a large point alone; results do not depend on it
 * (each point is independent, and the tables are written in sweep order).
 */
export function largestFirst<P extends { readonly index: number; readonly scenario: Scenario }>(points: readonly P[]): P[] {
  const size = new Map(points.map((p) => [p.index, workEstimate(p.scenario)]));
  return [...points].sort((a, b) => (size.get(b.index) as number) - (size.get(a.index) as number) || a.index - b.index);
}
