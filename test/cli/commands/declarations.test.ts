import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCollective } from '../../../src/cli/commands/collective.js';
import { registerCompare } from '../../../src/cli/commands/compare.js';
import { registerDocs, registerMisc } from '../../../src/cli/commands/misc.js';
import { registerPresets } from '../../../src/cli/commands/presets.js';
import { registerRun } from '../../../src/cli/commands/run.js';
import { registerMerge, registerSweep } from '../../../src/cli/commands/sweep.js';
import { registerTransfer } from '../../../src/cli/commands/transfer.js';

// The commander declarations in-process, as main.ts registers them, with every action replaced by one that records
// what it was given: the options' defaults, negations and repeatables, and what commander refuses before any action runs.

/** A program with every command declared; `parse` returns the action's arguments (the command object dropped). */
function program() {
  const p = new Command()
    .name('gradwire')
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} });
  for (const register of [registerRun, registerMisc, registerCompare, registerDocs, registerPresets, registerTransfer, registerCollective, registerSweep, registerMerge]) register(p);
  let given: unknown[] = [];
  for (const c of p.commands) c.action((...args: unknown[]) => void (given = args.slice(0, -1)));
  return {
    commands: p.commands,
    parse(...argv: string[]): unknown[] {
      p.parse(argv, { from: 'user' });
      return given;
    },
    /** The CommanderError code a command line is refused with. */
    refusal(...argv: string[]): string {
      try {
        p.parse(argv, { from: 'user' });
      } catch (e) {
        if (e instanceof CommanderError) return e.code;
        throw e;
      }
      return 'accepted';
    },
  };
}

describe('the commands gradwire declares', () => {
  it('are the eleven commands, in the order --help lists them', () => {
    expect(program().commands.map((c) => c.name())).toEqual(['run', 'validate', 'report', 'compare', 'explain', 'schema', 'presets', 'transfer', 'collective', 'sweep', 'merge']);
  });

  it('each have a description and an example in their help', () => {
    for (const c of program().commands) {
      expect(c.description(), c.name()).not.toBe('');
      const help: string[] = [];
      c.configureOutput({ writeOut: (s) => help.push(s) });
      c.outputHelp();
      expect(help.join(''), c.name()).toMatch(new RegExp(`Examples?:\\n {2}gradwire ${c.name()}\\b`));
    }
  });
});

describe('options as parsed', () => {
  it('run: --out defaults to out/run, --no-report turns the report off, --max-memory is kept as written', () => {
    expect(program().parse('run', 'a.yaml')).toEqual(['a.yaml', { out: 'out/run', report: true }]);
    expect(program().parse('run', 'a.yaml', '-o', 'x', '--no-report', '--json', '--dry-run', '--max-memory', '16GB')).toEqual([
      'a.yaml',
      { out: 'x', report: false, json: true, dryRun: true, maxMemory: '16GB' },
    ]);
  });

  it('transfer and collective: --set and --set-server repeat into lists; fidelity, pipeline and seed have defaults', () => {
    const [t] = program().parse('transfer', '--preset', 'p', '--set', 'a=1', '--set', 'b=2', '--bytes', '10');
    expect(t).toEqual({ preset: 'p', set: ['a=1', 'b=2'], setBottleneck: [], bytes: '10', fidelity: 'auto', flowPipeline: 'packet', seed: '1', runs: '1' });
    const [algorithm, c] = program().parse('collective', 'gather', '--workers', '4', '--bytes', '1e6', '--set-server', 'x=1');
    expect(algorithm).toBe('gather');
    expect(c).toMatchObject({ workers: '4', bytes: '1e6', topology: 'switch', preset: 'ethernet-1g-udp', set: [], setServer: ['x=1'], groupSize: '4' });
  });

  it('sweep: the scenario is optional (for --status), which takes several folders; merge and compare take several folders', () => {
    expect(program().parse('sweep', '--status', 'a', 'b')).toEqual([undefined, { out: 'out/sweep', status: ['a', 'b'] }]);
    expect(program().parse('sweep', 's.yaml', '--shard', '2/4', '--resume')).toEqual(['s.yaml', { out: 'out/sweep', shard: '2/4', resume: true }]);
    expect(program().parse('merge', 'a', 'b', '--out', 'm')).toEqual([['a', 'b'], { out: 'm' }]);
    expect(program().parse('compare', 'a', 'b', '-o', 'c', '--no-images')).toEqual([['a', 'b'], { out: 'c', images: false }]);
  });

  it('explain: the field defaults to the empty path (every top-level field)', () => {
    expect(program().parse('explain')).toEqual(['', {}]);
  });
});

describe('what commander refuses before any action runs', () => {
  it('an unknown option or command, a missing argument or required option, an option without its value', () => {
    expect(program().refusal('run', 'a.yaml', '--bogus')).toBe('commander.unknownOption');
    expect(program().refusal('frobnicate')).toBe('commander.unknownCommand');
    expect(program().refusal('run')).toBe('commander.missingArgument');
    expect(program().refusal('transfer', '--bytes', '10')).toBe('commander.missingMandatoryOptionValue');
    expect(program().refusal('merge', 'a')).toBe('commander.missingMandatoryOptionValue');
    expect(program().refusal('collective', 'gather', '--workers')).toBe('commander.optionMissingArgument');
    expect(program().refusal('presets', '--json')).toBe('accepted');
  });
});
