import { resolve } from 'node:path';
import type { Command } from 'commander';
import { buildReport } from '../../../reports/build.js';
import { loadScenario } from '../../scenario/load.js';
import { ScenarioError } from '../../scenario/messages.js';
import { OverrideError } from '../../net/index.js';
import { loadSweep } from '../../sweep/index.js';
import { explainField } from '../../scenario/explain.js';
import { scenarioJsonSchemaText } from '../../scenario/json-schema.js';
import { writeAtomic } from '../../run/results.js';
import { InputError } from '../errors.js';
import { availableMemoryBytes, estimateMemory, memoryRefusal } from '../../run/memory.js';

/** `gradwire validate` and `gradwire report`. */
export function registerMisc(program: Command): void {
  program
    .command('validate')
    .description('Check scenario files without running them.')
    .argument('<scenarios...>', 'scenario YAML files')
    .addHelpText('after', '\nExample:\n  gradwire validate scenarios/*.yaml')
    .action((files: string[]) => {
      // Check every file, report each (ok on stdout, the problems on stderr), then exit 2 if any failed.
      const failed: string[] = [];
      for (const file of files) {
        try {
          const scenario = loadScenario(file);
          // a sweep file: every point must validate too
          const points = scenario.sweep !== undefined ? loadSweep(file).points : undefined;
          // a run that cannot fit in memory is refused now, not after it has started
          const limit = availableMemoryBytes();
          const refusal = points === undefined
            ? memoryRefusal(file, estimateMemory(scenario), limit)
            : points.map((p) => memoryRefusal(`${file} (point ${p.id})`, estimateMemory(p.scenario), limit)).find((r) => r !== undefined);
          if (refusal !== undefined) {
            failed.push(file);
            process.stderr.write(`${refusal}\n`);
            continue;
          }
          process.stdout.write(`${file}: ok${points !== undefined ? ` (${points.length} sweep points)` : ''}\n`);
        } catch (e) {
          if (!(e instanceof ScenarioError || e instanceof OverrideError)) throw e;
          failed.push(file);
          process.stderr.write(`${e.message}\n`);
        }
      }
      if (failed.length > 0) throw new InputError(`${failed.length} of ${files.length} scenario files failed validation: ${failed.join(', ')}`);
    });

  program
    .command('report')
    .description('Rebuild the report (index.html, charts/*.vl.json, .svg, .png) from a run or sweep directory’s result files.')
    .argument('<dir>', 'run directory, or sweep directory (one holding sweep.csv)')
    .option('-o, --out <dir>', 'report directory (default: <dir>/report)')
    .addHelpText('after', '\nExamples:\n  gradwire report out/default\n  gradwire report out/study --out out/study-report')
    .action(async (dir: string, opts: { out?: string }) => {
      process.stderr.write(`report: ${await buildReport(resolve(dir), opts.out === undefined ? undefined : resolve(opts.out))}\n`);
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
    .action((field: string, opts: { json?: boolean }) => {
      let doc;
      try {
        doc = explainField(field);
      } catch (e) {
        throw new InputError((e as Error).message);
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
        return;
      }
      const lines = [`${doc.path}`, `  ${doc.doc || '(no description)'}`];
      if (doc.unit) lines.push(`  unit: ${doc.unit}`);
      if (doc.default !== undefined) lines.push(`  default: ${JSON.stringify(doc.default)}`);
      lines.push(`  accepts: ${JSON.stringify(doc.accepts)}`);
      if (doc.fields.length > 0) lines.push(`  fields: ${doc.fields.join(', ')}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  program
    .command('schema')
    .description('Print the JSON Schema of scenario files (or write it with --out).')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .addHelpText('after', '\nExample:\n  gradwire schema --out scenarios/schema.json')
    .action((opts: { out?: string }) => {
      const text = scenarioJsonSchemaText();
      if (opts.out) writeAtomic(resolve(opts.out), text);
      else process.stdout.write(text);
    });
}
