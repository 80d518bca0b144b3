#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { OverrideError } from '../net/index.js';
import { ResultFileError } from '../../reports/run-data.js';
import { ScenarioError } from '../scenario/messages.js';
import { registerDocs, registerMisc } from './commands/misc.js';
import { registerPresets } from './commands/presets.js';
import { registerRun } from './commands/run.js';
import { registerMerge, registerSweep } from './commands/sweep.js';
import { registerTransfer } from './commands/transfer.js';
import { GRADWIRE_VERSION } from '../version.js';
import { EXIT_BAD_INPUT, EXIT_RUN_FAILED, InputError } from './errors.js';

const program = new Command()
  .name('gradwire')
  .description('Discrete-event simulation of distributed SGD with gradient compression: time, bytes and energy.')
  .version(GRADWIRE_VERSION)
  .showHelpAfterError()
  // Throw instead of exiting, so a bad option or command exits 2 like any bad input (set before the subcommands, which inherit it).
  .exitOverride();

registerRun(program);
registerMisc(program);
registerDocs(program);
registerPresets(program);
registerTransfer(program);
registerSweep(program);
registerMerge(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  // commander has printed its message (or the help / version) already
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : EXIT_BAD_INPUT);
  if (e instanceof ScenarioError || e instanceof InputError || e instanceof OverrideError || e instanceof ResultFileError) {
    process.stderr.write(`gradwire: ${e.message}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  process.stderr.write(`gradwire: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(EXIT_RUN_FAILED);
}
