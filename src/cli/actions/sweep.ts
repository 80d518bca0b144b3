import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { SWEEP_FILES } from '../../results/index.js';
import { availableParallelism } from 'node:os';
import cliProgress from 'cli-progress';
// light: the sweep layer's names and messages, and --status; the runner, the merge (Arrow, the worker pool) and the
// scenario loader are imported when a sweep or a merge runs
import type { PointDone, Shard, SweepPlan } from '../../sweep/index.js';
import { MANIFEST_FILE, type PointRecord } from '../../sweep/layout.js';
import { SweepInputError, describePoint, sweepMessages } from '../../sweep/messages.js';
import { PROGRESS_ORDER, sweepProgress as readProgress, type ProgressCounts, type SweepProgress } from '../../sweep/status.js';
import { EXIT_INTERRUPTED, EXIT_RUN_FAILED, InputError } from '../errors.js';
import { estimateMemory, sweepMemoryRefusal } from '../../scenario/estimate/memory.js';
import { gateRefusal } from '../../scenario/gate.js';
import { memoryLimit } from '../memory-limit.js';
import { ensureHeap } from '../heap-limit.js';
import { outDir as checkedOutDir } from '../paths.js';

/** Turn the sweep layer's bad-input errors into the CLI's (exit code 2). */
function asInputError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw toInputError(e);
  }
}

function toInputError(e: unknown): unknown {
  return e instanceof SweepInputError ? new InputError(e.message) : e;
}

function parseThreads(text: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < 1) throw new InputError(sweepMessages.badThreads(text));
  return n;
}

const describe = (r: Pick<PointRecord, 'params' | 'seed' | 'run'>) => describePoint(r.params, r.seed, r.run);

/** Progress on stderr: a bar (runs done / total, ETA) on a terminal, one line per finished run otherwise. */
function sweepProgress(): { start(plan: SweepPlan): void; point(e: PointDone): void; stop(): void } {
  if (!process.stderr.isTTY) {
    return {
      start() {},
      point(e) {
        // a failure's reason is printed once, in the summary at the end
        const took = Number.isFinite(e.ms) ? ` in ${(e.ms / 1000).toFixed(2)} s` : '';
        process.stderr.write(`[${e.done}/${e.of}] ${e.record.id} ${e.record.status}${took} (${describe(e.record)})\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: ' {bar} {value}/{total} runs | ETA {eta_formatted} | {label}', hideCursor: true, etaBuffer: 8 },
    cliProgress.Presets.shades_classic,
  );
  return {
    start(plan) {
      bar.start(plan.inShard, plan.alreadyDone, { label: `${plan.threads} thread(s)` });
    },
    point(e) {
      bar.update(e.done, { label: `${e.record.id} ${e.record.status}` });
    },
    stop() {
      bar.stop();
    },
  };
}

function tally(points: readonly PointRecord[]): string {
  const counts = new Map<string, number>();
  for (const p of points) counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
}

export interface SweepOptions {
  out: string;
  resume?: boolean;
  shard?: string;
  threads?: string;
  json?: boolean;
  maxMemory?: string;
  status?: string[];
}

/** `gradwire sweep`: a scenario's sweep block → runs/<pointId>/ folders and sweep.csv / sweep.arrow / sweep.json. */
export async function sweep(file: string | undefined, opts: SweepOptions): Promise<void> {
  if (opts.status !== undefined) {
    if (file !== undefined) throw new InputError(sweepMessages.statusWithScenario(file));
    status(opts.status, opts);
    return;
  }
  if (file === undefined) throw new InputError(sweepMessages.missingScenario());
  const outDir = checkedOutDir('--out', opts.out);
  const { loadSweep, parseShard, runSweep } = await import('../../sweep/index.js');
  const shard: Shard | undefined = opts.shard === undefined ? undefined : asInputError(() => parseShard(opts.shard!));
  const threads = opts.threads === undefined ? undefined : parseThreads(opts.threads);
  const expanded = loadSweep(file);
  // before anything is written: the points that may run at once must fit together
  const estimates = expanded.points.map((p) => ({ id: p.id, estimate: estimateMemory(p.scenario) }));
  const limit = memoryLimit(opts.maxMemory);
  const refusal = sweepMemoryRefusal(file, estimates, threads ?? availableParallelism(), limit);
  if (refusal !== undefined) throw new InputError(refusal);
  // each point alone, as validate checks it (the memory of the points that run at once is checked above)
  const outOfReach = expanded.points.map((p, i) => gateRefusal(`${file} (point ${p.id})`, p.scenario, limit, estimates[i]!.estimate)).find((r) => r !== undefined);
  if (outOfReach !== undefined) throw new InputError(outOfReach);
  // every worker thread has V8's heap limit of this process: raise it for the point that needs most (or refuse)
  const code = await ensureHeap(
    file,
    estimates.map((p) => p.estimate),
    limit,
  );
  if (code !== undefined) {
    process.exitCode = code;
    return;
  }
  const progress = sweepProgress();
  const controller = new AbortController();
  const onSigint = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    controller.abort();
    progress.stop();
    const by = signal === 'SIGTERM' ? ' by SIGTERM' : '';
    process.stderr.write(`\ninterrupted${by}: discarding unfinished runs and writing the outputs of the finished ones (Ctrl-C again to quit now)\n`);
  };
  // SIGTERM (a scheduler cancelling or preempting the job, docker stop, kill): as Ctrl-C
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  let outcome;
  try {
    outcome = await runSweep(expanded, {
      outDir,
      resume: opts.resume ?? false,
      signal: controller.signal,
      ...(shard ? { shard } : {}),
      ...(threads !== undefined ? { threads } : {}),
      onStart: (plan) => {
        const slice = shard ? `, shard ${shard.index}/${shard.count}: ${plan.inShard}` : '';
        const resumed = plan.alreadyDone > 0 ? `, ${plan.alreadyDone} already finished` : '';
        process.stderr.write(`sweep ${expanded.name}: ${plan.total} point(s)${slice}${resumed}; running ${plan.toRun} on ${plan.threads} thread(s)\n`);
        progress.start(plan);
      },
      onPointDone: (e) => progress.point(e),
    }).catch((e: unknown) => {
      throw toInputError(e);
    });
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    progress.stop();
  }
  const mine = outcome.manifest.points.filter((p) => p.status !== 'other-shard');
  process.stderr.write(`runs: ${tally(mine)}\n`);
  for (const p of mine.filter((x) => x.status === 'failed')) process.stderr.write(`failed ${p.id} (${describe(p)}): ${p.error}\n`);
  const verdicts = existsSync(join(outDir, SWEEP_FILES.verdict)) ? `, ${SWEEP_FILES.verdict}` : '';
  process.stderr.write(`sweep folder: ${outDir} (${SWEEP_FILES.csv}, ${SWEEP_FILES.arrow}, ${SWEEP_FILES.manifest}${verdicts}, ${SWEEP_FILES.runs}/)\n`);
  if (!outcome.interrupted && mine.some((p) => p.status === 'completed')) {
    const { buildReport } = await import('../../../reports/build.js');
    process.stderr.write(`report: ${await buildReport(outDir)}\n`);
  }
  if (opts.json) process.stdout.write(readFileSync(join(outDir, MANIFEST_FILE), 'utf8'));
  if (outcome.interrupted) {
    process.stderr.write(`interrupted: continue with gradwire sweep ${file} --out ${opts.out} --resume${opts.shard ? ` --shard ${opts.shard}` : ''}\n`);
    process.exitCode = EXIT_INTERRUPTED;
  } else if (mine.some((p) => p.status === 'diverged' || p.status === 'failed')) {
    process.exitCode = EXIT_RUN_FAILED;
  }
}

/** `gradwire merge`: shard outputs → one sweep folder. */
export async function merge(dirs: readonly string[], opts: { out: string; json?: boolean }): Promise<void> {
  const { mergeSweeps } = await import('../../sweep/merge.js');
  const outDir = checkedOutDir('--out', opts.out);
  const { manifest, missing } = asInputError(() => mergeSweeps(dirs, outDir));
  process.stderr.write(`merged ${dirs.length} folder(s): ${manifest.total} point(s): ${tally(manifest.points)}\n`);
  if (missing.length > 0) {
    const shown = missing
      .slice(0, 10)
      .map((p) => `${p.id} (point ${p.index + 1}: ${describe(p)})`)
      .join('\n  ');
    process.stderr.write(`not finished in any input:\n  ${shown}${missing.length > 10 ? `\n  … and ${missing.length - 10} more` : ''}\n`);
  }
  process.stderr.write(`sweep folder: ${outDir}\n`);
  if (opts.json) process.stdout.write(readFileSync(join(outDir, MANIFEST_FILE), 'utf8'));
  if (missing.length > 0 || manifest.points.some((p) => p.status === 'diverged')) process.exitCode = EXIT_RUN_FAILED;
}

const countsText = (c: ProgressCounts) =>
  PROGRESS_ORDER.filter((k) => c[k] > 0)
    .map((k) => `${c[k]} ${k}`)
    .join(', ') || 'no points';

/** A folder as given relative to the working directory when it is below it. */
function shown(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : dir;
}

/** `gradwire sweep --status <dirs…>`: the progress of a sweep's folders, on stdout. */
function status(dirs: readonly string[], opts: { json?: boolean }): void {
  const p: SweepProgress = asInputError(() => readProgress(dirs));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(p, null, 2)}\n`);
    return;
  }
  process.stdout.write(formatProgress(p));
}

function since(seconds: number): string {
  return seconds < 120 ? `${Math.round(seconds)} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
}

/** The text of --status: the sweep's counts, one line per folder (and per shard not started), the failed points. */
export function formatProgress(p: SweepProgress): string {
  const lines: string[] = [];
  const shards = p.shardCount === null ? '' : ` in ${p.shardCount} shard(s)`;
  lines.push(`sweep ${p.scenario} (${p.sweep.slice(0, 12)}): ${p.total} point(s)${shards}: ${countsText(p.counts)}`);
  const rows: [string, string, string, string][] = p.folders.map((f) => {
    let state: string = f.state;
    if (f.state === 'running' && f.owner) state = `running (pid ${f.owner.pid} on ${f.owner.host}, reported ${since(f.owner.silentFor)} ago)`;
    else if (f.state === 'stopped') state = f.owner ? `stopped: killed (pid ${f.owner.pid} on ${f.owner.host}); run it again with --resume` : 'stopped; run it again with --resume';
    return [f.shard === null ? 'whole sweep' : `shard ${f.shard}`, shown(f.dir), countsText(f.counts), state];
  });
  for (const i of p.notStarted) {
    const pending = p.points.filter((x) => x.index % p.shardCount! === i - 1).length;
    rows.push([`shard ${i}/${p.shardCount}`, '-', `${pending} pending`, 'no folder yet: not started']);
  }
  rows.sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true }));
  const width = (k: number) => Math.max(...rows.map((r) => r[k]!.length));
  for (const r of rows) lines.push(`  ${r[0].padEnd(width(0))}  ${r[1].padEnd(width(1))}  ${r[2].padEnd(width(2))}  ${r[3]}`.trimEnd());
  const failed = p.points.filter((x) => x.progress === 'failed');
  if (failed.length > 0) {
    lines.push('failed:');
    for (const x of failed.slice(0, 10)) lines.push(`  ${x.id} (point ${x.index + 1}: ${describe(x)}): ${x.error ?? 'no reason recorded'}`);
    if (failed.length > 10) lines.push(`  … and ${failed.length - 10} more (--json lists every point)`);
  }
  return `${lines.join('\n')}\n`;
}
