import type { Command } from 'commander';
import type { RunOptions } from '../actions/run.js';

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
    .option('--timing', 'print where the CPU went (evaluation, training and simulation, report) on stderr when done')
    .option('--max-memory <size>', 'memory the run may use (e.g. 16GB, 12GiB); default: this machine’s (or its cgroup’s) total')
    .addHelpText('after', '\nExample:\n  gradwire run scenarios/default.yaml --out out/default')
    .action(async (file: string, opts: RunOptions) => (await import('../actions/run.js')).run(file, opts));
}
