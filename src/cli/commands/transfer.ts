import type { Command } from 'commander';
import type { TransferOptions } from '../actions/transfer.js';
import { addNetworkRunOptions, collect } from './network-options.js';

/** `gradwire transfer`: a quick what-if of P senders sending N bytes to one receiver. */
export function registerTransfer(program: Command): void {
  addNetworkRunOptions(
    program
      .command('transfer')
      .description('What-if: P senders, each on its own link (or sharing a medium), send N bytes (or one size each) at t = 0 to one receiver, or run a traffic matrix between them.')
      .requiredOption('--preset <name>', 'link preset of every sender')
      .option('--set <field=value>', 'override a preset field (repeatable), e.g. bandwidthBps=1e8', collect, [])
      .option('--bytes <n[,n…]>', 'application bytes each sender sends: one size for all, or one per sender (1e6,2e6,…)')
      .option('--traffic <file.csv>', 'a traffic matrix instead of --bytes: rows src,dst,bytes[,start s] between receiver and sender/0 … sender/P−1')
      .option('--senders <p>', 'number of senders (default: 1, the number of --bytes sizes, or what --traffic names)')
      .option('--bottleneck-preset <name>', 'a shared link from the senders’ switch to the receiver')
      .option('--set-bottleneck <field=value>', 'override a bottleneck preset field (repeatable)', collect, [])
      .option('--runs <r>', 'seeded repetitions (for stochastic media)', '1'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  gradwire transfer --preset ethernet-1g-udp --bytes 1000000 --senders 8 --bottleneck-preset ethernet-1g-udp\n' +
        '  gradwire transfer --preset ieee802154 --bytes 500 --senders 4 --runs 100\n' +
        '  gradwire transfer --preset ethernet-1g-udp --bottleneck-preset ethernet-1g-udp --bytes 1e6,2e6,4e6\n' +
        '  gradwire transfer --preset ethernet-1g-udp --traffic matrix.csv   (header src,dst,bytes,start; e.g. sender/0,sender/1,1e6,0.001)\n' +
        "  gradwire transfer --preset ethernet-1g-udp --set 'framing.headers=[{layer: PPP, bytes: 2, inFrame: true, source: RFC 1661}]' --bytes 10000",
    )
    .action(async (opts: TransferOptions) => (await import('../actions/transfer.js')).transfer(opts));
}
