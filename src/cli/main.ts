#!/usr/bin/env node
import { Command } from 'commander';
import { OverrideError } from '../net/index.js';
import { ScenarioError } from '../scenario/messages.js';
import { registerDocs, registerMisc } from './commands/misc.js';
import { registerPresets } from './commands/presets.js';
import { registerRun } from './commands/run.js';
import { registerMerge, registerSweep } from './commands/sweep.js';
import { registerTransfer } from './commands/transfer.js';
import { EXIT_BAD_INPUT, EXIT_RUN_FAILED, InputError } from './errors.js';

const program = new Command()
  .name('gradwire')
  .description('Discrete-event simulation of distributed SGD with gradient compression: time, bytes and energy.')
  .showHelpAfterError();

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
  if (e instanceof ScenarioError || e instanceof InputError || e instanceof OverrideError) {
    process.stderr.write(`gradwire: ${e.message}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  process.stderr.write(`gradwire: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(EXIT_RUN_FAILED);
}
