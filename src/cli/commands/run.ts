import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { buildReport } from '../../../reports/build.js';
import { loadScenario } from '../../scenario/load.js';
import { resolveScenario } from '../../run/resolve.js';
import { runScenario } from '../../run/run.js';
import { EXIT_RUN_FAILED, InputError } from '../errors.js';
import { makeProgress } from '../progress.js';
import { availableMemoryBytes, describeEstimate, estimateMemory, memoryRefusal, parseBytes } from '../../run/memory.js';

/** `--max-memory` in bytes (default: what the machine has), or a clear refusal of a malformed size. */
export function memoryLimit(option: string | undefined): number {
  if (option === undefined) return availableMemoryBytes();
  const bytes = parseBytes(option);
  if (bytes === undefined || bytes <= 0) throw new InputError(`--max-memory: expected a size such as 16GB, 12GiB or 8000000000, got "${option}"`);
  return bytes;
}

/** `gradwire run`: scenario file → run directory. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('Run a scenario file and write its run directory (resolved scenario, metrics.csv, summary.json, report).')
    .argument('<scenario>', 'scenario YAML file')
    .option('-o, --out <dir>', 'run directory to write', 'out/run')
    .option('--no-report', 'skip report/index.html')
    .option('--json', 'print the summary (summary.json) on stdout when done')
    .option('--dry-run', 'check the scenario and print its memory estimate; run nothing, write nothing')
    .option('--max-memory <size>', 'memory the run may use (e.g. 16GB, 12GiB); default: this machine’s (or its cgroup’s) total')
    .addHelpText('after', '\nExample:\n  gradwire run scenarios/default.yaml --out out/default')
    .action(async (file: string, opts: { out: string; report: boolean; json?: boolean; dryRun?: boolean; maxMemory?: string }) => {
      const scenario = resolveScenario(loadScenario(file));
      if (scenario.sweep !== undefined) throw new InputError(`${file}: has a sweep block; run it with \`gradwire sweep ${file}\` (gradwire run would ignore the sweep)`);
      const estimate = estimateMemory(scenario);
      if (opts.dryRun) {
        process.stdout.write(`${file}: ok\n${describeEstimate(estimate)}\n`);
        return;
      }
      const refusal = memoryRefusal(file, estimate, memoryLimit(opts.maxMemory));
      if (refusal !== undefined) throw new InputError(refusal);
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
      if (opts.report && scenario.output.report) process.stderr.write(`report: ${await buildReport(outDir)}\n`);
      process.stderr.write(`run directory: ${outDir}\n`);
      if (opts.json) process.stdout.write(readFileSync(join(outDir, 'summary.json'), 'utf8'));
      // a scheme stopped by a target or budget succeeded; one that diverged did not
      if (result.schemes.some((s) => s.outcome.status === 'diverged')) process.exitCode = EXIT_RUN_FAILED;
    });
}
