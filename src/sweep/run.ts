import { setMaxListeners } from 'node:events';
import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { availableParallelism, hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ExpandedSweep, SweepPoint } from './expand.js';
import { SweepInputError, sweepMessages } from './messages.js';
import {
  FAILED_DIR,
  HEARTBEAT_MS,
  OWNER_FILE,
  PARTIAL_DIR,
  RUNS_DIR,
  pointRecords,
  readFinishedPoint,
  writeManifest,
  writeSweepOutputs,
  type PointRecord,
  type PointStatus,
  type SweepManifest,
  type SweepOwner,
} from './results.js';
import { largestFirst } from './schedule.js';
import type { PointTask, PointTaskResult } from './worker.js';

/** A deterministic slice of a sweep: shard `index` of `count` (1-based) runs the points whose canonical index ≡ index − 1 (mod count). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parse `i/n` (1 ≤ i ≤ n); throws SweepInputError otherwise. */
export function parseShard(spec: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || index < 1 || index > count) {
    throw new SweepInputError(sweepMessages.badShard(spec));
  }
  return { index, count };
}

/** Whether shard `shard` runs point `index` (every point, without a shard). */
export function inShard(index: number, shard: Shard | undefined): boolean {
  return shard === undefined || index % shard.count === shard.index - 1;
}

/** How a sweep invocation is run. */
export interface SweepRunOptions {
  /** The sweep's output folder (see results.ts for its layout). */
  readonly outDir: string;
  /** Keep finished run folders of this sweep in outDir and run only the rest (default false: finished runs there are an error). */
  readonly resume?: boolean;
  /** Run only this slice (default: every point). */
  readonly shard?: Shard;
  /** Worker threads (default: os.availableParallelism(); never more than points to run). */
  readonly threads?: number;
  /** Stop: no new point starts, running points are abandoned (their partial folders discarded), outputs are written for what finished. */
  readonly signal?: AbortSignal;
  /** Called once the work is known, before any point runs. */
  readonly onStart?: (plan: SweepPlan) => void;
  /** Called as each point of this invocation ends (in completion order). */
  readonly onPointDone?: (event: PointDone) => void;
}

/** What an invocation will do. */
export interface SweepPlan {
  /** Points in the whole sweep. */
  readonly total: number;
  /** Points in this shard (all points without one). */
  readonly inShard: number;
  /** Points of this shard already finished in outDir (resume). */
  readonly alreadyDone: number;
  readonly toRun: number;
  readonly threads: number;
}

/** One point of this invocation ended. */
export interface PointDone {
  readonly point: SweepPoint;
  readonly record: PointRecord;
  /** Wall time of the point's run in its worker, ms (NaN if it failed). */
  readonly ms: number;
  /** Points of this shard now ended (finished before or during this invocation, or failed). */
  readonly done: number;
  readonly of: number;
}

/** How an invocation ended. */
export interface SweepOutcome {
  readonly manifest: SweepManifest;
  readonly ran: number;
  readonly skipped: number;
  readonly threads: number;
  /** The signal stopped it before every point ran. */
  readonly interrupted: boolean;
}

/**
 * The compiled pool entry (pool-entry.cjs, which imports worker.js). Worker
 * threads run JavaScript only: from the build (dist/src/sweep/run.js) it is
 * a sibling; from the TypeScript sources (vitest) it is the same file of the
 * compiled tree — `npm test` builds first (pretest).
 */
export function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const file = here.endsWith('.js') ? join(dirname(here), 'pool-entry.cjs') : resolve(dirname(here), '../../dist/src/sweep/pool-entry.cjs');
  if (!existsSync(file)) throw new Error(`the sweep worker ${file} is missing: build first (npm run build)`);
  return file;
}

function baseRecord(p: SweepPoint): Omit<PointRecord, 'status'> {
  return { index: p.index, id: p.id, run: p.run, seed: p.seed, params: p.params };
}

/**
 * Run a sweep's points (or one shard's) on a pool of worker threads, each
 * point into `<outDir>/runs/<pointId>/` (written under .partial/ and renamed
 * into place when complete), then write sweep.json, sweep.csv and
 * sweep.arrow. sweep.json is also written at the start, and .partial/ says
 * who runs the folder and which points run or failed (layout.ts), for
 * status.ts. One sweep process per output folder: leftovers in .partial/
 * are deleted at the start.
 */
export async function runSweep(sweep: ExpandedSweep, options: SweepRunOptions): Promise<SweepOutcome> {
  const outDir = resolve(options.outDir);
  const partial = join(outDir, PARTIAL_DIR);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  mkdirSync(join(outDir, RUNS_DIR), { recursive: true });

  const mine = sweep.points.filter((p) => inShard(p.index, options.shard));
  const records = new Map<number, PointRecord>();
  for (const p of mine) {
    const done = readFinishedPoint(outDir, p.id);
    if (done) records.set(p.index, { ...baseRecord(p), status: done.status, ...(done.schemes ? { schemes: done.schemes } : {}) });
  }
  if (records.size > 0 && !options.resume) throw new SweepInputError(sweepMessages.outputHasRuns(outDir, records.size));
  const todo = mine.filter((p) => !records.has(p.index));
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), todo.length));

  // Progress for `gradwire sweep --status` (layout.ts): who runs this folder, kept fresh while it runs,
  // and sweep.json from the start, so the folder lists every point before any has finished.
  const ownerFile = join(partial, OWNER_FILE);
  const owner: SweepOwner = { host: hostname(), pid: process.pid, started: new Date().toISOString() };
  writeFileSync(ownerFile, `${JSON.stringify(owner)}\n`);
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(ownerFile, now, now);
    } catch {
      // the folder went away: the end of the sweep says so
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const manifestOf = (status: (index: number) => PointStatus): SweepManifest => ({
    scenario: sweep.name,
    sweep: sweep.id,
    total: sweep.points.length,
    shard: options.shard ? `${options.shard.index}/${options.shard.count}` : null,
    parameters: [...sweep.parameters],
    points: pointRecords(sweep, status).map((r) => records.get(r.index) ?? r),
  });
  const status = (index: number): PointStatus => records.get(index)?.status ?? (inShard(index, options.shard) ? 'pending' : 'other-shard');
  try {
    writeManifest(outDir, manifestOf(status));
    options.onStart?.({ total: sweep.points.length, inShard: mine.length, alreadyDone: records.size, toRun: todo.length, threads });

    let interrupted = false;
    let ended = records.size;
    if (todo.length > 0 && !options.signal?.aborted) {
      const pool = new Piscina<PointTask, PointTaskResult>({ filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
      // One signal for every queued task (each adds a listener); the caller's signal forwards to it.
      const stop = new AbortController();
      setMaxListeners(todo.length + 1, stop.signal);
      const forward = () => stop.abort();
      options.signal?.addEventListener('abort', forward, { once: true });
      try {
        await Promise.all(
          largestFirst(todo).map(async (point) => {
            const base = baseRecord(point);
            const finalDir = join(outDir, RUNS_DIR, point.id);
            // not finished (no valid point.json), so not ours: a folder left by hand or by an older version
            rmSync(finalDir, { recursive: true, force: true });
            const task: PointTask = { scenario: point.scenario, record: base, partialDir: partial, finalDir };
            let record: PointRecord;
            let ms = NaN;
            try {
              const result = await pool.run(task, { signal: stop.signal });
              record = { ...base, status: result.status, schemes: result.schemes };
              ms = result.ms;
            } catch (e) {
              // an abandoned point's folder stays in .partial/ until the end (or the next start)
              if (stop.signal.aborted) {
                interrupted = true;
                return;
              }
              record = { ...base, status: 'failed', error: (e as Error).message };
              mkdirSync(join(partial, FAILED_DIR), { recursive: true });
              writeFileSync(join(partial, FAILED_DIR, `${point.id}.json`), `${JSON.stringify({ id: point.id, error: record.error })}\n`);
            }
            records.set(point.index, record);
            ended++;
            options.onPointDone?.({ point, record, ms, done: ended, of: mine.length });
          }),
        );
      } finally {
        options.signal?.removeEventListener('abort', forward);
        await pool.destroy();
      }
    } else if (todo.length > 0) {
      interrupted = true;
    }

    // An abort can race a point that was just renamed into runs/: the folder is complete, so it counts.
    for (const p of mine) {
      if (records.has(p.index)) continue;
      const done = readFinishedPoint(outDir, p.id);
      if (done) {
        records.set(p.index, { ...baseRecord(p), status: done.status, ...(done.schemes ? { schemes: done.schemes } : {}) });
        ended++;
      }
    }
    const manifest = manifestOf(status);
    writeSweepOutputs(outDir, manifest);
    rmSync(partial, { recursive: true, force: true });
    return { manifest, ran: ended - (mine.length - todo.length), skipped: mine.length - todo.length, threads, interrupted };
  } finally {
    clearInterval(heartbeat);
  }
}
