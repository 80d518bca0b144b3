import { Environment, RandomStreams, type Process, type ProcessGenerator } from '../../sim/index.js';
import { gather, broadcast } from '../collectives/gather.js';
import { recursiveDoubling } from '../collectives/recursive-doubling.js';
import { ringAllGather, ringAllReduce } from '../collectives/ring.js';
import { binomialTree, treeBroadcast, treeReduce } from '../collectives/tree.js';
import type { ChunkOps, CollectiveReport } from '../collectives/types.js';
import type { Network } from '../network.js';
import type { NetNode } from '../node.js';
import type { LinkPreset } from '../presets/index.js';
import { buildRing } from '../topology/ring.js';
import { buildStar } from '../topology/star.js';
import { buildSwitch } from '../topology/switch.js';
import { buildTree } from '../topology/tree.js';
import type { TrafficCount } from '../traffic.js';
import type { FlowPipeline } from '../transport/flow.js';
import type { Fidelity } from '../transport/transport.js';
import type { Bytes, Seconds } from '../units.js';
import { checkFidelity } from './transfer.js';
import { netErrors } from '../messages.js';

/** The collectives `gradwire collective` runs, network only. */
export const COLLECTIVES = ['ring-allreduce', 'recursive-doubling', 'allgather', 'gather', 'broadcast', 'tree'] as const;
export type CollectiveName = (typeof COLLECTIVES)[number];

/** The topologies it builds (as the scenario's `network.topology`; "star" is the parameter-server star). */
export const COLLECTIVE_TOPOLOGIES = ['parameter-server-star', 'star', 'switch', 'ring', 'tree'] as const;
export type CollectiveTopology = (typeof COLLECTIVE_TOPOLOGIES)[number];

/** A collective that never finished because a message was lost (dropped after its retries): the run failed, not gradwire. */
export class CollectiveLostError extends Error {
  constructor(collective: string) {
    super(netErrors.collectiveLost(collective));
    this.name = 'CollectiveLostError';
  }
}

/** One network-only collective: P workers (and a server, where the topology has one), B bytes each. */
export interface CollectiveSpec {
  readonly collective: CollectiveName;
  readonly workers: number;
  /** Payload bytes of each participant's body (of the root's, for a broadcast). */
  readonly bytes: Bytes;
  readonly topology: CollectiveTopology;
  /** Every worker's link. */
  readonly link: LinkPreset;
  /** The server's link (star, switch, tree; default: `link`); on the tree, also every edge's uplink. */
  readonly serverLink?: LinkPreset;
  /** Tree topology: workers per edge switch. */
  readonly groupSize?: number;
  readonly fidelity: Fidelity | 'auto';
  /** Flow fidelity: 'packet' (default: store-and-forward tail of one packet per extra hop) or 'fluid' (none, as SimGrid's CM02). */
  readonly flowPipeline?: FlowPipeline;
  readonly seed: number;
}

/** What one collective measured. */
export interface CollectiveResult {
  readonly collective: CollectiveName;
  readonly fidelity: Fidelity;
  /** The collectives run, in order (the tree runs a reduce then a broadcast). */
  readonly phases: readonly string[];
  /** The participants, in rank order; the root first for gather, broadcast and tree. */
  readonly participants: readonly string[];
  /** When each participant's part was complete (s), from t = 0 (see `CollectiveReport.doneAtS`; the tree: its broadcast). */
  readonly doneAtS: Readonly<Record<string, Seconds>>;
  /** When the last participant finished (s). */
  readonly endS: Seconds;
  /** Wire bytes, packets and busy time per link direction ("a→b"), every phase added. */
  readonly byLink: Readonly<Record<string, TrafficCount>>;
  /** The same per sending node (switches forwarding included). */
  readonly byNode: Readonly<Record<string, TrafficCount>>;
  /** Application payload each node originated (B). */
  readonly payloadBytesByNode: Readonly<Record<string, Bytes>>;
  readonly messages: number;
}

/**
 * A body of B bytes, reduced without changing size (a dense all-reduce): ring
 * all-reduce cuts it into P chunks of ⌈B/P⌉ bytes (the last ones smaller, as
 * the learning schemes cut a vector of floats).
 */
const DENSE: ChunkOps<number> = {
  bytes: (n) => n,
  combine: (a) => a,
  split: (n, parts) => {
    const size = Math.ceil(n / parts);
    return Array.from({ length: parts }, (_, k) => Math.max(0, Math.min(n, (k + 1) * size) - k * size));
  },
  join: (chunks) => chunks.reduce((a, b) => a + b, 0),
};

/** Build the topology: its network, its workers and its server (none on a ring). */
function build(env: Environment, spec: CollectiveSpec): { network: Network; workers: readonly NetNode[]; server?: NetNode } {
  const worker = { link: spec.link, power: spec.link.power };
  const serverLink = spec.serverLink ?? spec.link;
  const server = { link: serverLink, power: serverLink.power };
  const workers = Array.from({ length: spec.workers }, () => worker);
  const options = { fidelity: spec.fidelity, streams: new RandomStreams(spec.seed, 0), ...(spec.flowPipeline ? { flowPipeline: spec.flowPipeline } : {}) };
  switch (spec.topology) {
    case 'parameter-server-star':
    case 'star': {
      const s = buildStar(env, { workers, server }, options);
      return { network: s.network, workers: s.workers, server: s.server };
    }
    case 'switch': {
      const s = buildSwitch(env, { workers, server }, options);
      return { network: s.network, workers: s.workers, server: s.server! };
    }
    case 'ring': {
      const r = buildRing(env, { workers }, options);
      return { network: r.network, workers: r.workers };
    }
    case 'tree': {
      const t = buildTree(env, { workers, groupSize: spec.groupSize ?? 4, uplinks: server, server }, options);
      return { network: t.network, workers: t.workers, server: t.server };
    }
  }
}

const record = <V>(m: ReadonlyMap<string, V>): Record<string, V> => Object.fromEntries(m);

function addCounts(into: Record<string, TrafficCount>, from: ReadonlyMap<string, TrafficCount>): void {
  for (const [k, c] of from) {
    const t = (into[k] ??= { wireBytes: 0, busyS: 0, packets: 0, retransmissions: 0, drops: 0 });
    t.wireBytes += c.wireBytes;
    t.busyS += c.busyS;
    t.packets += c.packets;
    t.retransmissions += c.retransmissions;
    t.drops += c.drops;
  }
}

/** One collective as the whole run, its report the only phase; started (its arguments checked) when the process starts. */
function* alone(start: () => ProcessGenerator<CollectiveReport>): ProcessGenerator<CollectiveReport[]> {
  return [yield* start()];
}

/**
 * Run one collective on a fresh network with no learning attached: every body
 * is a size (B bytes) and combining keeps the size. Participants:
 * ring-allreduce, recursive-doubling and allgather run among the P workers;
 * gather, broadcast and tree have a root — the server where the topology has
 * one, else worker/0 — and the other workers. The tree is a binomial-tree
 * reduce to the root followed by a binomial-tree broadcast of the result.
 */
export function runCollectiveExperiment(spec: CollectiveSpec): CollectiveResult {
  const env = new Environment();
  const { network, workers, server } = build(env, spec);
  checkFidelity(network, spec.fidelity);
  const root = server ?? (workers[0] as NetNode);
  const members = workers.filter((w) => w !== root);
  const B = spec.bytes;
  const size = { bytes: (n: number) => n };
  const each = (nodes: readonly NetNode[]) => nodes.map(() => B);
  let participants: readonly NetNode[];
  let main: ProcessGenerator<CollectiveReport[]>;
  switch (spec.collective) {
    case 'ring-allreduce':
      participants = workers;
      main = alone(() => ringAllReduce(network, workers, each(workers), DENSE));
      break;
    case 'recursive-doubling':
      participants = workers;
      main = alone(() => recursiveDoubling(network, workers, each(workers), DENSE));
      break;
    case 'allgather':
      participants = workers;
      main = alone(() => ringAllGather(network, workers, each(workers), size));
      break;
    case 'gather':
      participants = [root, ...members];
      main = alone(() => gather(network, root, members, each(members), size));
      break;
    case 'broadcast':
      participants = [root, ...members];
      main = alone(() => broadcast(network, root, members, B, size));
      break;
    case 'tree': {
      participants = [root, ...members];
      const tree = binomialTree(root, members);
      const bodies = new Map(participants.map((n) => [n.name, B]));
      main = (function* () {
        const up = yield* treeReduce(network, tree, bodies, DENSE);
        const down = yield* treeBroadcast(network, tree, B, size);
        return [up, down];
      })();
      break;
    }
  }
  const process: Process<CollectiveReport[]> = env.process(main, spec.collective);
  env.run();
  if (!process.processed || !process.isOk) throw new CollectiveLostError(spec.collective);
  const reports = process.value;
  const last = reports[reports.length - 1] as CollectiveReport;
  const byLink: Record<string, TrafficCount> = {};
  const byNode: Record<string, TrafficCount> = {};
  const payload: Record<string, number> = {};
  for (const r of reports) {
    addCounts(byLink, r.byLink);
    addCounts(byNode, r.byNode);
    for (const [k, v] of r.payloadBytesByNode) payload[k] = (payload[k] ?? 0) + v;
  }
  return {
    collective: spec.collective,
    fidelity: network.fidelity,
    phases: reports.map((r) => r.collective),
    participants: participants.map((n) => n.name),
    doneAtS: record(last.doneAtS),
    endS: last.endS,
    byLink,
    byNode,
    payloadBytesByNode: payload,
    messages: reports.reduce((n, r) => n + r.messages, 0),
  };
}
