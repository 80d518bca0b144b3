import type { LinkPreset } from '../net/index.js';
import { bytesPerPacket } from './network-costs.js';
import type { Scenario, SchemeConfig } from '../scenario/schema.js';
import { effectiveLink } from './resolve.js';
import { modelDim } from './workload-size.js';

export { IEEE802154_BYTES_PER_PACKET, LTE_BYTES_PER_PACKET, QUEUED_BYTES_PER_PACKET, TRAIN_BYTES_PER_PACKET, bytesPerPacket } from './network-costs.js';

/** The links of a scenario's network: each worker group's (or the worker link) and the server's. */
export function scenarioLinks(s: Scenario): { workers: LinkPreset[]; server: LinkPreset } {
  const groups = s.network.workerGroups ?? [s.network.workerLink];
  return { workers: groups.map((g) => effectiveLink(g)), server: effectiveLink(s.network.serverLink) };
}

/**
 * True when every packet is an engine event: `fidelity: packet`, or `auto`
 * with a link message fidelity cannot plan (a shared medium, loss with ARQ,
 * a bounded queue), as `Network` decides at its first send.
 */
export function isPacketFidelity(s: Scenario): boolean {
  if (s.network.fidelity === 'packet') return true;
  if (s.network.fidelity !== 'auto') return false;
  const { workers, server } = scenarioLinks(s);
  return [...workers, server].some((l) => l.medium === 'shared' || l.arq.packetErrorRate > 0 || l.queue.capacityPackets !== null);
}

/** k of a direction's compressor (d when dense). */
function budgetK(c: SchemeConfig['uplink']['compressor'], d: number): number {
  if ('k' in c && c.k !== undefined) return Math.min(d, c.k);
  if ('ratio' in c && c.ratio !== undefined) return Math.max(1, Math.ceil(c.ratio * d));
  return d;
}

/** Payload bytes of one message of a direction: 4d dense, 8 bytes per kept coordinate sparse. */
export function messageBytes(c: SchemeConfig['uplink']['compressor'] | undefined, d: number): number {
  if (c === undefined || c.kind === 'identity' || c.kind === 'qsgd' || c.kind === 'cat') return 4 * d;
  return 8 * budgetK(c, d);
}

/**
 * The messages of a scheme in the network at once, and the payload of each:
 * a parameter server's P uploads (or P downloads, of the dense model without a
 * downlink compressor); the ring all-gather's P messages per step (each worker
 * forwards one); a ring all-reduce's P chunks of 4d/P per step; gTop-k's P
 * messages per round.
 */
export function messagesAtOnce(scheme: SchemeConfig, d: number, P: number): { messages: number; bytes: number } {
  const up = messageBytes(scheme.uplink.compressor, d);
  switch (scheme.kind) {
    case 'parameter-server':
      return { messages: P, bytes: Math.max(up, messageBytes(scheme.downlink?.compressor, d)) };
    case 'allgather':
      return { messages: P, bytes: up };
    case 'ring-allreduce':
      return { messages: P, bytes: Math.ceil((4 * d) / P) };
    case 'gtopk':
      // its dense warmup is a ring all-reduce: chunks of 4d/P
      return { messages: P, bytes: scheme.warmupIterations !== undefined ? Math.max(up, Math.ceil((4 * d) / P)) : up };
  }
}

/**
 * Frames per data packet, transport ACKs included: 1 + 1/every on the link
 * that ACKs most often (ACKs are frames in flight like any other; their sender
 * is the link's receiver).
 */
export function framesPerPacket(s: Scenario): number {
  const { workers, server } = scenarioLinks(s);
  const every = [...workers, server].map((l) => l.ack?.every ?? 0).filter((e) => e > 0);
  return every.length === 0 ? 1 : 1 + 1 / Math.min(...every);
}

/**
 * The network's per-packet state at its fullest, for the scheme that sends the
 * most: messages at once × packets per message (cut by the smallest worker-link
 * payload) × bytes per packet (the costliest link's); JS objects, inside V8's heap.
 */
export function packetStateBytes(s: Scenario, scheme: SchemeConfig): { bytes: number; formula: string; what: string } {
  const d = modelDim(s.model);
  const P = s.workers.count;
  const { workers, server } = scenarioLinks(s);
  const packet = isPacketFidelity(s);
  const payload = Math.min(...workers.map((l) => l.framing.maxPayloadBytes));
  const perPacket = Math.max(...[...workers, server].map((l) => bytesPerPacket(l, packet)));
  const { messages, bytes } = messagesAtOnce(scheme, d, P);
  const packets = Math.max(1, Math.ceil(bytes / payload));
  const frames = framesPerPacket(s);
  const acks = frames > 1 ? ` × ${frames} frames per packet (ACKs)` : '';
  return {
    what: `${scheme.name}: packets in flight (${messages} messages at once × ${packets} packets${acks}, ${packet ? 'packet fidelity' : 'packet trains'})`,
    bytes: Math.ceil(messages * packets * frames * perPacket),
    formula: `messages at once × ⌈message bytes / ${payload} B⌉${acks} × ${perPacket} B per packet`,
  };
}
