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
function messageBytes(c: SchemeConfig['uplink']['compressor'] | undefined, d: number): number {
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
      return { messages: P, bytes: up };
  }
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
  return {
    what: `${scheme.name}: packets in flight (${messages} messages at once × ${packets} packets, ${packet ? 'packet fidelity' : 'packet trains'})`,
    bytes: messages * packets * perPacket,
    formula: `messages at once × ⌈message bytes / ${payload} B⌉ × ${perPacket} B per packet`,
  };
}
