import type { Command } from 'commander';

/** Gathers a repeatable option's values (`--set a=1 --set b=2`). */
export const collect = (value: string, previous: string[]) => [...previous, value];

/** The options the network-only commands (`transfer`, `collective`) share: fidelity, flow pipeline, seed, JSON output. */
export function addNetworkRunOptions(command: Command): Command {
  return command
    .option('--fidelity <level>', 'packet | message | flow | auto', 'auto')
    .option('--flow-pipeline <p>', 'flow fidelity: packet (one packet of store-and-forward per extra hop) | fluid (none, as SimGrid CM02)', 'packet')
    .option('--seed <s>', 'seed of the random streams', '1')
    .option('--json', 'print the result as JSON on stdout');
}
