import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandSweepText } from '../sweep/expand.js';
import { runSweep } from '../sweep/run.js';
import { compared, emit, median, pairedRepeats } from './harness.js';

/**
 * A 16-point sweep of a small study: logistic regression (d = 200, 1,600
 * samples), 1,200 iterations of dense SGD and Top-k with error feedback; one
 * point takes about 1.5 s on one core, so the per-thread start-up (≈ 0.6 s
 * loading TensorFlow.js, then V8 compiling the hot code again in each thread)
 * is a small part. Swept: Top-k’s k × workers × two seeds.
 */
const SCENARIO = `name: sweep-bench
workers: { count: 4, batchSize: 16 }
model: { kind: logistic-regression, features: 200, trainSamples: 1600, testSamples: 400 }
training: { iterations: 1200, learningRate: 20 }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
  - name: topk
    uplink: { compressor: { kind: topk, k: 10 }, errorFeedback: true }
sweep:
  grid:
    schemes[topk].uplink.compressor.k: [5, 10, 20, 40]
    workers.count: [2, 4]
  seeds: [1, 2]
`;

/** Repeats of each case; the machines are noisy (a neighbour can take half a core for seconds), so medians. */
const REPEATS = 3;

/** What one run of the sweep measured. */
interface SweepRun {
  readonly ms: number;
  /** CPU time of the whole process over the run, all threads (ms). */
  readonly cpuMs: number;
  /** Threads the pool used. */
  readonly threads: number;
}

/**
 * Wall time of the same 16-point sweep on one worker thread (`serial`) and on
 * the pool sized to the machine (`pool`, os.availableParallelism() threads),
 * each into a fresh folder, worker start-up (TensorFlow.js initialisation)
 * included. The two cases alternate ({@link pairedRepeats}), REPEATS times
 * each, so a slow spell of the machine hits both. Prints `{bench: "sweep",
 * case: "serial" | "pool", points, threads, repeats, ms, cpu_ms}` with medians
 * (cpu_ms: CPU time of the whole process over the case, all threads; cpu_ms /
 * ms near `threads` means the pool got its cores). The pool's line adds
 * `baseline: "serial"` and `ratio`, the median over repeats of pool ms /
 * serial ms of the same repeat, and `speedup`, the same medians the other way
 * up (serial ms / pool ms).
 */
export async function runSweepBench(): Promise<void> {
  const sweep = expandSweepText(SCENARIO, 'sweep-bench.yaml');
  const cases = [
    { label: 'serial', threads: 1 },
    { label: 'pool', threads: availableParallelism() },
  ] as const;
  const runOn = async (threads: number): Promise<SweepRun> => {
    const outDir = mkdtempSync(join(tmpdir(), 'gradwire-sweep-bench-'));
    try {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const outcome = await runSweep(sweep, { outDir, threads });
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      return { ms, cpuMs: (cpu.user + cpu.system) / 1000, threads: outcome.threads };
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  };
  const t = await pairedRepeats(
    cases.map((c) => () => runOn(c.threads)),
    REPEATS,
    (r) => r.ms,
  );
  cases.forEach((c, j) => {
    const runs = t.runs[j] as readonly SweepRun[];
    emit({
      bench: 'sweep',
      case: c.label,
      points: sweep.points.length,
      threads: (runs.at(-1) as SweepRun).threads,
      repeats: REPEATS,
      ms: t.ms[j] as number,
      cpu_ms: Math.round(median(runs.map((r) => r.cpuMs))),
      ...(j > 0 ? { ...compared(t, j, 0, 'serial'), speedup: t.ratio(0, j) } : {}),
    });
  });
}
