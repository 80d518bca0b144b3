import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadScenario } from '../../scenario/load.js';
import { resolveScenario } from '../../run/resolve.js';
import { EXIT_RUN_FAILED, InputError } from '../errors.js';
import { memoryLimit } from '../memory-limit.js';
import { makeProgress } from '../progress.js';
import { describeEstimate, estimateMemory, memoryRefusal } from '../../run/memory.js';

export interface RunOptions {
  out: string;
  report: boolean;
  json?: boolean;
  dryRun?: boolean;
  maxMemory?: string;
}

/** `gradwire run`: scenario file → run directory. */
export async function run(file: string, opts: RunOptions): Promise<void> {
  const scenario = resolveScenario(loadScenario(file));
  if (scenario.sweep !== undefined) throw new InputError(`${file}: has a sweep block; run it with \`gradwire sweep ${file}\` (gradwire run would ignore the sweep)`);
  const estimate = estimateMemory(scenario);
  if (opts.dryRun) {
    process.stdout.write(`${file}: ok\n${describeEstimate(estimate)}\n`);
    return;
  }
  const refusal = memoryRefusal(file, estimate, memoryLimit(opts.maxMemory));
  if (refusal !== undefined) throw new InputError(refusal);
  // the simulation (and TensorFlow.js) only once there is a run to do; --dry-run stops before
  const { runScenario } = await import('../../run/run.js');
  const outDir = resolve(opts.out);
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
      ? `t = ${f.time_s.toPrecision(4)} s, loss = ${f.loss === null ? "not simulated" : f.loss.toPrecision(4)}, wire bytes = ${f.wire_bytes_up + f.wire_bytes_down}, energy = ${f.energy_total_j.toPrecision(4)} J`
      : '';
    process.stderr.write(`${s.name}: ${s.outcome.status} after ${s.outcome.iterations} iterations; ${tail}\n`);
  }
  if (opts.report && scenario.output.report) {
    const { buildReport } = await import('../../../reports/build.js');
    process.stderr.write(`report: ${await buildReport(outDir)}\n`);
  }
  process.stderr.write(`run directory: ${outDir}\n`);
  if (opts.json) process.stdout.write(readFileSync(join(outDir, 'summary.json'), 'utf8'));
  // a scheme stopped by a target or budget succeeded; one that diverged did not
  if (result.schemes.some((s) => s.outcome.status === 'diverged')) process.exitCode = EXIT_RUN_FAILED;
}
