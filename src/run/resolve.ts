import type { Scenario, SchemeConfig } from '../scenario/schema.js';
import { effectiveLink, flattenPreset, type LinkChoice } from '../scenario/links.js';

// Links are resolved in the scenario layer; re-exported for the run code that imports them from here.
export { effectiveLink, flattenPreset, workerLinks, resolvedLinks, type LinkChoice, type ResolvedLinks } from '../scenario/links.js';

/**
 * Normalise a validated scenario: every link lists every preset field in
 * `set` with the value that will run, so scenario.resolved.yaml reproduces the
 * run alone even if presets change later; a scenario with a CAT scheme lists
 * the iterations cat.csv records. Returns a new object; the input is never
 * mutated.
 */
export function resolveScenario(s: Scenario): Scenario {
  const fill = <T extends LinkChoice>(link: T): T => ({ ...link, set: flattenPreset(effectiveLink(link)) });
  const copy = structuredClone(s);
  copy.network.workerLink = fill(s.network.workerLink);
  copy.network.serverLink = fill(s.network.serverLink);
  if (s.network.workerGroups) copy.network.workerGroups = s.network.workerGroups.map(fill);
  if (s.output.catCurveIterations === undefined && s.schemes.some(usesCat)) copy.output.catCurveIterations = catCurveIterations(s);
  return copy;
}

/** Whether a scheme compresses with CAT in either direction (then the run writes cat.csv). */
export function usesCat(scheme: SchemeConfig): boolean {
  return scheme.uplink.compressor.kind === 'cat' || scheme.downlink?.compressor.kind === 'cat';
}

/**
 * The iterations whose CAT curves cat.csv records: `output.catCurveIterations`,
 * else the first, middle and last, 1, ⌈N/2⌉ and N (N = training.iterations);
 * ascending, without repeats.
 */
export function catCurveIterations(s: Scenario): number[] {
  const n = s.training.iterations;
  const chosen = s.output.catCurveIterations ?? [1, Math.ceil(n / 2), n];
  return [...new Set(chosen)].sort((a, b) => a - b);
}
