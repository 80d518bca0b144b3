import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandSweepText } from '../sweep/expand.js';
import { runSweep } from '../sweep/run.js';
import { emit } from './harness.js';

/**
 * A 16-point sweep of a small study: logistic regression (d = 200, 1,600
 * samples), 240 iterations of dense SGD and Top-k with error feedback; one
 * point takes about 1.5 s on one core, so thread start-up (TensorFlow.js
 * initialisation per worker thread) is a small part. Swept: Top-k’s k × workers ×
 * two seeds.
 */
const SCENARIO = `name: sweep-bench
workers: { count: 4, batchSize: 16 }
model: { kind: logistic-regression, features: 200, trainSamples: 1600, testSamples: 400 }
training: { iterations: 240, learningRate: 20 }
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

/**
 * Wall time of the same 16-point sweep on one worker thread (`serial`) and on
 * the pool sized to the machine (`pool`, os.availableParallelism() threads),
 * each into a fresh folder, worker start-up (TensorFlow.js initialisation)
 * included. Prints `{bench: "sweep", case: "serial" | "pool", points, threads, ms, cpu_ms}`
 * (cpu_ms: CPU time of the whole process over the case, all threads).
 */
export async function runSweepBench(): Promise<void> {
  const sweep = expandSweepText(SCENARIO, 'sweep-bench.yaml');
  const cases: Array<['serial' | 'pool', number]> = [
    ['serial', 1],
    ['pool', availableParallelism()],
  ];
  for (const [label, threads] of cases) {
    const outDir = mkdtempSync(join(tmpdir(), 'gradwire-sweep-bench-'));
    try {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const outcome = await runSweep(sweep, { outDir, threads });
      const ms = Math.round((performance.now() - t0) * 1000) / 1000;
      const cpu = process.cpuUsage(cpu0);
      // CPU time of the process (all threads): cpu_ms / ms near `threads` means the pool got its cores.
      emit({ bench: 'sweep', case: label, points: sweep.points.length, threads: outcome.threads, ms, cpu_ms: Math.round((cpu.user + cpu.system) / 1000) });
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }
}
