import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from '../../results/index.js';
import { loadScenario } from '../../scenario/load.js';
import { resolveScenario } from '../../run/resolve.js';
import { EXIT_RUN_FAILED, InputError } from '../errors.js';
import { memoryLimit } from '../memory-limit.js';
import { outDir as checkedOutDir } from '../paths.js';
import { makeProgress } from '../progress.js';
import { describeEstimate, estimateMemory, formatBytes, heapPlan } from '../../scenario/estimate/memory.js';
import { gateRefusal } from '../../scenario/gate.js';
import { currentHeapLimit, ensureHeap } from '../heap-limit.js';

export interface RunOptions {
  out: string;
  report: boolean;
  json?: boolean;
  dryRun?: boolean;
  maxMemory?: string;
  timing?: boolean;
}

const cpuS = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const pct = (part: number, whole: number) => `${whole > 0 ? Math.round((100 * part) / whole) : 0} %`;

/** `gradwire run`: scenario file → run directory. */
export async function run(file: string, opts: RunOptions): Promise<void> {
  const outDirPath = checkedOutDir('--out', opts.out);
  const scenario = resolveScenario(loadScenario(file));
  if (scenario.sweep !== undefined) throw new InputError(`${file}: has a sweep block; run it with \`gradwire sweep ${file}\` (gradwire run would ignore the sweep)`);
  const estimate = estimateMemory(scenario);
  const limit = memoryLimit(opts.maxMemory);
  const plan = heapPlan(file, estimate, limit, currentHeapLimit());
  const refusal = gateRefusal(file, scenario, limit, estimate);
  if (opts.dryRun) {
    // the estimate in full, then the verdict a run would give
    process.stdout.write(`${describeEstimate(estimate)}\n`);
    if (refusal !== undefined) throw new InputError(refusal);
    const heap =
      plan.kind === 'fits'
        ? `fits this process's ${formatBytes(currentHeapLimit())}`
        : `more than this process's ${formatBytes(currentHeapLimit())}: gradwire run restarts Node.js with --max-old-space-size=${(plan as { heapMB: number }).heapMB}`;
    process.stdout.write(`V8 heap: ${heap}\n${file}: ok\n`);
    return;
  }
  if (refusal !== undefined) throw new InputError(refusal);
  // JS objects beyond V8's default heap: run again with a larger one (or refuse), before anything is written
  const code = await ensureHeap(file, [estimate], limit);
  if (code !== undefined) {
    process.exitCode = code;
    return;
  }
  // the simulation (and TensorFlow.js) only once there is a run to do; --dry-run stops before
  const { runScenario } = await import('../../run/run.js');
  const outDir = outDirPath;
  const progress = makeProgress();
  const perScheme = scenario.training.iterations;
  progress.start(scenario.schemes.length * perScheme, scenario.schemes[0]!.name);
  let base = 0;
  const result = await runScenario(scenario, outDir, {
    onSchemeStart: (_s, index) => {
      base = index * perScheme;
    },
    onIteration: (s, t) => progress.update(base + t, s.name),
  });
  progress.stop();
  process.stderr.write(`backend: ${result.backend}\n`);
  for (const s of result.schemes) {
    const f = s.final;
    const tail = f
      ? `t = ${f.time_s.toPrecision(4)} s, loss = ${f.loss === null ? 'not simulated' : f.loss.toPrecision(4)}, wire bytes = ${f.wire_bytes_up + f.wire_bytes_down}, energy = ${f.energy_total_j.toPrecision(4)} J`
      : '';
    const why = 'detail' in s.outcome ? ` (${s.outcome.detail})` : '';
    process.stderr.write(`${s.name}: ${s.outcome.status} after ${s.outcome.iterations} iterations${why}; ${tail}\n`);
  }
  if (result.verdict) process.stderr.write(`verdict: ${result.verdict.sentence}\n`);
  const beforeReport = process.cpuUsage();
  if (opts.report && scenario.output.report) {
    const { buildReport } = await import('../../../reports/build.js');
    process.stderr.write(`report: ${await buildReport(outDir)}\n`);
  }
  if (opts.timing) {
    // measured CPU, on stderr only: result files never hold wall-clock or CPU numbers
    const total = cpuS(process.cpuUsage());
    const report = cpuS(process.cpuUsage(beforeReport));
    const { evaluationCpuS: evaluation, totalCpuS: run } = result.timing;
    const lines = [
      `timing (CPU seconds, this process): ${total.toFixed(2)} s`,
      `  evaluation (loss and output.metrics, every ${result.timing.evalEvery} iterations)  ${evaluation.toFixed(2)} s  ${pct(evaluation, total)}`,
      `  training, network simulation and result files  ${(run - evaluation).toFixed(2)} s  ${pct(run - evaluation, total)}`,
      `  report  ${report.toFixed(2)} s  ${pct(report, total)}`,
      `  start-up and the rest  ${(total - run - report).toFixed(2)} s  ${pct(total - run - report, total)}`,
    ];
    process.stderr.write(`${lines.join('\n')}\n`);
  }
  process.stderr.write(`run directory: ${outDir}\n`);
  if (opts.json) process.stdout.write(readFileSync(join(outDir, RUN_FILES.summary), 'utf8'));
  // a scheme stopped by a target or budget succeeded; one that diverged or stalled did not
  if (result.schemes.some((s) => s.outcome.status === 'diverged' || s.outcome.status === 'stalled')) process.exitCode = EXIT_RUN_FAILED;
}
