import type { Command } from 'commander';
import { InputError } from '../errors.js';

// Each action loads its modules when its command runs (see main.ts): `validate` the scenario checks, `report` Vega
// (`report` of several run directories is `compare`).

/** `gradwire validate` and `gradwire report`. */
export function registerMisc(program: Command): void {
  program
    .command('validate')
    .description('Check scenario files without running them.')
    .argument('<scenarios...>', 'scenario YAML files')
    .addHelpText('after', '\nExample:\n  gradwire validate scenarios/*.yaml')
    .action(async (files: string[]) => (await import('../actions/validate.js')).validate(files));

  program
    .command('report')
    .description('Rebuild the report (index.html, charts/*.vl.json, .svg, .png) from a run or sweep directory’s result files.')
    .argument('<dirs...>', 'run directory, or sweep directory (one holding sweep.csv); several run directories: a comparison, as gradwire compare')
    .option('-o, --out <dir>', 'report directory (default: <dir>/report; required for several directories)')
    .addHelpText('after', '\nExamples:\n  gradwire report out/default\n  gradwire report out/study --out out/study-report\n  gradwire report out/a out/b --out out/a-vs-b')
    .action(async (dirs: string[], opts: { out?: string }) => {
      if (dirs.length === 1) return (await import('../actions/report.js')).report(dirs[0]!, opts);
      if (opts.out === undefined) throw new InputError(`report of ${dirs.length} directories compares them: give the comparison's directory with --out <dir>`);
      return (await import('../actions/compare.js')).compare(dirs, { out: opts.out });
    });
}

/** `gradwire explain` and `gradwire schema`. */
export function registerDocs(program: Command): void {
  program
    .command('explain')
    .description('Describe a scenario field from its declaration: doc, unit, default, accepted values, sub-fields.')
    .argument('[field]', 'dotted path, list indices optional (e.g. workers.batchSize, schemes.uplink.compressor)', '')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  gradwire explain training.learningRate\n  gradwire explain schemes.uplink.encoding.indices')
    .action(async (field: string, opts: { json?: boolean }) => (await import('../actions/explain.js')).explain(field, opts));

  program
    .command('schema')
    .description('Print the JSON Schema of scenario files (or write it with --out).')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .addHelpText('after', '\nExample:\n  gradwire schema --out scenarios/schema.json')
    .action(async (opts: { out?: string }) => (await import('../actions/schema.js')).schema(opts));
}
