#!/usr/bin/env node
import { resolve } from 'node:path';
import { Command } from 'commander';
import { buildReport } from '../../reports/build.js';
import { loadScenario } from '../scenario/load.js';
import { ScenarioError } from '../scenario/messages.js';
import { resolveScenario } from '../run/resolve.js';
import { runScenario } from '../run/run.js';
import { makeProgress } from './progress.js';

/** Exit codes: 0 success, 1 a run failed or diverged, 2 bad input. */
const EXIT_RUN_FAILED = 1;
const EXIT_BAD_INPUT = 2;

const program = new Command()
  .name('gradwire')
  .description('Discrete-event simulation of distributed SGD with gradient compression: time, bytes and energy.')
  .showHelpAfterError();

program
  .command('run')
  .description('Run a scenario file and write its run directory (resolved scenario, metrics.csv, summary.json, report).')
  .argument('<scenario>', 'scenario YAML file')
  .option('-o, --out <dir>', 'run directory to write', 'out/run')
  .option('--no-report', 'skip report/index.html')
  .addHelpText('after', '\nExample:\n  gradwire run scenarios/default.yaml --out out/default')
  .action(async (file: string, opts: { out: string; report: boolean }) => {
    const scenario = resolveScenario(loadScenario(file));
    const outDir = resolve(opts.out);
    const progress = makeProgress();
    const total = scenario.schemes.length * scenario.training.iterations;
    progress.start(total, scenario.schemes[0]!.name);
    let base = 0;
    const result = await runScenario(scenario, outDir, {
      onSchemeStart: (_s, index) => {
        base = index * scenario.training.iterations;
      },
      onIteration: (s, t) => progress.update(base + t, s.name),
    });
    progress.stop();
    process.stderr.write(`backend: ${result.backend}\n`);
    for (const s of result.schemes) {
      const f = s.final;
      const tail = f ? `t = ${f.time_s.toPrecision(4)} s, loss = ${f.loss.toPrecision(4)}, wire bytes = ${f.wire_bytes_up + f.wire_bytes_down}, energy = ${f.energy_total_j.toPrecision(4)} J` : '';
      process.stderr.write(`${s.name}: ${s.outcome.status} after ${s.outcome.iterations} iterations; ${tail}\n`);
    }
    if (opts.report && scenario.output.report) {
      const page = await buildReport(outDir);
      process.stderr.write(`report: ${page}\n`);
    }
    process.stderr.write(`run directory: ${outDir}\n`);
    if (result.schemes.some((s) => s.outcome.status !== 'completed')) process.exitCode = EXIT_RUN_FAILED;
  });

program
  .command('validate')
  .description('Check scenario files without running them.')
  .argument('<scenarios...>', 'scenario YAML files')
  .addHelpText('after', '\nExample:\n  gradwire validate scenarios/*.yaml')
  .action((files: string[]) => {
    for (const file of files) {
      loadScenario(file);
      process.stdout.write(`${file}: ok\n`);
    }
  });

program
  .command('report')
  .description('Rebuild report/index.html from a run directory’s result files.')
  .argument('<runDir>', 'run directory')
  .action(async (runDir: string) => {
    process.stderr.write(`report: ${await buildReport(resolve(runDir))}\n`);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof ScenarioError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  process.stderr.write(`gradwire: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(EXIT_RUN_FAILED);
}
