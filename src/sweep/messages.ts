import type { Problem } from '../scenario/messages.js';
import { rangeWords } from '../text/number-words.js';
import { fieldText } from '../text/problem-text.js';
import { choiceWords, cutText, describeValue } from '../text/value-words.js';
import { didYouMean } from '../text/did-you-mean.js';

/**
 * The sweep layer's catalog of messages. Problems with a swept field or value
 * are scenario problems (reported as a ScenarioError, exit code 2); problems
 * with how a sweep is run (shard spec, output folder, merge inputs) are
 * SweepInputErrors, which the CLI reports as bad input (exit code 2).
 */

/** Bad input to running or merging a sweep (not a problem of the scenario file). */
export class SweepInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepInputError';
  }
}

/** Where an axis is declared in the sweep block, e.g. `sweep.grid["workers.count"]` or `sweep.zip[0]["seed"]`. */
export function axisWhere(path: string, zipGroup?: number): string {
  return zipGroup === undefined ? `sweep.grid[${JSON.stringify(path)}]` : `sweep.zip[${zipGroup}][${JSON.stringify(path)}]`;
}

/** The sweep layer's messages: problems (field path, expected, given, hint) and CLI error texts, each naming the value and the fix. */
export const sweepMessages = {
  pathSyntax: (where: string, path: string, reason: string): Problem => ({
    path: where,
    expected: 'a field path such as `workers.count`, `schemes[1].uplink.compressor.ratio` or `schemes[topk].uplink.errorFeedback`',
    given: `${JSON.stringify(path)} (${reason})`,
  }),
  duplicateAxis: (where: string, path: string): Problem => ({
    path: where,
    expected: 'each field swept once (in grid or in one zip group)',
    given: `${JSON.stringify(path)} swept again`,
    hint: 'put values that vary together in one zip group',
  }),
  /** `extends` is followed before the sweep, so it cannot vary between points. */
  extendsSwept: (where: string): Problem => ({
    path: where,
    expected: 'a field of the scenario',
    given: '`extends`, which is followed before the sweep',
    hint: 'sweep the fields the base files differ in',
  }),
  seedSweptTwice: (where: string): Problem => ({
    path: where,
    expected: 'seed swept by `sweep.seeds` only',
    given: '`seed` also swept as a field',
    hint: 'drop `seed` from grid/zip and list the seeds under `sweep.seeds`',
  }),
  zipLengths: (group: number, lengths: Readonly<Record<string, number>>): Problem => ({
    path: `sweep.zip[${group}]`,
    expected: 'value lists of equal length (a zip group varies its fields together)',
    given: `lengths ${Object.entries(lengths)
      .map(([p, n]) => `${p}: ${n}`)
      .join(', ')}`,
  }),
  noSuchElement: (path: string, at: string, name: string, names: readonly string[]): Problem => ({
    path,
    expected: names.length > 0 ? `an element of ${at} named ${choiceWords(names)}` : `a named element of ${at} (it has none)`,
    given: describeValue(name),
    hint: didYouMean(name, names),
  }),
  indexOutOfRange: (path: string, at: string, index: number, length: number): Problem => ({
    path,
    expected: `an index of ${at} below its length ${length}`,
    given: `index ${index}`,
  }),
  /** The field at `at` on the way to the swept `path` is not a list or mapping: the problem stays at the swept path, the expectation names the field. */
  notAContainer: (path: string, at: string, wanted: 'list' | 'mapping', value: unknown): Problem => ({
    path,
    expected: `a ${wanted} at ${fieldText(at)}`,
    given: describeValue(value),
  }),
  duplicatePoints: (a: number, b: number, total: number): Problem => ({
    path: 'sweep',
    expected: 'every point of the sweep different',
    given: `points ${a + 1} and ${b + 1} of ${total} resolve to the same scenario and run index`,
    hint: 'remove the repeated value (use sweep.repetitions to repeat runs)',
  }),
  /** Appended to a problem found in one point of the sweep. */
  inPoint: (index: number, total: number, params: string): string => `in sweep point ${index + 1} of ${total} (${params})`,
  badShard: (spec: string): string => `--shard ${describeValue(spec)}: expected i/n with whole numbers 1 ≤ i ≤ n (e.g. --shard 2/4)`,
  badThreads: (given: string): string => `--threads ${describeValue(given)}: expected ${rangeWords({ integer: true, min: 1 })}`,
  outputHasRuns: (dir: string, count: number): string => `${dir} already holds ${count} finished run(s); pass --resume to keep them and run only the rest, or choose another --out`,
  notASweepDir: (dir: string, reason: string): string => `${dir}: not a sweep output folder (${reason}); give folders written by \`gradwire sweep --out\``,
  differentSweeps: (a: string, b: string): string => `${a} and ${b} hold different sweeps (their point lists differ); merge only the shards of one sweep`,
  mergeOutIsInput: (dir: string): string => `--out ${dir} is also an input; merge into a new folder`,
  statusNoFolder: (dir: string): string => `--status ${dir}: no such folder; give a sweep's --out folder, or the folder holding its shards' folders`,
  statusNoSweep: (dir: string): string => `--status ${dir}: no sweep output folder there yet (no sweep.json in it or in its subfolders); a shard writes one as soon as it starts`,
  statusWithScenario: (file: string): string => `--status reads sweep output folders, not a scenario: drop ${file}, or drop --status to run the sweep`,
  missingScenario: (): string => "missing required argument 'scenario' (or --status <dir…> to see how far a running sweep has got)",
  missingRun: (dir: string, id: string): string => `${dir}: sweep.json lists point ${id} as finished but runs/${id}/ is missing or incomplete`,
  badRunFile: (dir: string, id: string, file: string, problem: string): string =>
    `${dir}: runs/${id}/${file} is not a run's ${file} (${problem}); delete runs/${id}/ and run the sweep again with --resume`,
  missingRunFile: (dir: string, id: string, file: string): string =>
    `${dir}: sweep.json lists point ${id} as finished but runs/${id}/${file} is missing; delete runs/${id}/ and run the sweep again with --resume`,
  /** Reasons for {@link sweepMessages.notASweepDir} from a sweep.json that parses but is incomplete. */
  olderManifest: (manifestFile: string, field: 'sweep' | 'total'): string =>
    `${manifestFile}: ${field}: expected ${field === 'sweep' ? "the sweep's id" : "the sweep's number of points"}, given nothing (a sweep of an older gradwire)`,
  incompletePoints: (manifestFile: string, points: number, total: number): string => `${manifestFile}: points: expected a complete point list of ${total}, given ${points}`,
};

/**
 * A sweep point in a message or a progress line: each swept field's value, its seed and run index
 * (`workers.count = 8, seed 1, run 0`); a long value cut as a quoted text is, so a line stays a line.
 */
export function describePoint(params: Readonly<Record<string, unknown>>, seed: number | undefined, run: number): string {
  const show = (v: unknown) => {
    if (typeof v === 'string') return describeValue(v);
    return cutText(JSON.stringify(v) ?? String(v));
  };
  return [...Object.entries(params).map(([p, v]) => `${p} = ${show(v)}`), ...(seed !== undefined ? [`seed ${seed}`] : []), `run ${run}`].join(', ');
}
