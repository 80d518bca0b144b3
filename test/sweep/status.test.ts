import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../temp-dirs.js';
import { expandSweepText, type ExpandedSweep } from '../../src/sweep/expand.js';
import { mergeSweeps } from '../../src/sweep/merge.js';
import { SweepInputError, sweepMessages } from '../../src/sweep/messages.js';
import { OWNER_FILE, PARTIAL_DIR, readManifest } from '../../src/sweep/results.js';
import { parseShard, runSweep } from '../../src/sweep/run.js';
import { sweepProgress, type SweepProgress } from '../../src/sweep/status.js';

// `gradwire sweep --status`: how far a sweep has got, read from its output folders while they are written
// (the command's output: test/cli/actions/sweep.test.ts).
// The pool's workers run the compiled tree (npm test builds first).

const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/src/cli/main.js');

const scenario = (iterations: number, grid: string) => `name: progress
workers: { count: 2, batchSize: 8 }
model: { kind: logistic-regression, features: 40, trainSamples: 200, testSamples: 50 }
training: { iterations: ${iterations}, learningRate: 10 }
schemes:
  - name: dense
sweep:
  grid:
${grid}`;
const FOUR = scenario(4, '    workers.count: [2, 3]\n  seeds: [1, 2]\n');

const tmp = tempDirs('gradwire-status-');
const counts = (p: SweepProgress) => Object.fromEntries(Object.entries(p.counts).filter(([, n]) => n > 0));

function gradwire(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('sweep progress from the output folders', () => {
  let sweep: ExpandedSweep;
  beforeAll(() => {
    sweep = expandSweepText(FOUR, 'progress.yaml');
  });

  it('while a sweep runs: sweep.json from the start, the folder running under this process, then done', async () => {
    const out = tmp();
    let atStart: SweepProgress | undefined;
    let midway: SweepProgress | undefined;
    await runSweep(sweep, {
      outDir: out,
      threads: 1,
      onStart: () => {
        atStart = sweepProgress([out]);
      },
      onPointDone: (e) => {
        if (e.done === 1) midway = sweepProgress([out]);
      },
    });
    // before any point ran: every point listed, pending, the folder running here
    expect(atStart!.total).toBe(4);
    expect(counts(atStart!)).toEqual({ pending: 4 });
    expect(atStart!.folders).toMatchObject([{ dir: out, shard: null, state: 'running', points: 4 }]);
    expect(atStart!.folders[0]!.owner).toMatchObject({ pid: process.pid });
    expect(atStart!.shardCount).toBeNull();
    expect(atStart!.notStarted).toEqual([]);
    // one finished; the rest running or waiting
    expect(midway!.counts.completed).toBeGreaterThanOrEqual(1);
    expect(midway!.counts.completed + midway!.counts.running + midway!.counts.pending).toBe(4);
    expect(midway!.counts.running).toBeLessThanOrEqual(1);
    expect(midway!.folders[0]!.state).toBe('running');

    const end = sweepProgress([out]);
    expect(counts(end)).toEqual({ completed: 4 });
    expect(end.folders).toMatchObject([{ state: 'done', counts: { completed: 4 } }]);
    expect(end.folders[0]!.owner).toBeUndefined();
    expect(end.points.map((p) => [p.id, p.progress, p.dir])).toEqual(sweep.points.map((p) => [p.id, 'completed', out]));
  });

  it('across shards: a folder of shard folders, shards not started, failed points with their reason', async () => {
    const expanded = expandSweepText(scenario(4, '    workers.count: [2, 3, 4]\n    training.iterations: [2, 3]\n'), 'failing.yaml');
    // the odd points fail at run time: their scenario changed after validation (1 sample for 2+ workers)
    const failing = {
      ...expanded,
      points: expanded.points.map((p, i) => (i % 2 === 1 ? { ...p, scenario: { ...p.scenario, model: { ...p.scenario.model, trainSamples: 1 } as typeof p.scenario.model } } : p)),
    };
    const shards = tmp();
    // points 0 … 5, the odd ones failing; shard 1/3 runs 0 and 3, 2/3 runs 1 and 4; 3/3 does not start
    let whileRunning: SweepProgress | undefined;
    await Promise.all(
      ['1/3', '2/3'].map((s) =>
        runSweep(failing, {
          outDir: join(shards, s[0]!),
          shard: parseShard(s),
          threads: 1,
          // a failure shows while its shard still runs (.partial/failed/)
          onPointDone: (e) => {
            if (e.record.status === 'failed' && s === '2/3') whileRunning = sweepProgress([join(shards, '2')]);
          },
        }),
      ),
    );
    expect(whileRunning!.folders[0]!.state).toBe('running');
    expect(whileRunning!.points[1]).toMatchObject({ progress: 'failed', error: expect.stringMatching(/cannot split 1 samples/) });
    const p = sweepProgress([shards]);
    expect(p.shardCount).toBe(3);
    expect(p.notStarted).toEqual([3]);
    expect(p.folders.map((f) => [f.shard, f.state, f.points])).toEqual([
      ['1/3', 'done', 2],
      ['2/3', 'done', 2],
    ]);
    expect(p.points.map((x) => x.progress)).toEqual(['completed', 'failed', 'pending', 'failed', 'completed', 'pending']);
    expect(counts(p)).toEqual({ completed: 2, failed: 2, pending: 2 });
    expect(p.points[1]!.error).toMatch(/cannot split 1 samples/);
    // the same, given the shard folders one by one
    expect(sweepProgress([join(shards, '2'), join(shards, '1')]).points.map((x) => x.progress)).toEqual(p.points.map((x) => x.progress));
    // other sweeps, and folders with no sweep, are refused
    const other = tmp();
    await runSweep(sweep, { outDir: other, threads: 1 });
    expect(() => sweepProgress([shards, other])).toThrow(SweepInputError);
    const empty = tmp();
    expect(() => sweepProgress([empty])).toThrow(new SweepInputError(sweepMessages.statusNoSweep(empty)));
    expect(() => sweepProgress([join(shards, 'nope')])).toThrow(sweepMessages.statusNoFolder(join(shards, 'nope')));
  });

  it('a folder run from another host counts as running while its owner file is refreshed, stopped once it goes stale', async () => {
    const out = tmp();
    await runSweep(sweep, { outDir: out, threads: 1, shard: parseShard('1/2') });
    // what a sweep on another node leaves while it runs: its owner, a point under way
    const running = sweep.points[2]!;
    cpSync(join(out, 'runs', running.id), join(out, PARTIAL_DIR, `${running.id}-AbC123`), { recursive: true });
    rmSync(join(out, 'runs', running.id), { recursive: true });
    writeFileSync(join(out, PARTIAL_DIR, OWNER_FILE), JSON.stringify({ host: 'node-elsewhere', pid: 1, started: new Date().toISOString() }));
    let p = sweepProgress([out]);
    expect(p.folders[0]).toMatchObject({ state: 'running', owner: { host: 'node-elsewhere', pid: 1 } });
    expect(p.points.filter((x) => x.progress === 'running').map((x) => x.id)).toEqual([running.id]);
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(join(out, PARTIAL_DIR, OWNER_FILE), old, old);
    p = sweepProgress([out]);
    expect(p.folders[0]!.state).toBe('stopped');
    expect(p.folders[0]!.owner!.silentFor).toBeGreaterThan(500);
    expect(p.points.filter((x) => x.progress === 'running')).toEqual([]);
    expect(p.points[running.index]!.progress).toBe('pending');
  });

  it('a sweep killed mid-run (SIGKILL): stopped, its finished runs count for status and merge, --resume completes it', async () => {
    // points slow enough (≈ 0.5 s each) to kill the process between two of them
    const dir = tmp();
    const file = join(dir, 'study.yaml');
    writeFileSync(file, scenario(1500, '    workers.count: [2, 3]\n  seeds: [1, 2]\n'));
    const out = join(dir, 'out');
    const child = spawn(process.execPath, [CLI, 'sweep', file, '--out', out, '--threads', '1'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 90_000;
    while (!(existsSync(join(out, 'runs')) && readdirSync(join(out, 'runs')).length >= 1) && Date.now() < deadline) await sleep(50);
    child.kill('SIGKILL');
    await exited;
    const finished = readdirSync(join(out, 'runs')).length;
    expect(finished).toBeGreaterThanOrEqual(1);

    const p = sweepProgress([out]);
    expect(p.folders[0]).toMatchObject({ state: 'stopped', owner: { pid: child.pid } });
    expect(p.counts.running).toBe(0);
    expect(p.counts.completed).toBe(finished);
    expect(p.counts.pending).toBe(4 - finished);
    // the sweep.json it wrote at the start lists them pending; merge takes the run folders all the same
    expect(readManifest(out).points.every((x) => x.status === 'pending')).toBe(true);
    if (finished < 4) expect(mergeSweeps([out], join(dir, 'merged')).missing).toHaveLength(4 - finished);
    expect(readManifest(join(dir, 'merged')).points.filter((x) => x.status === 'completed')).toHaveLength(finished);

    const r = gradwire('sweep', file, '--out', out, '--threads', '1', '--resume');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${finished} already finished; running ${4 - finished} on 1 thread(s)`);
    expect(sweepProgress([out]).folders[0]!.state).toBe('done');
  });
});
