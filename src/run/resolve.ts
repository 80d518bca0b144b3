import { LINK_PRESETS, customizePreset, type LinkPreset } from '../net/index.js';
import type { Scenario, SchemeConfig } from '../scenario/schema.js';

type LinkChoice = { readonly preset: string; readonly set: Readonly<Record<string, unknown>> };

/** The preset a link choice names, with its overrides applied (the choice must have been validated). */
export function effectiveLink(choice: LinkChoice): LinkPreset {
  return customizePreset(LINK_PRESETS[choice.preset]!, choice.set);
}

/** Every overridable field of a preset as dotted path → value (lists stay whole). */
export function flattenPreset(preset: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (v: unknown, path: string) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) if (!(path === '' && ['name', 'description', 'family', 'medium', 'sources'].includes(k))) walk(x, path ? `${path}.${k}` : k);
    } else if (path !== '' && !path.endsWith('.source')) {
      out[path] = v;
    }
  };
  walk(preset, '');
  return out;
}

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

/** One link choice per worker, in worker order. */
export function workerLinks(s: Scenario): LinkChoice[] {
  if (!s.network.workerGroups) return Array.from({ length: s.workers.count }, () => s.network.workerLink);
  return s.network.workerGroups.flatMap((g) => Array.from({ length: g.count }, () => g));
}
