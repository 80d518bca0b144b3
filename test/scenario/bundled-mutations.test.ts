import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom as rng } from './seeded.js';
import { checkFile } from '../../src/cli/actions/validate.js';
import { OverrideError } from '../../src/net/presets/override.js';
import { runScenario } from '../../src/run/run.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { ScenarioError } from '../../src/scenario/messages.js';
import type { Scenario } from '../../src/scenario/schema.js';

// Issue #15, ask 5: seeded mutations of every bundled scenario — a key deleted, a type swapped, a number out of
// range, an unknown key, the YAML's keys shuffled — go through what `gradwire validate` does (checkFile). It must
// never throw anything but a ScenarioError (or a preset OverrideError) naming the file; a shuffled file must mean
// the same scenario; and what it accepts of the scenarios cheap enough to run here (a 2-iteration run in about a
// second) must complete a 2-iteration run. The others (workload profiles on hundreds of workers, MNIST studies of
// minutes) are validated only.

const ROOT = join(import.meta.dirname, '../../scenarios');
const BUNDLED = ['', 'learn', 'papers', 'presets', 'studies'].flatMap((d) =>
  readdirSync(join(ROOT, d))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(d, f)),
);
/** Bundled scenarios whose 2-iteration run takes about a second or less here. */
const RUNNABLE = new Set([
  'default.yaml',
  'papers/cat.yaml',
  'papers/regtopk-linear.yaml',
  'papers/regtopk-toy.yaml',
  'papers/thesis-quadratic.yaml',
  'presets/ieee802154.yaml',
  'presets/ieee802154-6lowpan.yaml',
  'studies/media.yaml',
  'studies/cat-cost-metric.yaml',
]);
const MUTATIONS = 520;

const dir = mkdtempSync(join(tmpdir(), 'gw-bundled-mutations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = unknown;
type Path = (string | number)[];

/** Every path below the root (mappings' keys and sequences' indices), with its value. */
function paths(x: Json, at: Path = []): { path: Path; value: Json }[] {
  if (x === null || typeof x !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(x) ? x.map((v, i) => [i, v]) : Object.entries(x as Record<string, Json>);
  return entries.flatMap(([k, v]) => [{ path: [...at, k], value: v }, ...paths(v, [...at, k])]);
}

function setAt(root: Json, path: Path, value: Json | undefined): void {
  let x = root as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) x = x[k] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (value !== undefined) x[last] = value;
  else if (Array.isArray(x)) x.splice(last as number, 1);
  else delete x[last];
}

function shuffled(x: Json, next: () => number): Json {
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) return x.map((v) => shuffled(v, next));
  const keys = Object.keys(x as object);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  return Object.fromEntries(keys.map((k) => [k, shuffled((x as Record<string, Json>)[k], next)]));
}

const OUT_OF_RANGE = [-1, 0, 0.5, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53 + 2, 1e-320, -0.001];
const SWAPS: Json[] = ['x', '', 3, -7, true, null, [], {}, [1, 'a'], { kind: 'nonsense' }];

/** One mutation of `raw` (mutated in place), described. */
function mutate(raw: Json, next: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T;
  const all = paths(raw);
  const op = Math.floor(next() * 4);
  if (op === 0) {
    const { path } = pick(all);
    setAt(raw, path, undefined);
    return `delete ${path.join('.')}`;
  }
  if (op === 1) {
    const numbers = all.filter((p) => typeof p.value === 'number');
    const { path } = numbers.length > 0 ? pick(numbers) : pick(all);
    const v = pick(OUT_OF_RANGE);
    setAt(raw, path, v);
    return `${path.join('.')} = ${v}`;
  }
  if (op === 2) {
    const { path, value } = pick(all);
    const v = pick(SWAPS.filter((s) => typeof s !== typeof value));
    setAt(raw, path, v);
    return `${path.join('.')} = ${JSON.stringify(v)} (was ${typeof value})`;
  }
  const maps = [{ path: [] as Path, value: raw }, ...all].filter((p) => p.value !== null && typeof p.value === 'object' && !Array.isArray(p.value));
  const { path } = pick(maps);
  setAt(raw, [...path, 'unknownField'], 1);
  return `add ${[...path, 'unknownField'].join('.')}`;
}

/** What validate says: the accepted scenario (and its first sweep point), or the refusal's text. */
function validateFile(file: string): { scenario: Scenario } | { refused: string } {
  try {
    const r = checkFile(file);
    if ('refusal' in r) return { refused: r.refusal };
    return { scenario: r.points?.[0]?.scenario ?? r.scenario };
  } catch (e) {
    if (e instanceof ScenarioError || e instanceof OverrideError) return { refused: e.message };
    throw new Error(`validate threw ${(e as Error).name} (not a refusal): ${(e as Error).message}`, { cause: e });
  }
}

describe('validate on seeded mutations of every bundled scenario', () => {
  it(`refuses with the file named or accepts, never throws, and what it accepts runs (${MUTATIONS} mutations)`, async () => {
    const next = rng(2026);
    const failures: string[] = [];
    const tally = { refused: 0, accepted: 0, ran: 0, shuffles: 0 };
    for (let i = 0; i < MUTATIONS; i++) {
      const source = BUNDLED[i % BUNDLED.length]!;
      const original = parse(readFileSync(join(ROOT, source), 'utf8')) as Json;
      const file = join(dir, `m${i}-${source.replace(/\//g, '-')}`);
      // one in eight: the same scenario with its keys in another order
      if (i % 8 === 7) {
        writeFileSync(file, stringify(shuffled(original, next)));
        const a = validateFile(file);
        const b = validateFile(join(ROOT, source));
        if (!('scenario' in a) || !('scenario' in b)) failures.push(`${source} shuffled: ${'refused' in a ? a.refused : 'accepted'}`);
        else expect(resolveScenario(a.scenario), `${source} shuffled`).toEqual(resolveScenario(b.scenario));
        tally.shuffles++;
        continue;
      }
      const raw = structuredClone(original);
      const what = `${source}: ${mutate(raw, next)}`;
      writeFileSync(file, stringify(raw));
      let verdict;
      try {
        verdict = validateFile(file);
      } catch (e) {
        failures.push(`${what}: ${(e as Error).message}`);
        continue;
      }
      if ('refused' in verdict) {
        tally.refused++;
        if (!verdict.refused.includes(file)) failures.push(`${what}: the refusal does not name the file: ${verdict.refused}`);
        continue;
      }
      tally.accepted++;
      if (!RUNNABLE.has(source)) continue;
      const s = verdict.scenario;
      try {
        await runScenario({ ...s, training: { ...s.training, iterations: 2 }, output: { ...s.output, report: false } }, join(dir, `run-${i}`));
        tally.ran++;
      } catch (e) {
        failures.push(`${what}: accepted, then the 2-iteration run threw ${(e as Error).name}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    expect(failures.join('\n')).toBe('');
    if (process.env.GATE_LOG) console.log(tally);
    // both sides of the gate are exercised, and accepted mutations do run
    expect(tally.refused).toBeGreaterThan(100);
    expect(tally.accepted).toBeGreaterThan(50);
    expect(tally.ran).toBeGreaterThan(20);
    expect(tally.shuffles).toBe(MUTATIONS / 8);
  }, 900_000);
});
