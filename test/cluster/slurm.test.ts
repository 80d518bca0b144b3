import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { SweepProgress } from '../../src/sweep/status.js';

// The Slurm path of docs/cluster.md run for real (issue #17): a single-node cluster on this machine
// (scripts/slurm/local-cluster.sh: munged, slurmctld and slurmd as root, everything in a temporary
// folder, free ports), scripts/slurm/submit.sh submitting a 3-shard sweep as a job array and its merge
// job; one task is cancelled mid-run and resubmitted (--only), and the merged sweep must equal an
// unsharded local sweep byte for byte. Needs root and Debian's slurm-wlm and munge (.ci/run installs
// them); skipped, saying why, where they are missing, or with GRADWIRE_SKIP_SLURM=1.

const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/src/cli/main.js');
const SLURM = join(ROOT, 'scripts/slurm');
const BINARIES = ['munged', 'mungekey', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scancel', 'sinfo', 'srun'];

function onPath(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

/** Why the test cannot run here, or undefined. */
function whyNot(): string | undefined {
  if (process.env.GRADWIRE_SKIP_SLURM === '1') return 'GRADWIRE_SKIP_SLURM=1';
  if (process.platform !== 'linux') return `Slurm runs on Linux, this is ${process.platform}`;
  if (process.getuid?.() !== 0) return 'the local cluster runs its daemons as root (SlurmUser=root): run the tests as root';
  const missing = BINARIES.filter((b) => !onPath(b));
  if (missing.length > 0) return `${missing.join(', ')} not installed (apt-get install -y slurm-wlm munge; .ci/run does)`;
  return undefined;
}

const skip = whyNot();
if (skip !== undefined) console.warn(`test/cluster/slurm.test.ts skipped: ${skip}`);

// 9 points of 1–4 s each: three shards of three, slow enough to cancel one between two of its points.
const STUDY = `name: cluster-check
workers: { count: 4, batchSize: 16 }
model: { kind: logistic-regression, features: 200, trainSamples: 2000, testSamples: 200 }
training: { iterations: 4000, learningRate: 1 }
schemes:
  - name: dense
  - name: topk
    uplink: { compressor: { kind: topk, k: 10 }, errorFeedback: true }
sweep:
  grid:
    schemes[topk].uplink.compressor.k: [5, 20, 80]
  seeds: [1, 2, 3]
`;

/** Poll `fn` until it returns something other than undefined (or false); throw naming `what` after `ms`. */
async function until<T>(what: string, ms: number, fn: () => T | undefined | false, every = 250): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await sleep(every);
  }
}

const FINAL = /^(COMPLETED|CANCELLED|FAILED|TIMEOUT|NODE_FAIL|PREEMPTED|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE)/;

describe('sweeps on a single-node Slurm cluster', () => {
  let base = '';
  let clusterDir = '';
  let env: NodeJS.ProcessEnv = {};
  let stepdBefore: number[] = [];
  let failed = false;

  const run = (cmd: string, args: string[], timeout = 60_000) => {
    const r = spawnSync(cmd, args, { cwd: base, env, encoding: 'utf8', timeout });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  /** A job's (or array task's) state, '' while Slurm does not list it. */
  const state = (job: string) => spawnSync('squeue', ['--noheader', '--states=all', '--format=%T', `--jobs=${job}`], { env, encoding: 'utf8' }).stdout.trim();
  /** Running: the process exists and is not a zombie (an exited daemon or job step waits for init to reap it). */
  const running = (pid: number) => {
    try {
      return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  const pgrep = (args: string[]) =>
    spawnSync('pgrep', args, { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((l) => l !== '')
      .map(Number)
      .filter(running);

  beforeAll(() => {
    if (skip !== undefined) return;
    base = mkdtempSync(join(tmpdir(), 'gradwire-slurm-'));
    clusterDir = join(base, 'cluster');
    mkdirSync(join(base, 'study'));
    writeFileSync(join(base, 'study', 'study.yaml'), STUDY);
    // the cluster's own environment: no SLURM_/SBATCH_ variables of an enclosing job; memory requests
    // small enough for any test machine (an sbatch input variable: both jobs take it)
    env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLURM_|SBATCH_|SQUEUE_|SINFO_)/.test(k)));
    Object.assign(env, { SLURM_CONF: join(clusterDir, 'slurm.conf'), SBATCH_MEM_PER_NODE: '1G', GRADWIRE: `${process.execPath} ${CLI}` });
    stepdBefore = pgrep(['-x', 'slurmstepd']);
    const started = spawnSync(join(SLURM, 'local-cluster.sh'), ['start', clusterDir], { env, encoding: 'utf8', timeout: 90_000 });
    if (started.status !== 0) throw new Error(`the local Slurm cluster did not start (exit ${started.status ?? started.signal}):\n${started.stderr}`);
    // the cluster answers
    expect(run('srun', ['--quiet', '--time=1', 'hostname'], 30_000).trim()).toBe(hostname());
  }, 120_000);

  afterAll(() => {
    if (skip !== undefined || clusterDir === '') return;
    const pids = ['munged', 'slurmctld', 'slurmd'].flatMap((d) => {
      const f = join(clusterDir, `${d}.pid`);
      return existsSync(f) ? [Number(readFileSync(f, 'utf8').trim())] : [];
    });
    const stop = spawnSync(join(SLURM, 'local-cluster.sh'), ['stop', clusterDir], { env, encoding: 'utf8', timeout: 90_000 });
    // nothing of the cluster is left running: its daemons (found by the folder in their command lines,
    // and by the PIDs they recorded) and any job step it started
    const left = pgrep(['-f', clusterDir]);
    const alive = pids.filter(running);
    const steps = pgrep(['-x', 'slurmstepd']).filter((p) => !stepdBefore.includes(p));
    for (const pid of [...left, ...steps]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    if (failed) console.warn(`slurm test failed: its files are kept in ${base} (logs in study/logs and cluster/log)`);
    else rmSync(base, { recursive: true, force: true });
    expect(stop.status, stop.stderr).toBe(0);
    expect(left, 'daemons of the test cluster still running').toEqual([]);
    expect(alive, 'daemon PIDs still alive').toEqual([]);
    expect(steps, 'job steps still running').toEqual([]);
  }, 120_000);

  it.skipIf(skip !== undefined)(
    `runs a sweep as a job array and a merge job; a cancelled, resubmitted shard resumes; the merge equals the unsharded sweep byte for byte${skip !== undefined ? ` (skipped: ${skip})` : ''}`,
    async () => {
      onTestFailed(() => {
        failed = true;
      });
      const study = join(base, 'study');
      const shard2 = join(study, 'shards', '2');

      // the unsharded sweep on this machine, alongside
      const whole = join(base, 'whole');
      const local = spawn(process.execPath, [CLI, 'sweep', join(study, 'study.yaml'), '--out', whole, '--threads', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let localErr = '';
      local.stderr.on('data', (d: Buffer) => (localErr += d.toString()));
      const localDone = new Promise<number | null>((resolve) => local.on('close', resolve));

      // one CPU per shard on this machine's cores: shards 1 and 2 start, 3 waits (on 2 cores)
      const [array, merge] = run(join(SLURM, 'submit.sh'), ['--shards', '3', join(study, 'study.yaml'), study, '--cpus-per-task=1'])
        .trim()
        .split(' ');
      expect(array).toMatch(/^\d+$/);
      expect(merge).toMatch(/^\d+$/);

      // cancel shard 2 once it has finished a run, while it runs its next
      await until('shard 2 to finish its first run', 300_000, () => existsSync(join(shard2, 'runs')) && readdirSync(join(shard2, 'runs')).length >= 1, 100);
      run('scancel', [`${array}_2`]);
      await until('the cancelled task to end', 60_000, () => /^CANCELLED/.test(state(`${array}_2`)));
      // its sweep process ends too (SIGTERM: it writes what finished); then nothing more appears in runs/
      await until('shard 2 to stop', 60_000, () => {
        const p = JSON.parse(run(process.execPath, [CLI, 'sweep', '--status', join(study, 'shards'), '--json'])) as SweepProgress;
        return p.folders.find((f) => f.shard === '2/3')?.state === 'stopped' ? p : undefined;
      });
      const finished = readdirSync(join(shard2, 'runs')).length;
      expect(finished, 'shard 2 was cancelled after all its runs had finished: the points run too fast').toBeLessThan(3);

      // resubmit the cancelled shard: it resumes; a new merge waits for it and for the first array
      const [array2, merge2] = run(join(SLURM, 'submit.sh'), ['--shards', '3', '--only', '2', join(study, 'study.yaml'), study, '--cpus-per-task=1'])
        .trim()
        .split(' ');
      const mergeState = await until(
        'the merge job to end',
        480_000,
        () => {
          const s = state(merge2!);
          return FINAL.test(s) ? s : undefined;
        },
        500,
      );
      const logs = join(study, 'logs');
      const log = (name: string) => (existsSync(join(logs, name)) ? readFileSync(join(logs, name), 'utf8') : '(no log)');
      expect(mergeState, log(`gradwire-study-merge-${merge2}.log`)).toBe('COMPLETED');

      // the first merge could never run (shard 2 failed its afterok): removed from the queue
      expect(state(merge!)).toMatch(/^CANCELLED/);
      expect(existsSync(join(logs, `gradwire-study-merge-${merge}.log`))).toBe(false);
      expect(['1', '2', '3'].map((t) => state(`${array}_${t}`))).toEqual(['COMPLETED', 'CANCELLED', 'COMPLETED']);
      expect(state(`${array2}_2`)).toBe('COMPLETED');
      // the resubmitted shard ran only what was missing
      expect(log(`gradwire-study-${array2}_2.log`)).toContain(`shard 2/3: 3, ${finished} already finished; running ${3 - finished} on 1 thread(s)`);
      expect(log(`gradwire-study-merge-${merge2}.log`)).toContain('merged 3 folder(s): 9 point(s): 9 completed');

      expect(await localDone, localErr).toBe(0);
      const merged = join(study, 'merged');
      for (const f of ['sweep.csv', 'sweep.json', 'sweep.arrow']) {
        expect(readFileSync(join(merged, f)).equals(readFileSync(join(whole, f))), `${f} differs`).toBe(true);
      }
      expect(readdirSync(join(merged, 'runs')).sort()).toEqual(readdirSync(join(whole, 'runs')).sort());
    },
    900_000,
  );
});
