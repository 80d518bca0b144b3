import { LINK_PRESETS, OverrideError, applyOverrides, customizePreset, linkAttribute, presetProblems, type LinkPreset } from '../net/index.js';
import { scenarioMessages, type Problem } from './messages.js';
import type { Scenario } from './schema.js';

/**
 * A scenario's links resolved in one place: preset + `set:` overrides +
 * checks → the LinkPreset that runs. Validation, the resolved scenario and
 * the run all call this, so a link means the same thing everywhere.
 */

/** A link as a scenario states it: a preset name and overrides by declared dotted path. */
export interface LinkChoice {
  readonly preset: string;
  readonly set: Readonly<Record<string, unknown>>;
}

/** A link choice resolved: the preset that runs, or every problem with it (paths under `path`). */
export type ResolvedLink = { readonly ok: true; readonly link: LinkPreset } | { readonly ok: false; readonly problems: Problem[] };

/**
 * Resolve one link choice; `path` is where the scenario states it (for
 * messages). Each `set:` entry is checked by applyOverrides, as `--set` is:
 * the schema lets any value through, so a bad one reads the same either way.
 * A scenario's `set:` names declared fields only; `groups` (`--set`) also
 * takes a whole group (`framing={…}`).
 */
export function resolveLink(choice: LinkChoice, path: string, groups = false): ResolvedLink {
  const preset = LINK_PRESETS[choice.preset];
  if (preset === undefined) return { ok: false, problems: [scenarioMessages.unknownPreset(`${path}.preset`, choice.preset, 'link', Object.keys(LINK_PRESETS))] };
  const problems: Problem[] = [];
  for (const [field, value] of Object.entries(choice.set)) {
    try {
      applyOverrides(preset, { [field]: value });
    } catch (e) {
      if (!(e instanceof OverrideError)) throw e;
      problems.push(scenarioMessages.badOverride(`${path}.set.${field}`, e, choice.preset));
      continue;
    }
    // applyOverrides took it, so it is a declared field or a group of the preset
    if (!groups && linkAttribute(field) === undefined) {
      const fields = Object.keys(flattenPreset(preset)).filter((k) => k.startsWith(`${field}.`) && linkAttribute(k) !== undefined);
      problems.push(scenarioMessages.groupInSet(`${path}.set.${field}`, choice.preset, field, fields));
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const link = customizePreset(preset, choice.set);
  const inconsistent = presetProblems(link).map((p) => scenarioMessages.inconsistentLink(`${path}.set`, choice.preset, p));
  return inconsistent.length > 0 ? { ok: false, problems: inconsistent } : { ok: true, link };
}

/** The preset a validated link choice runs with; throws if the choice was not validated. */
export function effectiveLink(choice: LinkChoice): LinkPreset {
  const r = resolveLink(choice, 'link');
  if (!r.ok) throw new Error(scenarioMessages.unvalidatedLink(r.problems));
  return r.link;
}

/** Every link a scenario states, with its path: worker link, server link, each worker group. */
export function statedLinks(s: Scenario): [string, LinkChoice][] {
  return [
    ['network.workerLink', s.network.workerLink],
    ['network.serverLink', s.network.serverLink],
    ...(s.network.workerGroups ?? []).map((g, i): [string, LinkChoice] => [`network.workerGroups[${i}]`, g]),
  ];
}

/** Problems of every link of a scenario (unknown presets, overrides that do not fit, inconsistent links). */
export function linkProblems(s: Scenario): Problem[] {
  return statedLinks(s).flatMap(([path, choice]) => {
    const r = resolveLink(choice, path);
    return r.ok ? [] : r.problems;
  });
}

const isMapping = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * The problems of each link of a scenario's raw input whose own part parsed
 * (no schema issue at, above or under it, `issues` their paths), for when the
 * schema fails elsewhere: `set:` values are checked here, not by the schema,
 * and would otherwise go unreported until the rest is fixed. `preset`: the
 * preset of a link that names none.
 */
export function rawLinkProblems(raw: Record<string, unknown>, issues: readonly (readonly PropertyKey[])[], preset: string): Problem[] {
  const net = isMapping(raw.network) ? raw.network : {};
  const groups = Array.isArray(net.workerGroups) ? net.workerGroups : [];
  const links: [(string | number)[], unknown][] = [
    [['network', 'workerLink'], net.workerLink ?? {}],
    [['network', 'serverLink'], net.serverLink ?? {}],
    ...groups.map((g, i): [(string | number)[], unknown] => [['network', 'workerGroups', i], g]),
  ];
  const prefix = (a: readonly PropertyKey[], b: readonly PropertyKey[]) => a.length <= b.length && a.every((k, i) => k === b[i]);
  return links.flatMap(([keys, link]) => {
    if (!isMapping(link) || issues.some((path) => prefix(path, keys) || prefix(keys, path))) return [];
    const path = keys
      .map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`))
      .join('')
      .slice(1);
    const r = resolveLink({ preset: (link.preset as string | undefined) ?? preset, set: (link.set as Record<string, unknown> | undefined) ?? {} }, path);
    return r.ok ? [] : r.problems;
  });
}

/** One link choice per worker, in worker order. */
export function workerLinks(s: Scenario): LinkChoice[] {
  if (!s.network.workerGroups) return Array.from({ length: s.workers.count }, () => s.network.workerLink);
  return s.network.workerGroups.flatMap((g) => Array.from({ length: g.count }, () => g));
}

/** The links a validated scenario runs on: one per worker (in worker order) and the server's. */
export interface ResolvedLinks {
  readonly workers: readonly LinkPreset[];
  readonly server: LinkPreset;
}

/** Resolve a validated scenario's links; each worker gets its own copy (nothing shared between nodes). */
export function resolvedLinks(s: Scenario): ResolvedLinks {
  return { workers: workerLinks(s).map(effectiveLink), server: effectiveLink(s.network.serverLink) };
}

/** Every overridable field of a preset as declared dotted path → value (lists stay whole). */
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
