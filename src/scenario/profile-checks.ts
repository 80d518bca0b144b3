import { existsSync, readFileSync, statSync } from 'node:fs';
import { utf8Text } from './utf8.js';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { BUNDLED_PROFILES, ProfileError, parseProfile } from '../learn/workloads/profiles/index.js';
import { openRecorded } from '../learn/workloads/gradients/recorded-files.js';
import type { Scenario } from './schema.js';
import type { Problem } from './messages.js';
import { didYouMean } from '../text/did-you-mean.js';
import { choiceWords, describeValue } from '../text/value-words.js';
import { fieldText, placeText } from '../text/problem-text.js';

type ProfileModel = Extract<Scenario['model'], { kind: 'profile' }>;

/**
 * Checks of a profile scenario that need no files: a bundled name that
 * exists, a batch size in samples, no loss or accuracy target (nothing is
 * trained), distinct gradients only for profiles and at most the workers.
 */
export function profileProblems(s: Scenario): Problem[] {
  const problems: Problem[] = [];
  const m = s.model;
  const R = s.workers.distinctGradients;
  if (m.kind !== 'profile') {
    if (R !== undefined) {
      problems.push({
        path: 'workers.distinctGradients',
        expected: 'absent for a trained model (each worker trains on its own data shard)',
        given: describeValue(R),
        hint: 'use it with model: { kind: profile, … }',
      });
    }
    return problems;
  }
  if (R !== undefined && R > s.workers.count) problems.push({ path: 'workers.distinctGradients', expected: `at most workers.count (${s.workers.count})`, given: describeValue(R) });
  if (m.name !== undefined && !(m.name in BUNDLED_PROFILES)) {
    const known = Object.keys(BUNDLED_PROFILES);
    problems.push({ path: 'model.name', expected: `a bundled profile: ${choiceWords(known)}`, given: describeValue(m.name), hint: didYouMean(m.name, known) });
  }
  if (s.workers.batchSize === 'full') problems.push({ path: 'workers.batchSize', expected: 'a number of samples per step (a profile has no data set)', given: '"full"' });
  const stop = s.training.stop;
  for (const field of ['targetLoss', 'targetAccuracy'] as const) {
    if (stop[field] !== undefined) {
      problems.push({
        path: `training.stop.${field}`,
        expected: 'absent: a workload profile trains nothing, so it has no loss or accuracy',
        given: describeValue(stop[field]),
        hint: 'stop on maxTimeS or maxEnergyJ, or compare per-iteration time, bytes and energy',
      });
    }
  }
  return problems;
}

/**
 * A profile scenario with its file paths (model.file, a recorded trace's
 * dir) resolved against the scenario file's folder, and the problems of the
 * files they name: unreadable, not a profile table, a trace that does not
 * fit the profile or is shorter than the run. Messages name the user's
 * fields and the files, never quote another file's contents.
 */
export function resolveProfileFiles(s: Scenario, scenarioFile: string): { scenario: Scenario; problems: Problem[] } {
  const m = s.model;
  if (m.kind !== 'profile') return { scenario: s, problems: [] };
  const base = dirname(resolvePath(scenarioFile));
  const abs = (p: string) => (isAbsolute(p) ? p : resolvePath(base, p));
  const problems: Problem[] = [];
  let model: ProfileModel = m;
  let layers: { name: string; size: number }[] | undefined;
  if (m.file !== undefined) {
    const file = abs(m.file);
    model = { ...model, file };
    const text = existsSync(file) && statSync(file).isFile() ? utf8Text(readFileSync(file)) : undefined;
    if (text === undefined) {
      const what = !existsSync(file) ? 'no such file' : statSync(file).isDirectory() ? 'a directory, not a file' : 'not a regular file (a device or socket)';
      problems.push({ path: 'model.file', expected: 'a readable profile table (YAML)', given: `${JSON.stringify(m.file)}: ${what} (${file})` });
    } else if ('notText' in text) {
      problems.push({ path: 'model.file', expected: 'a profile table in UTF-8 (YAML text)', given: `${JSON.stringify(m.file)}: ${text.notText}` });
    } else {
      try {
        layers = parseProfile(text.text, file).layers.map((l) => ({ name: l.name, size: l.params }));
      } catch (e) {
        problems.push({ path: 'model.file', expected: 'a profile table (name, source, layers with params and forwardFlops)', given: `${JSON.stringify(m.file)}: ${tableProblem(e, file)}` });
      }
    }
  } else if (m.name !== undefined && BUNDLED_PROFILES[m.name] !== undefined) {
    layers = BUNDLED_PROFILES[m.name]!.layers.map((l) => ({ name: l.name, size: l.params }));
  }
  const g = m.gradients;
  if (g.kind === 'recorded') {
    const dir = abs(g.dir);
    model = { ...model, gradients: { ...g, dir } };
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      const what = existsSync(dir) ? 'a file, not a directory' : 'no such directory';
      problems.push({ path: 'model.gradients.dir', expected: 'a directory of recorded gradients (docs/gradients.md)', given: `${JSON.stringify(g.dir)}: ${what} (${dir})` });
    } else if (layers !== undefined) {
      try {
        const trace = openRecorded(dir, layers, { cycle: g.cycle });
        if (!g.cycle && trace.iterations < s.training.iterations) {
          problems.push({
            path: 'model.gradients.dir',
            expected: `a trace of at least training.iterations = ${s.training.iterations} iterations`,
            given: `${trace.iterations} recorded iterations in ${JSON.stringify(g.dir)}`,
            hint: 'set model.gradients.cycle: true to start over, or fewer training.iterations',
          });
        }
      } catch (e) {
        problems.push({ path: 'model.gradients.dir', expected: 'a recorded trace that fits the profile (docs/gradients.md)', given: firstLine(e) });
      }
    }
  }
  return { scenario: { ...s, model }, problems };
}

/**
 * Where and what is wrong in a profile table, without quoting it: the table
 * is another file than the scenario (it may be any file the user pointed
 * at), so its values are never copied into a message.
 */
function tableProblem(e: unknown, file: string): string {
  if (!(e instanceof ProfileError)) return firstLine(e);
  const first = e.problems[0];
  if (first === undefined) return firstLine(e);
  const more = e.problems.length > 1 ? ` (and ${e.problems.length - 1} more problem${e.problems.length > 2 ? 's' : ''})` : '';
  return `${placeText(file, first)}: ${fieldText(first.path)}: expected ${first.expected}${more}`;
}

function firstLine(e: unknown): string {
  return ((e as Error).message ?? String(e)).split('\n')[0] as string;
}
