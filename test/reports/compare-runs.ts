/**
 * Two small real runs of different scenarios (2 workers vs 4 workers, a loss
 * target so each has a verdict), simulated with `runScenario` into
 * `<root>/two-workers` and `<root>/four-workers`: the input of the compare tests.
 */
import { join } from 'node:path';
import { resolveScenario } from '../../src/run/resolve.js';
import { runScenario } from '../../src/run/run.js';
import { parseScenario } from '../../src/scenario/load.js';

const scenario = (workers: number) => `name: compare-${workers}-workers
description: ${workers} workers, dense against Top-k with error feedback
seed: 5
workers: { count: ${workers}, batchSize: 16 }
model: { kind: logistic-regression, features: 50, trainSamples: 400, testSamples: 100 }
training: { iterations: 20, learningRate: 20, stop: { targetLoss: 0.45 } }
schemes:
  - name: dense
    label: Dense SGD
    uplink: { compressor: { kind: identity } }
  - name: topk
    label: Top-k 10, EF
    uplink: { compressor: { kind: topk, k: 10 }, errorFeedback: true }
output: { report: false }
`;

/** The run directories' names, in the order given to compare. */
export const COMPARE_RUN_NAMES = ['two-workers', 'four-workers'] as const;

/** Simulates both runs under `root`; returns their directories, in {@link COMPARE_RUN_NAMES} order. */
export async function makeCompareRuns(root: string): Promise<string[]> {
  const dirs: string[] = [];
  for (const [name, workers] of [
    [COMPARE_RUN_NAMES[0], 2],
    [COMPARE_RUN_NAMES[1], 4],
  ] as const) {
    const dir = join(root, name);
    await runScenario(resolveScenario(parseScenario(scenario(workers), `${name}.yaml`)), dir);
    dirs.push(dir);
  }
  return dirs;
}
