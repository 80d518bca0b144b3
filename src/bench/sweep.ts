import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandSweepText } from '../sweep/expand.js';
import { runSweep } from '../sweep/run.js';
import { emit, median, round } from './harness.js';

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

/**
 * Wall time of the same 16-point sweep on one worker thread (`serial`) and on
 * the pool sized to the machine (`pool`, os.availableParallelism() threads),
 * each into a fresh folder, worker start-up (TensorFlow.js initialisation)
 * included. The two cases alternate, REPEATS times each, so a slow spell of
 * the machine hits both. Prints `{bench: "sweep", case: "serial" | "pool",
 * points, threads, repeats, ms, cpu_ms}` with medians (cpu_ms: CPU time of the
 * whole process over the case, all threads; cpu_ms / ms near `threads` means
 * the pool got its cores). The pool's line adds `speedup`, the median over
 * repeats of serial ms / pool ms of the same repeat (neighbours in time, so a
 * slow spell of the machine cancels out).
 */
export async function runSweepBench(): Promise<void> {
  const sweep = expandSweepText(SCENARIO, 'sweep-bench.yaml');
  const cases = [
    { label: 'serial', threads: 1, ms: [] as number[], cpu: [] as number[], used: 1 },
    { label: 'pool', threads: availableParallelism(), ms: [] as number[], cpu: [] as number[], used: 0 },
  ];
  for (let r = 0; r < REPEATS; r++) {
    // alternate which goes first, so drift on the machine does not favour one
    for (const c of r % 2 === 0 ? cases : [...cases].reverse()) {
      const outDir = mkdtempSync(join(tmpdir(), 'gradwire-sweep-bench-'));
      try {
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const outcome = await runSweep(sweep, { outDir, threads: c.threads });
        c.ms.push(performance.now() - t0);
        const cpu = process.cpuUsage(cpu0);
        c.cpu.push((cpu.user + cpu.system) / 1000);
        c.used = outcome.threads;
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    }
  }
  const [serial, pool] = cases as [(typeof cases)[number], (typeof cases)[number]];
  for (const c of cases) {
    const ms = median(c.ms);
    emit({
      bench: 'sweep',
      case: c.label,
      points: sweep.points.length,
      threads: c.used,
      repeats: REPEATS,
      ms: round(ms),
      cpu_ms: Math.round(median(c.cpu)),
      ...(c === pool ? { speedup: round(median(serial.ms.map((s, i) => s / (pool.ms[i] as number)))) } : {}),
    });
  }
}
