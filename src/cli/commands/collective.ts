import type { Command } from 'commander';
import type { CollectiveCliOptions } from '../actions/collective.js';
import { addNetworkRunOptions, collect } from './network-options.js';

/** `gradwire collective`: one collective on a network with no learning attached. */
export function registerCollective(program: Command): void {
  addNetworkRunOptions(
    program
      .command('collective')
      .description('Network only: run one collective (no learning attached) and print each node’s completion time and each link’s bytes.')
      .argument('<algorithm>', 'ring-allreduce | recursive-doubling | allgather | gather | broadcast | tree')
      .requiredOption('--workers <p>', 'number of workers P')
      .requiredOption('--bytes <n>', 'payload bytes of each participant’s body (the root’s, for broadcast)')
      .option('--topology <t>', 'switch | parameter-server-star (star) | ring | tree', 'switch')
      .option('--preset <name>', 'link preset of every worker', 'ethernet-1g-udp')
      .option('--set <field=value>', 'override a worker-link preset field (repeatable), e.g. bandwidthBps=1e8', collect, [])
      .option('--server-preset <name>', 'link preset of the server (star, switch, tree; on the tree also each edge uplink); default: --preset with its --set')
      .option('--set-server <field=value>', 'override a server preset field (repeatable)', collect, [])
      .option('--group-size <g>', 'tree topology: workers per edge switch', '4'),
  )
    .addHelpText(
      'after',
      '\nParticipants: ring-allreduce, recursive-doubling and allgather run among the P workers; gather, broadcast and\n' +
        'tree have a root (the server, or worker/0 on a ring) and the other workers; tree is a binomial-tree reduce\n' +
        'then broadcast. Combining keeps a body’s size (a dense all-reduce); ring-allreduce cuts it into P chunks of ⌈B/P⌉ B.\n' +
        '\nExamples:\n  gradwire collective ring-allreduce --workers 8 --bytes 1e8 --topology ring\n' +
        '  gradwire collective gather --workers 16 --bytes 1e6 --topology star --preset ethernet-1g-udp --fidelity packet\n' +
        '  gradwire collective recursive-doubling --workers 8 --bytes 4e6 --topology switch --json',
    )
    .action(async (algorithm: string, opts: CollectiveCliOptions) => (await import('../actions/collective.js')).collective(algorithm, opts));
}
