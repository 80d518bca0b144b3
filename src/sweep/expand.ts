import { RUN_ID_LENGTH, runId, sha256 } from '../run/run-id.js';
import { checkScenario, readScenarioInput, validateScenario, type ScenarioInput } from '../scenario/load.js';
import { resolveProfileFiles } from '../scenario/profile-checks.js';
import { ScenarioError, formatProblem, type Problem } from '../scenario/messages.js';
import type { Scenario } from '../scenario/schema.js';
import { resolveScenario } from '../run/resolve.js';
import { axisWhere, describePoint, sweepMessages } from './messages.js';
import { parsePath, resolvedPath, setAt, type PathSegment } from './path.js';
import { sweepLocator, type Position } from './raw.js';

/**
 * Sweep expansion: a scenario with a `sweep:` block → its points.
 *
 * Canonical order (documented, deterministic, the order of sweep.csv and of
 * sharding): the axes are the grid fields in the order written, then the zip
 * groups in the order written; they vary like nested loops, the last axis
 * fastest. Each combination runs for every seed of `sweep.seeds` (in the order
 * given; default: the scenario's own seed), and for each seed `repetitions`
 * times (run index 0 … n−1, innermost).
 *
 * Each point is the scenario's raw input (after `extends`, before defaults)
 * with every swept value set at its path and without the sweep block,
 * validated again by the scenario validator and resolved; a value that does
 * not validate is reported as a ScenarioError naming the point and the path.
 */

/** One axis of the product: a grid field, or a zip group varying several fields together. */
export interface SweepAxis {
  /** Field paths as written in the sweep block. */
  readonly paths: readonly string[];
  /** values[i][j]: the value of paths[j] at step i. */
  readonly values: readonly (readonly unknown[])[];
  /** The zip group's index, for a zip axis. */
  readonly zipGroup?: number;
}

/** One run of a sweep: a resolved scenario and a run index. */
export interface SweepPoint {
  /** Position in the canonical order, 0-based. */
  readonly index: number;
  /** Short content hash of (resolved scenario, run index): the run's folder name, stable across invocations. */
  readonly id: string;
  /** Swept field path → value, in column order. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The point's scenario seed. */
  readonly seed: number;
  /** Run index (repetition) 0 … repetitions−1: changes every random stream. */
  readonly run: number;
  /** The resolved scenario (no sweep block), as `gradwire run` would run it. */
  readonly scenario: Scenario;
}

/** A sweep expanded into its points, in canonical order. */
export interface ExpandedSweep {
  /** The scenario's name. */
  readonly name: string;
  /** Swept field paths, in column order (grid fields, then zip fields). */
  readonly parameters: readonly string[];
  readonly points: readonly SweepPoint[];
  /** Hash of the ordered point ids: equal exactly when two expansions run the same points. */
  readonly id: string;
}

/** Length of a point id in hex digits (48 bits). */
export const POINT_ID_LENGTH = RUN_ID_LENGTH;

/** Read a scenario file and expand its sweep (a file without a sweep block is one point). */
export function loadSweep(file: string): ExpandedSweep {
  return expandSweep(readScenarioInput(file));
}

/**
 * Validate scenario text (as `parseScenario`) and expand its sweep block.
 * `file` names the scenario in messages and resolves `extends`.
 */
export function expandSweepText(text: string, file: string): ExpandedSweep {
  return expandSweep(readScenarioInput(file, text));
}

/** Validate a scenario's input and expand its sweep block. */
function expandSweep(input: ScenarioInput): ExpandedSweep {
  const { file } = input;
  const base = validateScenario(input.raw, file, input.locate);
  const sweep = base.sweep ?? { grid: {}, zip: [], repetitions: 1 };
  const locate = sweepLocator(input);
  const { sweep: _sweep, ...raw } = input.raw;

  const axes: SweepAxis[] = [];
  const segments = new Map<string, readonly PathSegment[]>();
  const problems: Problem[] = [];
  const declare = (path: string, zipGroup?: number) => {
    const where = axisWhere(path, zipGroup);
    const at = (p: Problem): Problem => ({ ...p, ...locate(path, zipGroup) });
    if (segments.has(path)) return problems.push(at(sweepMessages.duplicateAxis(where, path)));
    const parsed = parsePath(path);
    if (!parsed.ok) return problems.push(at(sweepMessages.pathSyntax(where, path, parsed.reason)));
    if (sweep.seeds !== undefined && parsed.segments.length === 1 && parsed.segments[0]!.kind === 'key' && parsed.segments[0]!.key === 'seed') {
      problems.push(at(sweepMessages.seedSweptTwice(where)));
    }
    if (parsed.segments[0]!.kind === 'key' && parsed.segments[0]!.key === 'extends') {
      problems.push(at(sweepMessages.extendsSwept(where)));
    }
    segments.set(path, parsed.segments);
  };
  for (const [path, values] of Object.entries(sweep.grid)) {
    declare(path);
    axes.push({ paths: [path], values: values.map((v) => [v]) });
  }
  for (const [g, group] of sweep.zip.entries()) {
    const entries = Object.entries(group);
    for (const [path] of entries) declare(path, g);
    const lengths = Object.fromEntries(entries.map(([p, vs]) => [p, vs.length]));
    const n = entries[0]?.[1].length ?? 0;
    if (entries.some(([, vs]) => vs.length !== n)) {
      problems.push({ ...sweepMessages.zipLengths(g, lengths), ...locate(undefined) });
      continue;
    }
    axes.push({ paths: entries.map(([p]) => p), values: Array.from({ length: n }, (_, i) => entries.map(([, vs]) => vs[i])), zipGroup: g });
  }
  if (problems.length > 0) throw new ScenarioError(file, problems);

  const parameters = axes.flatMap((a) => a.paths);
  const seeds = sweep.seeds ?? [undefined];
  const combos = product(axes.map((a) => a.values.length));
  const total = combos.length * seeds.length * sweep.repetitions;
  const points: SweepPoint[] = [];
  const found = new Map<string, Problem>();
  const byId = new Map<string, number>();
  let index = -1;
  for (const combo of combos) {
    for (const seed of seeds) {
      for (let run = 0; run < sweep.repetitions; run++) {
        index++;
        const settings = combo.flatMap((step, a) => axes[a]!.paths.map((path, j) => ({ path, value: axes[a]!.values[step]![j], zipGroup: axes[a]!.zipGroup })));
        const params = Object.fromEntries(settings.map((s) => [s.path, s.value]));
        const label = describePoint(params, seed, run);
        const point = buildPoint(raw, settings, segments, seed, locate, file);
        if (!point.ok) {
          for (const p of point.problems) {
            const key = formatProblem(p.file ?? file, p);
            if (!found.has(key)) found.set(key, { ...p, hint: [p.hint, sweepMessages.inPoint(index, total, label)].filter(Boolean).join('; ') });
          }
          continue;
        }
        const id = pointId(point.scenario, run);
        const twin = byId.get(id);
        if (twin !== undefined) throw new ScenarioError(file, [{ ...sweepMessages.duplicatePoints(twin, index, total), ...locate(undefined) }]);
        byId.set(id, index);
        points.push({ index, id, params, seed: point.scenario.seed, run, scenario: point.scenario });
      }
    }
  }
  if (found.size > 0) throw new ScenarioError(file, [...found.values()]);
  return { name: base.name, parameters, points, id: sha256(points.map((p) => p.id).join('\n')) };
}

/** Indices of every combination of axes with the given lengths, the last axis fastest. */
function product(lengths: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const n of lengths) out = out.flatMap((prefix) => Array.from({ length: n }, (_, i) => [...prefix, i]));
  return out;
}

type Setting = { readonly path: string; readonly value: unknown; readonly zipGroup: number | undefined };

function buildPoint(
  raw: Record<string, unknown>,
  settings: readonly Setting[],
  segments: ReadonlyMap<string, readonly PathSegment[]>,
  seed: number | undefined,
  locate: (path?: string, zipGroup?: number) => Position | undefined,
  file: string,
): { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] } {
  const input = structuredClone(raw);
  const problems: Problem[] = [];
  for (const s of settings) {
    // a copy per point: the scenarios of different points share nothing
    const problem = setAt(input, segments.get(s.path)!, structuredClone(s.value), s.path);
    if (problem) problems.push({ ...problem, ...locate(s.path, s.zipGroup) });
  }
  if (seed !== undefined) input.seed = seed;
  if (problems.length > 0) return { ok: false, problems };
  const checked = checkScenario(input);
  if (!checked.ok) {
    // Place each problem at the sweep entry that set its field (else at `sweep:`).
    const fields = settings.map((s) => ({ s, path: resolvedPath(input, segments.get(s.path)!) ?? s.path }));
    return {
      ok: false,
      problems: checked.problems.map((p) => {
        const cause = fields.find(({ path }) => related(p.path, path));
        return { ...p, ...locate(cause?.s.path, cause?.s.zipGroup) };
      }),
    };
  }
  // a profile's files, resolved against the sweep file's folder and checked for this point
  const files = resolveProfileFiles(checked.scenario, file);
  if (files.problems.length > 0) return { ok: false, problems: files.problems.map((p) => ({ ...p, ...locate('model') })) };
  return { ok: true, scenario: resolveScenario(files.scenario) };
}

/** Whether a problem at field `a` may come from a value set at field `b` (one contains the other). */
function related(a: string, b: string): boolean {
  const within = (x: string, y: string) => x === y || x.startsWith(`${y}.`) || x.startsWith(`${y}[`);
  return within(a, b) || within(b, a);
}

/** The point id: its run id (see `runId`). */
export const pointId = runId;
