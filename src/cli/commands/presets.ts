import type { Command } from 'commander';
import type { PresetsOptions } from '../actions/presets.js';

/** `gradwire presets`: list presets, or describe one field by field. */
export function registerPresets(program: Command): void {
  program
    .command('presets')
    .description('List link and device presets, or describe one: every field with its value, unit and source.')
    .option('--describe <name>', 'print every field of one preset')
    .option('--json', 'machine-readable output')
    .option('--profiles', 'list the bundled workload profiles (model: { kind: profile, name })')
    .addHelpText('after', '\nExamples:\n  gradwire presets\n  gradwire presets --describe ieee802154\n  gradwire presets --profiles')
    .action(async (opts: PresetsOptions) => (await import('../actions/presets.js')).presets(opts));
}
