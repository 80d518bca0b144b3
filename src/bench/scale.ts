import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compared, emit, median, pairedRepeats, round, type BenchRecord, type PairedRuns } from './harness.js';

/**
 * The reference each case is compared with in the same run: a run of the same
 * machinery with nothing to speak of (2 workers, d = 10, 1 iteration), so
 * `overBaselineS` and `overBaselineMB` are what the study itself costs beyond
 * start-up and the runtime.
 */
const BASELINE = `name: baseline
seed: 1
workers: { count: 2, batchSize: 4 }
model: { kind: logistic-regression, features: 10, trainSamples: 64, testSamples: 16 }
training: { iterations: 1 }
output: { report: false }
schemes:
  - name: dense
`;

/** A study the suite runs, with the target it must meet. */
export interface ScaleCase {
  readonly name: string;
  readonly targetS: number | null;
  readonly targetMB: number;
  readonly scenario: string;
}

const CASES: readonly ScaleCase[] = [
  {
    // the default study's model (logistic regression, d = 2000) on 1024 workers: 16 samples each
    name: 'workers-1024',
    targetS: 15,
    targetMB: 1024,
    scenario: `name: workers-1024
seed: 1
network: { topology: parameter-server-star, workerLink: { preset: ethernet-1g-udp }, serverLink: { preset: ethernet-1g-udp } }
workers: { count: 1024, device: server-cpu, batchSize: 8 }
model: { kind: logistic-regression, features: 2000, trainSamples: 16384, testSamples: 2000, l2: 0.0001, weightStd: 4 }
training: { iterations: 20, learningRate: 100 }
output: { report: false }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
  - name: topk-ef
    uplink: { compressor: { kind: topk, ratio: 0.01 }, errorFeedback: true }
`,
  },
  {
    name: 'sparse-1e6',
    targetS: null,
    targetMB: 4096,
    scenario: `name: sparse-1e6
seed: 1
workers: { count: 8, batchSize: 32 }
model: { kind: logistic-regression, features: 1000000, nonZeros: 200, trainSamples: 20000, testSamples: 2000, l2: 0.0001 }
training: { iterations: 10, learningRate: 10 }
output: { report: false }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
  - name: topk-ef
    uplink: { compressor: { kind: topk, ratio: 0.001 }, errorFeedback: true }
`,
  },
  {
    name: 'resnet50-16',
    targetS: 120,
    targetMB: 8192,
    scenario: `name: resnet50-16
seed: 1
network: { topology: switch, workerLink: { preset: ethernet-10g-udp }, serverLink: { preset: ethernet-10g-udp } }
workers: { count: 16, device: v100, batchSize: 32 }
model: { kind: profile, name: resnet50 }
training: { iterations: 10, learningRate: 0.1 }
output: { report: false }
schemes:
  - name: gtopk
    kind: gtopk
    uplink: { compressor: { kind: topk, ratio: 0.001 } }
  - name: ring-allreduce
    kind: ring-allreduce
    uplink: { compressor: { kind: identity } }
  - name: allgather-topk
    kind: allgather
    uplink: { compressor: { kind: topk, ratio: 0.001 }, errorFeedback: true }
`,
  },
];

/** Repeats per case (each is a whole run of up to two minutes): GRADWIRE_BENCH_REPEATS, default 1. */
const REPEATS = Math.max(1, Number(process.env['GRADWIRE_BENCH_REPEATS'] ?? 1) || 1);

/** What one scale-child process printed. */
export interface ChildResult {
  wallS: number;
  peakRssMB: number;
  estimateMB: number;
  simSPerIteration: Record<string, number | null>;
  backend: string;
}

/**
 * Studies at scale (issue #12): each case is a whole `gradwire run` in a
 * child process (start-up, data or gradient source, every scheme; no
 * report), so `peakRssMB` is that run's own peak resident memory. Each repeat
 * runs the baseline and the case in alternation ({@link pairedRepeats}), so a
 * slow spell hits both. Two lines per case: the baseline's `{bench: "scale",
 * case: "baseline", baselineOf, repeats, ms, wallS, peakRssMB}`, then the
 * case's, with `ms` and `wallS` (medians over repeats), `baseline:
 * "baseline"` and `ratio` (the median over repeats of case ms / baseline ms),
 * `baselineS`, `baselineMB` and what the case costs beyond them
 * (`overBaselineS`, `overBaselineMB`), the target the case must meet
 * (`targetS`, `targetMB`) and whether it did (`meets`), the memory estimate
 * `gradwire run --dry-run` prints (`estimateMB`) with the measured peak over
 * it (`rssOverEstimate`), and the simulated seconds per iteration of each
 * scheme.
 */
export async function runScaleBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gradwire-scale-bench-'));
  const child = fileURLToPath(new URL('./scale-child.js', import.meta.url));
  const run = (name: string, scenario: string): ChildResult => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, scenario);
    const out = execFileSync(process.execPath, [child, file], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
    return JSON.parse(out.trim().split('\n').at(-1) as string) as ChildResult;
  };
  try {
    for (const c of CASES) {
      const t = await pairedRepeats([() => run('baseline', BASELINE), () => run(c.name, c.scenario)], REPEATS, (x) => x.wallS * 1000);
      scaleLines(c, t).forEach(emit);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** {@link runScaleBench}'s two lines for case `c` from its paired repeats (the baseline's first, as function 0). */
export function scaleLines(c: ScaleCase, t: PairedRuns<ChildResult>): [BenchRecord, BenchRecord] {
  const [baseRuns, studyRuns] = t.runs as [readonly ChildResult[], readonly ChildResult[]];
  const repeats = studyRuns.length;
  const wallS = median(studyRuns.map((x) => x.wallS));
  const peakRssMB = Math.max(...studyRuns.map((x) => x.peakRssMB));
  const baselineS = median(baseRuns.map((x) => x.wallS));
  const baselineMB = Math.max(...baseRuns.map((x) => x.peakRssMB));
  const first = studyRuns[0]!;
  const baseline = { bench: 'scale', case: 'baseline', baselineOf: c.name, repeats, ms: round(baselineS * 1000, 0), wallS: round(baselineS, 2), peakRssMB: round(baselineMB, 0) };
  const study = {
    bench: 'scale',
    case: c.name,
    repeats,
    ms: round(wallS * 1000, 0),
    ...compared(t, 1, 0, baseline.case),
    wallS: round(wallS, 2),
    peakRssMB: round(peakRssMB, 0),
    baselineS: round(baselineS, 2),
    baselineMB: round(baselineMB, 0),
    overBaselineS: round(wallS - baselineS, 2),
    overBaselineMB: round(peakRssMB - baselineMB, 0),
    estimateMB: round(first.estimateMB, 0),
    rssOverEstimate: round(peakRssMB / first.estimateMB, 3),
    targetS: c.targetS,
    targetMB: c.targetMB,
    meets: (c.targetS === null || wallS <= c.targetS) && peakRssMB <= c.targetMB,
    simSPerIteration: first.simSPerIteration,
    backend: first.backend,
  };
  return [baseline, study];
}
