import { existsSync, readdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { FailedPointSchema, SweepOwnerSchema, readJsonFile } from '../results/index.js';
import { readFinishedPoint, readManifest } from './folder.js';
import { FAILED_DIR, MANIFEST_FILE, OWNER_FILE, PARTIAL_DIR, STALE_MS, type PointRecord, type SweepManifest, type SweepOwner } from './layout.js';
import { SweepInputError, sweepMessages } from './messages.js';

/**
 * How far a sweep has got, read from its output folders while shards run
 * (`gradwire sweep --status`): no scenario file, no scheduler — only what
 * each folder holds (layout.ts). Light on purpose: no Arrow, no worker pool.
 *
 * A point is
 *   completed / diverged  its run folder is in runs/ of some folder (always a finished run);
 *   running               a live sweep process has its folder under .partial/;
 *   failed                its sweep recorded it failed (.partial/failed/, or sweep.json once ended);
 *   pending               none of these: not started, or abandoned by a sweep that was killed.
 *
 * A folder is `running` while its owner (.partial/owner.json) runs: same
 * host, its PID is alive and it refreshed the file within STALE_MS; another
 * host, the refresh alone. A folder not running is `done` when every point of
 * its own has finished or failed, else `stopped` (killed, or interrupted):
 * run the same command with --resume.
 */

export type PointProgress = 'completed' | 'diverged' | 'running' | 'failed' | 'pending';
/** The order counts are listed in. */
export const PROGRESS_ORDER: readonly PointProgress[] = ['completed', 'diverged', 'running', 'failed', 'pending'];

export type FolderState = 'running' | 'done' | 'stopped';

export type ProgressCounts = Record<PointProgress, number>;

/** One sweep output folder (a shard's, or a whole sweep's). */
export interface FolderProgress {
  readonly dir: string;
  /** `i/n`, or null for a whole sweep. */
  readonly shard: string | null;
  readonly state: FolderState;
  /** The sweep process that runs (or ran, if it was killed) the folder, and seconds since it last reported. */
  readonly owner?: SweepOwner & { readonly silentFor: number };
  /** Over the folder's own points (not those of other shards). */
  readonly counts: ProgressCounts;
  readonly points: number;
}

/** One point across all folders. */
export interface PointProgressRecord extends Omit<PointRecord, 'status' | 'schemes'> {
  readonly progress: PointProgress;
  /** The folder that finished it, runs it or failed it. */
  readonly dir?: string;
}

export interface SweepProgress {
  readonly scenario: string;
  readonly sweep: string;
  readonly total: number;
  /** n of the shards' `i/n`, null if no folder is a shard. */
  readonly shardCount: number | null;
  readonly counts: ProgressCounts;
  readonly folders: readonly FolderProgress[];
  /** Shard numbers (1-based) of n with no folder among those read. */
  readonly notStarted: readonly number[];
  readonly points: readonly PointProgressRecord[];
}

const zero = (): ProgressCounts => ({ completed: 0, diverged: 0, running: 0, failed: 0, pending: 0 });

/** Each argument is a sweep output folder (it holds sweep.json) or a folder of them (e.g. shards/). */
export function findSweepFolders(paths: readonly string[]): string[] {
  const found: string[] = [];
  for (const given of paths) {
    const dir = resolve(given);
    if (!existsSync(dir)) throw new SweepInputError(sweepMessages.statusNoFolder(given));
    if (existsSync(join(dir, MANIFEST_FILE))) {
      found.push(dir);
      continue;
    }
    const inside = statSync(dir).isDirectory()
      ? readdirSync(dir, { withFileTypes: true })
          .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, MANIFEST_FILE)))
          .map((e) => e.name)
          .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      : [];
    if (inside.length === 0) throw new SweepInputError(sweepMessages.statusNoSweep(given));
    found.push(...inside.map((name) => join(dir, name)));
  }
  return [...new Set(found)];
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface FolderRead {
  readonly dir: string;
  readonly manifest: SweepManifest;
  readonly alive: boolean;
  readonly killed: boolean;
  readonly owner?: SweepOwner & { readonly silentFor: number };
  /** Point ids with a folder under .partial/. */
  readonly running: ReadonlySet<string>;
  /** Point id → error, from .partial/failed/. */
  readonly failed: ReadonlyMap<string, string>;
}

function readFolder(dir: string, now: number): FolderRead {
  const manifest = readManifest(dir);
  const partial = join(dir, PARTIAL_DIR);
  const running = new Set<string>();
  const failed = new Map<string, string>();
  let owner: (SweepOwner & { silentFor: number }) | undefined;
  let entries: string[] = [];
  try {
    entries = readdirSync(partial);
  } catch {
    // no .partial/: the folder's sweep ended (or never started)
  }
  if (entries.length > 0) {
    try {
      const file = join(partial, OWNER_FILE);
      owner = { ...readJsonFile(file, SweepOwnerSchema), silentFor: Math.max(0, (now - statSync(file).mtimeMs) / 1000) };
    } catch {
      // being written, left half-written by a crash, or not an owner record: no owner known
    }
    for (const e of entries) {
      const m = /^([0-9a-f]+)-[A-Za-z0-9]{6}$/.exec(e);
      if (m) running.add(m[1]!);
    }
    try {
      for (const f of readdirSync(join(partial, FAILED_DIR))) {
        if (!f.endsWith('.json')) continue;
        try {
          const r = readJsonFile(join(partial, FAILED_DIR, f), FailedPointSchema);
          failed.set(r.id, r.error ?? '');
        } catch {
          // being written (a record that is not {id, error} is skipped)
        }
      }
    } catch {
      // no failures
    }
  }
  const alive = owner !== undefined && owner.silentFor * 1000 < STALE_MS && (owner.host !== hostname() || pidAlive(owner.pid));
  // a .partial/ left behind with no live owner: the sweep was killed (a sweep that ends deletes it)
  return { dir, manifest, alive, killed: !alive && entries.length > 0, ...(owner ? { owner } : {}), running, failed };
}

/** Where a sweep stands, from its output folders (see findSweepFolders). */
export function sweepProgress(paths: readonly string[], now: number = Date.now()): SweepProgress {
  const folders = findSweepFolders(paths).map((d) => readFolder(d, now));
  const first = folders[0]!;
  for (const f of folders) {
    if (f.manifest.sweep !== first.manifest.sweep) throw new SweepInputError(sweepMessages.differentSweeps(first.dir, f.dir));
  }

  const best = new Map<number, { progress: PointProgress; dir: string; error?: string }>();
  const rank: Record<PointProgress, number> = { completed: 4, diverged: 4, running: 3, failed: 2, pending: 1 };
  const folderProgress: FolderProgress[] = folders.map((f) => {
    const counts = zero();
    let own = 0;
    for (const r of f.manifest.points) {
      if (r.status === 'other-shard') continue;
      own++;
      const finished = readFinishedPoint(f.dir, r.id);
      let progress: PointProgress;
      let error: string | undefined;
      if (finished) progress = finished.status === 'diverged' ? 'diverged' : 'completed';
      else if (f.alive && f.running.has(r.id)) progress = 'running';
      else if (f.failed.has(r.id)) [progress, error] = ['failed', f.failed.get(r.id)];
      else if (r.status === 'failed') [progress, error] = ['failed', r.error];
      else progress = 'pending';
      counts[progress]++;
      const seen = best.get(r.index);
      if (!seen || rank[progress] > rank[seen.progress]) best.set(r.index, { progress, dir: f.dir, ...(error !== undefined ? { error } : {}) });
    }
    const state: FolderState = f.alive ? 'running' : !f.killed && counts.pending === 0 && counts.running === 0 ? 'done' : 'stopped';
    return { dir: f.dir, shard: f.manifest.shard, state, ...(f.owner ? { owner: f.owner } : {}), counts, points: own };
  });

  const points: PointProgressRecord[] = first.manifest.points.map((r) => {
    const b = best.get(r.index);
    return {
      index: r.index,
      id: r.id,
      run: r.run,
      seed: r.seed,
      params: r.params,
      progress: b?.progress ?? 'pending',
      ...(b && b.progress !== 'pending' ? { dir: b.dir } : {}),
      ...(b?.error !== undefined ? { error: b.error } : {}),
    };
  });
  const counts = zero();
  for (const p of points) counts[p.progress]++;

  const shardOf = (s: string | null) => (s === null ? undefined : (s.split('/').map(Number) as [number, number]));
  const shards = folders.map((f) => shardOf(f.manifest.shard)).filter((s) => s !== undefined);
  const shardCount = shards[0]?.[1] ?? null;
  const whole = folders.some((f) => f.manifest.shard === null);
  const present = new Set(shards.map(([i]) => i));
  const notStarted = shardCount === null || whole ? [] : Array.from({ length: shardCount }, (_, k) => k + 1).filter((i) => !present.has(i));

  return {
    scenario: first.manifest.scenario,
    sweep: first.manifest.sweep,
    total: first.manifest.total,
    shardCount,
    counts,
    folders: folderProgress,
    notStarted,
    points,
  };
}
