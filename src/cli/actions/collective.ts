import { FidelityError } from '../../net/experiments/transfer.js';
import {
  COLLECTIVES,
  COLLECTIVE_TOPOLOGIES,
  CollectiveLostError,
  runCollectiveExperiment,
  type CollectiveName,
  type CollectiveResult,
  type CollectiveTopology,
} from '../../net/experiments/collective.js';
import type { Fidelity } from '../../net/transport/transport.js';
import type { LinkPreset } from '../../net/presets/index.js';
import { minPayloadBytes, packetCount } from '../../net/framing.js';
import { ringHops } from '../../net/topology/ring.js';
import type { RoutePattern } from '../../net/topology/route-pattern.js';
import { starHops } from '../../net/topology/star.js';
import { switchHops } from '../../net/topology/switch.js';
import { treeHops } from '../../net/topology/tree.js';
import { didYouMean } from '../../text/did-you-mean.js';
import { choiceWords, describeValue } from '../../text/value-words.js';
import { collectiveRounds } from '../../net/collectives/rounds.js';
import { EXIT_RUN_FAILED, InputError } from '../errors.js';
import { wholeNumber } from '../flag-values.js';
import { checkReach, maxNodes } from '../net-reach.js';
import { table } from '../table.js';
import { flowPipelineOf, positiveInt, presetWith } from './transfer.js';

export interface CollectiveCliOptions {
  workers: string;
  bytes: string;
  topology: string;
  preset: string;
  set: string[];
  serverPreset?: string;
  setServer: string[];
  groupSize: string;
  fidelity: string;
  flowPipeline: string;
  seed: string;
  json?: boolean;
}

function oneOf<T extends string>(flag: string, given: string, known: readonly T[]): T {
  if ((known as readonly string[]).includes(given)) return given as T;
  const hint = didYouMean(given, known);
  throw new InputError(`${flag}: expected ${choiceWords(known)}, given ${describeValue(given)}${hint ? `; ${hint}` : ''}`);
}

/** `gradwire collective <algorithm>`: one collective, network only. */
export async function collective(algorithm: string, opts: CollectiveCliOptions): Promise<void> {
  const name = oneOf<CollectiveName>('collective', algorithm, COLLECTIVES);
  const topology = oneOf<CollectiveTopology>('--topology', opts.topology, COLLECTIVE_TOPOLOGIES);
  const fidelity = oneOf<Fidelity | 'auto'>('--fidelity', opts.fidelity, ['packet', 'message', 'flow', 'auto']);
  const workers = wholeNumber('--workers', opts.workers, 1, maxNodes());
  const groupSize = wholeNumber('--group-size', opts.groupSize, 1);
  const link = await presetWith(opts.preset, opts.set, '--preset');
  const serverLink = opts.serverPreset === undefined ? undefined : await presetWith(opts.serverPreset, opts.setServer, '--server-preset');
  if (opts.serverPreset === undefined && opts.setServer.length > 0) throw new InputError('--set-server needs --server-preset');
  if (topology !== 'star' && topology !== 'parameter-server-star') {
    for (const [flag, p] of [
      ['--preset', link],
      ['--server-preset', serverLink],
    ] as const) {
      if (p?.medium === 'shared') {
        throw new InputError(`${flag}: the ${topology} joins nodes by point-to-point links; "${p.name}" is a shared medium (use --topology star, which puts shared-medium workers behind a gateway)`);
      }
    }
  }
  if (topology === 'ring' && serverLink !== undefined) throw new InputError('--server-preset: a ring has no server');
  const spec = {
    collective: name,
    workers,
    bytes: positiveInt('--bytes', opts.bytes),
    topology,
    link,
    ...(serverLink !== undefined ? { serverLink } : {}),
    groupSize,
    fidelity,
    flowPipeline: flowPipelineOf(opts.flowPipeline),
    seed: wholeNumber('--seed', opts.seed, 0),
  };
  reach(spec.collective, workers, spec.bytes, opts.bytes, [link, ...(serverLink ? [serverLink] : [])], fidelity, topology, groupSize);
  let result: CollectiveResult;
  try {
    result = runCollectiveExperiment(spec);
  } catch (e) {
    if (e instanceof FidelityError) throw new InputError(e.message);
    if (!(e instanceof CollectiveLostError)) throw e;
    process.stderr.write(`gradwire: ${e.message}\n`);
    process.exitCode = EXIT_RUN_FAILED;
    return;
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ topology, workers, bytes: spec.bytes, preset: link.name, serverPreset: serverLink?.name ?? link.name, ...result }, null, 2)}\n`);
    return;
  }
  process.stdout.write(format(result, topology, spec.bytes));
}

/**
 * Refuse a collective whose packets are out of reach (see checkReach): its
 * rounds × messages per round × packets per message, each message of a round
 * alive at once (the table in net/collectives/rounds.ts, which the
 * scenario estimate's schemes are made of).
 */
function reach(name: CollectiveName, P: number, bytes: number, given: string, links: readonly LinkPreset[], fidelity: string, topology: CollectiveTopology, groupSize: number): void {
  const { rounds, perRound, bytes: each } = collectiveRounds(name, P, bytes);
  const alive = perRound * packetCount(each, minPayloadBytes(links));
  checkReach('--bytes', given, { alive, total: rounds * alive, links, fidelity, hops: collectiveHops(name, topology, P, groupSize, links[0]!), runs: 1 });
}

/**
 * Hops of the longest route a collective's messages take, from the topology builders: the ring collectives talk to
 * neighbours, recursive doubling to any peer, the rooted ones to the server (worker/0 on a ring, a peer); at least 1.
 */
function collectiveHops(name: CollectiveName, topology: CollectiveTopology, P: number, groupSize: number, workerLink: LinkPreset): number {
  const rooted = name === 'gather' || name === 'broadcast' || name === 'tree';
  const pattern: RoutePattern = rooted ? (topology === 'ring' ? 'peer' : 'server') : name === 'recursive-doubling' ? 'peer' : 'neighbour';
  const hops =
    topology === 'ring'
      ? ringHops(pattern, P)
      : topology === 'tree'
        ? treeHops(pattern, P, groupSize)
        : topology === 'switch'
          ? switchHops(pattern, P)
          : starHops(
              pattern,
              Array.from({ length: P }, () => workerLink),
            );
  return Math.max(1, hops);
}

function format(r: CollectiveResult, topology: string, bytes: number): string {
  const g = (x: number) => (Number.isFinite(x) ? x.toPrecision(6) : String(x));
  const nodes = [...new Set([...r.participants, ...Object.keys(r.byNode)])];
  const nodeRows = nodes.map((n) => [
    n,
    r.doneAtS[n] === undefined ? '' : g(r.doneAtS[n]),
    String(r.payloadBytesByNode[n] ?? 0),
    String(r.byNode[n]?.wireBytes ?? 0),
    String(r.byNode[n]?.packets ?? 0),
  ]);
  const linkRows = Object.entries(r.byLink).map(([l, c]) => [l, String(c.wireBytes), String(c.packets), g(c.busyS), String(c.retransmissions), String(c.drops)]);
  return (
    `${r.collective} on ${topology}: ${r.participants.length} participants, ${bytes} B; fidelity ${r.fidelity}; ${r.phases.join(' + ')}; ${r.messages} messages; done at ${g(r.endS)} s\n\n` +
    `${table([['NODE', 'DONE (s)', 'PAYLOAD SENT (B)', 'WIRE SENT (B)', 'PACKETS'], ...nodeRows])}\n\n` +
    `${table([['LINK', 'WIRE BYTES', 'PACKETS', 'BUSY (s)', 'RETRANSMISSIONS', 'DROPS'], ...linkRows])}\n`
  );
}
