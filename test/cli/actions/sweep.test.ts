import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepMessages } from '../../../src/sweep/messages.js';
import { readManifest } from '../../../src/sweep/results.js';
import { denseSweep } from '../../sweep/fixtures.js';

// The CLI as a user runs it: the compiled entry point (`npm test` builds first).
const CLI = join(import.meta.dirname, '../../../dist/src/cli/main.js');
/** The CLI in the background, so independent invocations overlap. */
function gradwireAsync(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const scenario = (sweep: string) => denseSweep(sweep);

function file(text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'gradwire-sweep-cli-')), 'study.yaml');
  writeFileSync(f, text);
  return f;
}

describe('gradwire sweep and merge', () => {
  it('runs shards of a sweep (exit 0, plain progress lines off a terminal) and merges them (--json: the merged sweep.json)', async () => {
    const f = file(scenario('  grid:\n    workers.count: [2, 3, 4]\n'));
    const dir = mkdtempSync(join(tmpdir(), 'gradwire-sweep-cli-out-'));
    const [r, r2] = await Promise.all([
      gradwireAsync('sweep', f, '--out', join(dir, 's1'), '--shard', '1/2', '--threads', '1', '--json'),
      gradwireAsync('sweep', f, '--out', join(dir, 's2'), '--shard', '2/2', '--threads', '1'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r2.status, r2.stderr).toBe(0);
    expect(JSON.parse(r.stdout).points.map((p: { status: string }) => p.status)).toEqual(['completed', 'other-shard', 'completed']);
    expect(r.stderr.match(/^\[\d\/2\] [0-9a-f]{12} completed in /gm)).toHaveLength(2);
    const [m, half] = await Promise.all([
      gradwireAsync('merge', join(dir, 's1'), join(dir, 's2'), '--out', join(dir, 'merged'), '--json'),
      // a shard missing: the merge is incomplete
      gradwireAsync('merge', join(dir, 's1'), '--out', join(dir, 'half')),
    ]);
    expect(m.status, m.stderr).toBe(0);
    expect(JSON.parse(m.stdout).points.map((p: { status: string }) => p.status)).toEqual(['completed', 'completed', 'completed']);
    // 3 points × 1 scheme × 4 rows (iterations 0 … 3), after the header
    expect(
      readFileSync(join(dir, 'merged', 'sweep.csv'), 'utf8')
        .trimEnd()
        .split('\n'),
    ).toHaveLength(1 + 3 * 4);
    expect(half.status).toBe(1);
  });

  it('exits 2 on bad input (bad shard, bad swept value) and 1 when a run diverges', async () => {
    const f = file(scenario('  grid:\n    workers.count: [2, 0]\n'));
    const diverging = file(scenario('  grid:\n    training.learningRate: [10, 1.0e+9]\n'));
    const [bad, value, d] = await Promise.all([
      gradwireAsync('sweep', f, '--shard', '3/2'),
      gradwireAsync('sweep', f, '--out', join(f, '..', 'out')),
      gradwireAsync('sweep', diverging, '--out', join(diverging, '..', 'out'), '--threads', '1'),
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(sweepMessages.badShard('3/2'));
    expect(value.status).toBe(2);
    expect(value.stderr).toContain('workers.count: expected a whole number > 0, given number 0; in sweep point 2 of 2');
    expect(existsSync(join(f, '..', 'out'))).toBe(false);
    expect(d.status, d.stderr).toBe(1);
    expect(d.stderr).toMatch(/1 completed, 1 diverged/);
  });
});

describe('gradwire sweep --status', () => {
  // four points: two worker counts × two seeds
  const FOUR = scenario('  grid:\n    workers.count: [2, 3]\n  seeds: [1, 2]\n');

  it('prints the counts and one line per shard, or JSON; exit 2 with no sweep folder or with a scenario too', async () => {
    const f = file(FOUR);
    const shards = join(f, '..', 'shards');
    const s1 = await gradwireAsync('sweep', f, '--out', join(shards, '1'), '--shard', '1/3', '--threads', '1');
    expect(s1.status, s1.stderr).toBe(0);
    const [r, j, empty, both, neither] = await Promise.all([
      gradwireAsync('sweep', '--status', shards),
      gradwireAsync('sweep', '--status', join(shards, '1'), '--json'),
      gradwireAsync('sweep', '--status', mkdtempSync(join(tmpdir(), 'gradwire-sweep-cli-'))),
      gradwireAsync('sweep', f, '--status', shards),
      gradwireAsync('sweep'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    const id = readManifest(join(shards, '1')).sweep.slice(0, 12);
    expect(r.stdout).toMatch(new RegExp(`^sweep tiny \\(${id}\\): 4 point\\(s\\) in 3 shard\\(s\\): 2 completed, 2 pending\\n`));
    expect(r.stdout).toMatch(/^ {2}shard 1\/3 +\S+shards\/1 +2 completed +done$/m);
    expect(r.stdout).toMatch(/^ {2}shard 2\/3 +- +1 pending +no folder yet: not started$/m);
    expect(r.stdout).toMatch(/^ {2}shard 3\/3 +- +1 pending +no folder yet: not started$/m);
    expect(j.status, j.stderr).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ scenario: 'tiny', total: 4, shardCount: 3, notStarted: [2, 3], counts: { completed: 2, pending: 2 } });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('no sweep output folder there yet');
    expect(both.status).toBe(2);
    expect(both.stderr).toContain(sweepMessages.statusWithScenario(f));
    expect(neither.status).toBe(2);
    expect(neither.stderr).toContain(sweepMessages.missingScenario());
  });

  it('loads no TensorFlow.js, Arrow or worker pool', async () => {
    const f = file(FOUR);
    const out = join(f, '..', 'whole');
    expect((await gradwireAsync('sweep', f, '--out', out, '--threads', '2')).status).toBe(0);
    const trace = join(f, '..', 'loads.txt');
    const r = spawnSync(process.execPath, ['--import', join(import.meta.dirname, '../trace-loads.mjs'), CLI, 'sweep', '--status', out], {
      encoding: 'utf8',
      env: { ...process.env, GRADWIRE_TRACE_LOADS: trace },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('4 completed');
    const modules = readFileSync(trace, 'utf8').split('\n');
    expect(modules.some((m) => m.endsWith('/dist/src/sweep/status.js'))).toBe(true);
    expect(modules.filter((m) => /node_modules\/(@tensorflow\/|vega|apache-arrow\/|piscina\/)/.test(m))).toEqual([]);
  });
});
