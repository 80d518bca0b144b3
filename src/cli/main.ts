#!/usr/bin/env node
import module from 'node:module';
import { Command, CommanderError } from 'commander';
import { OverrideError } from '../net/presets/override.js';
import { ScenarioError } from '../scenario/messages.js';
import { ResultFileError } from '../results/result-file-error.js';
import { registerDocs, registerMisc } from './commands/misc.js';
import { registerPresets } from './commands/presets.js';
import { registerRun } from './commands/run.js';
import { registerMerge, registerSweep } from './commands/sweep.js';
import { registerTransfer } from './commands/transfer.js';
import { registerCollective } from './commands/collective.js';
import { registerCompare } from './commands/compare.js';
import { GRADWIRE_VERSION } from '../version.js';
import { EXIT_BAD_INPUT, EXIT_RUN_FAILED, InputError } from './errors.js';

// Start-up: this file and ./commands declare the commands and import nothing heavy; each command's action
// imports its module under ./actions when it runs, so `gradwire presets` or `transfer` never loads
// TensorFlow.js, Vega or Arrow (test/cli/startup.test.ts; `npm run bench -- startup` times it).
// Node ≥ 22.1 keeps the compiled code of the modules loaded from here on in a disk cache (opt out: NODE_DISABLE_COMPILE_CACHE=1).
if (typeof module.enableCompileCache === 'function') module.enableCompileCache();

// Output piped into a reader that stops early (`gradwire schema | head`): nothing more to say, and not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
}

const program = new Command()
  .name('gradwire')
  .description('Discrete-event simulation of distributed SGD with gradient compression: time, bytes and energy.')
  .version(GRADWIRE_VERSION)
  .option('--debug', 'on an internal error, print its stack trace')
  .showHelpAfterError()
  // Throw instead of exiting, so a bad option or command exits 2 like any bad input (set before the subcommands, which inherit it).
  .exitOverride();

registerRun(program);
registerMisc(program);
registerCompare(program);
registerDocs(program);
registerPresets(program);
registerTransfer(program);
registerCollective(program);
registerSweep(program);
registerMerge(program);

/** Bad input (exit 2, a message and no stack trace): a scenario, a flag, an override or a result file. */
function isBadInput(e: unknown): boolean {
  return e instanceof ScenarioError || e instanceof InputError || e instanceof OverrideError || e instanceof ResultFileError;
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  // commander has printed its message (or the help / version) already
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : EXIT_BAD_INPUT);
  if (isBadInput(e)) {
    process.stderr.write(`gradwire: ${(e as Error).message}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  // anything else is gradwire's own fault: say so, and show the stack only when asked
  const debug = process.argv.includes('--debug') || process.env.GRADWIRE_DEBUG === '1';
  const detail = e instanceof Error ? (debug ? (e.stack ?? e.message) : `${e.name}: ${e.message}`) : String(e);
  process.stderr.write(`gradwire: internal error: ${detail}\n`);
  process.stderr.write(
    debug
      ? 'Please report this, with the command and the scenario that caused it.\n'
      : 'This is a bug in gradwire: please report it with the command and the scenario. Add --debug (or GRADWIRE_DEBUG=1) to see the stack trace.\n',
  );
  process.exit(EXIT_RUN_FAILED);
}
