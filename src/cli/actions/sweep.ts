import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import cliProgress from 'cli-progress';
import {
  MANIFEST_FILE, SweepInputError, loadSweep, mergeSweeps, parseShard, runSweep, sweepMessages,
  type PointDone, type PointRecord, type Shard, type SweepPlan,
} from '../../sweep/index.js';
import { EXIT_INTERRUPTED, EXIT_RUN_FAILED, InputError } from '../errors.js';
import { estimateMemory, sweepMemoryRefusal } from '../../run/memory.js';
import { memoryLimit } from '../memory-limit.js';

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

const describe = (r: PointRecord) =>
  [...Object.entries(r.params).map(([p, v]) => `${p} = ${JSON.stringify(v)}`), `seed ${r.seed}`, `run ${r.run}`].join(', ');

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
}

/** `gradwire sweep`: a scenario's sweep block → runs/<pointId>/ folders and sweep.csv / sweep.arrow / sweep.json. */
export async function sweep(file: string, opts: SweepOptions): Promise<void> {
  const shard: Shard | undefined = opts.shard === undefined ? undefined : asInputError(() => parseShard(opts.shard!));
  const threads = opts.threads === undefined ? undefined : parseThreads(opts.threads);
  const expanded = loadSweep(file);
  // before anything is written: the points that may run at once must fit together
  const refusal = sweepMemoryRefusal(file, expanded.points.map((p) => ({ id: p.id, estimate: estimateMemory(p.scenario) })), threads ?? availableParallelism(), memoryLimit(opts.maxMemory));
  if (refusal !== undefined) throw new InputError(refusal);
  const outDir = resolve(opts.out);
  const progress = sweepProgress();
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    controller.abort();
    progress.stop();
    process.stderr.write('\ninterrupted: discarding unfinished runs and writing the outputs of the finished ones (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onSigint);
  let outcome;
  try {
    outcome = await runSweep(expanded, {
        outDir, resume: opts.resume ?? false, signal: controller.signal,
        ...(shard ? { shard } : {}), ...(threads !== undefined ? { threads } : {}),
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
    progress.stop();
  }
  const mine = outcome.manifest.points.filter((p) => p.status !== 'other-shard');
  process.stderr.write(`runs: ${tally(mine)}\n`);
  for (const p of mine.filter((x) => x.status === 'failed')) process.stderr.write(`failed ${p.id} (${describe(p)}): ${p.error}\n`);
  process.stderr.write(`sweep folder: ${outDir} (sweep.csv, sweep.arrow, sweep.json, runs/)\n`);
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
export function merge(dirs: readonly string[], opts: { out: string; json?: boolean }): void {
  const outDir = resolve(opts.out);
  const { manifest, missing } = asInputError(() => mergeSweeps(dirs, outDir));
  process.stderr.write(`merged ${dirs.length} folder(s): ${manifest.total} point(s): ${tally(manifest.points)}\n`);
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).map((p) => `${p.id} (point ${p.index + 1}: ${describe(p)})`).join('\n  ');
    process.stderr.write(`not finished in any input:\n  ${shown}${missing.length > 10 ? `\n  … and ${missing.length - 10} more` : ''}\n`);
  }
  process.stderr.write(`sweep folder: ${outDir}\n`);
  if (opts.json) process.stdout.write(readFileSync(join(outDir, MANIFEST_FILE), 'utf8'));
  if (missing.length > 0 || manifest.points.some((p) => p.status === 'diverged')) process.exitCode = EXIT_RUN_FAILED;
}
