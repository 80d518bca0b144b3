import type { Command } from 'commander';

// The action loads Vega when the command runs (see main.ts).

/** `gradwire compare`: several run directories on the same charts. */
export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('Put runs of different scenarios on the same charts: a self-contained report page (loss vs time, bytes, packets, energy, iteration; final values, time to target, verdicts).')
    .argument('<dirs...>', 'two or more run directories, labelled by directory name')
    .requiredOption('-o, --out <dir>', 'report directory (index.html, charts/)')
    .option('--no-images', 'write the charts’ Vega-Lite specs only, no SVG or PNG')
    .addHelpText('after', '\nExample:\n  gradwire compare out/8-workers out/16-workers --out out/compare')
    .action(async (dirs: string[], opts: { out: string; images: boolean }) => (await import('../actions/compare.js')).compare(dirs, opts));
}
