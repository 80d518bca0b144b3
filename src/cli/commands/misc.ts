import { resolve } from 'node:path';
import type { Command } from 'commander';
import { buildReport } from '../../../reports/build.js';
import { loadScenario } from '../../scenario/load.js';

/** `gradwire validate` and `gradwire report`. */
export function registerMisc(program: Command): void {
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
    .addHelpText('after', '\nExample:\n  gradwire report out/default')
    .action(async (runDir: string) => {
      process.stderr.write(`report: ${await buildReport(resolve(runDir))}\n`);
    });
}
