import type { LinkPreset } from '../../net/index.js';
import { minPayloadBytes, packetCount } from '../../net/framing.js';
import { ackFrames } from '../../net/link/acks.js';
import { everyPacketAnEvent } from '../../net/link/fifo.js';
import { ACK_FRAME_BYTES, LEG_BYTES_PER_PACKET, MESSAGE_BYTES, QUEUED_BYTES_PER_PACKET, TRAIN_BYTES_PER_PACKET, bytesPerPacket } from '../../net/memory-costs.js';
import type { MemoryItem } from './memory.js';
import type { Scenario, SchemeConfig } from '../schema.js';
import { effectiveLink, workerLinks, type LinkChoice } from '../links.js';
import { COMPRESSOR_TRAITS } from '../compressor-traits.js';
import type { RoutePattern } from '../../net/topology/route-pattern.js';
import { starHops } from '../../net/topology/star.js';
import { switchHops } from '../../net/topology/switch.js';
import { treeHops } from '../../net/topology/tree.js';
import { ringHops } from '../../net/topology/ring.js';
import { modelDim } from './workload-size.js';
import { messageBytes, messagesAtOnce } from './traffic.js';

/**
 * The links of a scenario's network as `src/scenario/links.ts` assigns them
 * (workerLinks): one per worker in worker order, the distinct ones among them
 * (each worker group's, or the worker link), each resolved once, and the server's.
 */
export function scenarioLinks(s: Scenario): { perWorker: LinkPreset[]; workers: LinkPreset[]; server: LinkPreset } {
  const resolved = new Map<LinkChoice, LinkPreset>();
  const perWorker = workerLinks(s).map((choice) => {
    let link = resolved.get(choice);
    if (link === undefined) resolved.set(choice, (link = effectiveLink(choice)));
    return link;
  });
  return { perWorker, workers: [...resolved.values()], server: effectiveLink(s.network.serverLink) };
}

/** True when every packet is an engine event, as `Network` decides at its first send (everyPacketAnEvent). */
export function isPacketFidelity(s: Scenario): boolean {
  const { workers, server } = scenarioLinks(s);
  return everyPacketAnEvent(s.network.fidelity, [...workers, server]);
}

/** Packets per message of `bytes`, cut by the smallest worker-link payload. */
export function packetsPerMessage(s: Scenario, bytes: number): number {
  return packetCount(bytes, minPayloadBytes(scenarioLinks(s).workers));
}

/** The route a scheme's messages take: to the server and back, to ring neighbours (all-gather, all-reduce, gTop-k's warmup), to recursive-doubling partners. */
function routeOf(scheme: SchemeConfig): RoutePattern {
  if (scheme.kind === 'parameter-server') return 'server';
  return scheme.kind === 'gtopk' ? 'peer' : 'neighbour';
}

/**
 * Hops a scheme's message crosses at most, as the topology builder declares
 * for its route (`src/net/topology/`); at least one, so a lone worker's
 * formulas stay positive.
 */
export function hopsOf(s: Scenario, scheme: SchemeConfig): number {
  const P = s.workers.count;
  const route = routeOf(scheme);
  let hops: number;
  switch (s.network.topology) {
    case 'parameter-server-star':
      hops = starHops(route, scenarioLinks(s).perWorker);
      break;
    case 'switch':
      hops = switchHops(route, P);
      break;
    case 'tree':
      hops = treeHops(route, P, s.network.treeGroupSize);
      break;
    case 'ring':
      hops = ringHops(route, P);
      break;
  }
  return Math.max(1, hops);
}

/**
 * Frames per data packet, transport ACKs included: 1 + 1/every on the link
 * that ACKs most often (ACKs are frames in flight like any other; their sender
 * is the link's receiver).
 */
export function framesPerPacket(s: Scenario): number {
  return 1 + 1 / ackEvery(s);
}

/** The `ack.every` of the scenario's link that ACKs most often; Infinity when none ACKs. */
export function ackEvery(s: Scenario): number {
  const { workers, server } = scenarioLinks(s);
  return Math.min(...[...workers, server].map((l) => ((l.ack?.every ?? 0) > 0 ? l.ack!.every : Infinity)));
}

/**
 * True when every message of a direction has the same size at once (they then
 * share one packet train): a compressor of one size (its oneSize trait: a fixed
 * budget or a schedule all workers follow) and an index coding whose size
 * depends on k alone (delta-varint indices vary from worker to worker).
 * (Per-bucket messages have one size per bucket, and their trains together
 * are no longer than one of the whole model.)
 */
function oneSize(direction: SchemeConfig['uplink'] | undefined): boolean {
  if (direction === undefined) return true;
  return COMPRESSOR_TRAITS[direction.compressor.kind].oneSize && direction.encoding.indices !== 'delta-varint';
}

/**
 * Distinct packet trains among a scheme's messages at once (messagesAtOnce):
 * one when they have one size, else one per distinct worker; a ring all-reduce's chunks have
 * two sizes (⌈d/P⌉ and ⌊d/P⌋ coordinates), gTop-k's warmup chunks beside its messages.
 */
function trainsAtOnce(scheme: SchemeConfig, d: number, P: number, R: number): number {
  // workers of one class (workers.distinctGradients) send the same message
  const up = oneSize(scheme.uplink) ? 1 : R;
  switch (scheme.kind) {
    case 'parameter-server':
      // the server's downloads are one message (its compressed update or the dense model) sent to every worker
      return messageBytes(scheme.uplink.compressor, d) >= messageBytes(scheme.downlink?.compressor, d) ? up : 1;
    case 'ring-allreduce':
      return 2;
    case 'gtopk':
      return scheme.warmupIterations !== undefined ? up + 2 : up;
    default:
      return up;
  }
}

/**
 * The network's state at its fullest, for the scheme that sends the most, with
 * messages at once × packets per message (cut by the smallest worker-link
 * payload) × frames per packet (ACKs):
 * - JS objects (V8's heap): at packet fidelity a queued packet object per frame
 *   (point-to-point) or a MAC record (shared media, train included); at message
 *   and flow fidelity a message's transfer state;
 * - typed arrays: each distinct packet train once, and each message's ACK frame
 *   sizes; at message fidelity, every packet's planned times on every leg.
 */
export function packetStateItems(s: Scenario, scheme: SchemeConfig): MemoryItem[] {
  const d = modelDim(s.model);
  const P = s.workers.count;
  const { workers, server } = scenarioLinks(s);
  const links = [...workers, server];
  const packet = isPacketFidelity(s);
  const payload = minPayloadBytes(workers);
  const { messages, bytes } = messagesAtOnce(scheme, d, P);
  const packets = packetsPerMessage(s, bytes);
  const frames = framesPerPacket(s);
  const acks = frames > 1 ? ` × ${frames} frames per packet (ACKs)` : '';
  const trains = trainsAtOnce(scheme, d, P, Math.min(P, s.workers.distinctGradients ?? P));
  const alive = `${messages} messages at once × ${packets} packets${acks}`;
  if (packet && links.some((l) => l.medium === 'shared')) {
    // a shared medium's MAC queues a record per packet of every message at once, its train counted in
    const perPacket = Math.max(...links.map((l) => bytesPerPacket(l, true)));
    return [
      {
        what: `${scheme.name}: packets in flight (${alive}, packet fidelity)`,
        bytes: Math.ceil(messages * packets * frames * perPacket),
        formula: `messages at once × ⌈message bytes / ${payload} B⌉${acks} × ${perPacket} B per packet`,
        jsHeap: true,
      },
    ];
  }
  // message fidelity plans every packet of every leg of the messages at once, and lists each ACK frame's size
  const message = !packet && s.network.fidelity !== 'flow';
  const legs = message ? hopsOf(s, scheme) : 0;
  const ackCount = message ? ackFrames(packets, ackEvery(s)) : 0;
  return [
    packet
      ? {
          what: `${scheme.name}: packets in flight (${alive}, packet fidelity)`,
          bytes: Math.ceil(messages * packets * frames * QUEUED_BYTES_PER_PACKET),
          formula: `messages at once × ⌈message bytes / ${payload} B⌉${acks} × ${QUEUED_BYTES_PER_PACKET} B per queued packet`,
          jsHeap: true,
        }
      : { what: `${scheme.name}: messages in flight (${messages} at once, packet trains)`, bytes: messages * MESSAGE_BYTES, formula: `messages at once × ${MESSAGE_BYTES / 1e3} kB`, jsHeap: true },
    {
      what: `${scheme.name}: packet trains (${trains} distinct of ${packets} packets${ackCount > 0 ? `, ${messages} × ${ackCount} ACK frames` : ''})`,
      bytes: trains * packets * TRAIN_BYTES_PER_PACKET + messages * ackCount * ACK_FRAME_BYTES,
      formula: `distinct trains × packets × ${TRAIN_BYTES_PER_PACKET} B${ackCount > 0 ? ` + messages at once × ACK frames × ${ACK_FRAME_BYTES} B` : ''}`,
    },
    ...(legs > 0
      ? [
          {
            what: `${scheme.name}: planned packet times (${alive}, ${legs} legs each)`,
            bytes: Math.ceil(messages * packets * frames * legs * LEG_BYTES_PER_PACKET),
            formula: `messages at once × ⌈message bytes / ${payload} B⌉${acks} × ${legs} legs × ${LEG_BYTES_PER_PACKET} B`,
            change: 'network.fidelity (flow plans no packet)',
          },
        ]
      : []),
  ];
}
