import type { Command } from 'commander';
import type { SweepOptions } from '../actions/sweep.js';
import { EXIT_INTERRUPTED } from '../errors.js';

/** `gradwire sweep`: a scenario's sweep block → runs/<pointId>/ folders and sweep.csv / sweep.arrow / sweep.json. */
export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description(
      'Run every point of a scenario’s sweep block on a pool of worker threads; write runs/<point>/ and the combined sweep.csv, sweep.arrow (Arrow IPC), sweep.json and, with a stopping target, verdict.csv (who reached it first at each point).',
    )
    .argument('[scenario]', 'scenario YAML file with a sweep: block')
    .option('-o, --out <dir>', 'sweep output folder', 'out/sweep')
    .option('--resume', 'keep finished runs in the output folder and run only the rest')
    .option('--shard <i/n>', 'run only shard i of n (points whose index ≡ i−1 mod n); combine shards with gradwire merge')
    .option('--threads <n>', 'worker threads (default: the available cores)')
    .option('--json', 'print sweep.json on stdout when done')
    .option('--max-memory <size>', 'memory the sweep may use (e.g. 16GB); default: this machine’s (or its cgroup’s) total')
    .option(
      '--status <dirs...>',
      'run nothing: how far a sweep has got (completed / running / failed / pending points per folder), read from its --out folders or the folder holding them (e.g. shards/); with --json, as JSON',
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 every run completed, 1 a run diverged or failed, 2 bad input, ${EXIT_INTERRUPTED} interrupted (Ctrl-C or SIGTERM; resume with --resume).
With --status: 0 (whatever the points' state), 2 no sweep folder there.

Examples:
  gradwire sweep study.yaml --out out/study
  gradwire sweep study.yaml --out out/study --resume
  gradwire sweep study.yaml --out out/shard-2 --shard 2/4     (one per shard, e.g. a cluster job array)
  gradwire merge out/shard-* --out out/study                   (see docs/cluster.md)
  gradwire sweep --status out/shards                           (while the shards run: out/shards/*/)`,
    )
    .action(async (file: string | undefined, opts: SweepOptions) => (await import('../actions/sweep.js')).sweep(file, opts));
}

/** `gradwire merge`: shard outputs → one sweep folder. */
export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('Combine the output folders of a sweep’s shards: copy their runs/ and recompute sweep.csv, sweep.arrow and sweep.json.')
    .argument('<dirs...>', 'sweep output folders (gradwire sweep --shard i/n --out …)')
    .requiredOption('-o, --out <dir>', 'merged sweep folder (not one of the inputs)')
    .option('--json', 'print the merged sweep.json on stdout')
    .addHelpText(
      'after',
      '\nExit codes: 0 every point finished and completed, 1 a point is missing, diverged or failed, 2 bad input.\n\nExample:\n  gradwire merge out/shard-1 out/shard-2 out/shard-3 --out out/study',
    )
    .action(async (dirs: string[], opts: { out: string; json?: boolean }) => (await import('../actions/sweep.js')).merge(dirs, opts));
}
