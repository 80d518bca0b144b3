import type { Scenario, SchemeConfig } from '../scenario/schema.js';
import { isPacketFidelity, scenarioLinks } from './packet-memory.js';
import { modelDim } from './workload-size.js';

import { MAX_EVENTS } from './event-limit.js';

export { MAX_EVENTS } from './event-limit.js';

/** Engine events per packet per hop (transmit, receive) and hops per message (worker → switch → peer). */
const EVENTS_PER_PACKET_HOP = 2;
const HOPS = 2;

/** Payload bytes of one message of a direction: 4d dense, 8 bytes per kept coordinate sparse. */
function messageBytes(c: SchemeConfig['uplink']['compressor'] | undefined, d: number): number {
  if (c === undefined || c.kind === 'identity' || c.kind === 'qsgd' || c.kind === 'cat') return 4 * d;
  const k = 'k' in c && c.k !== undefined ? Math.min(d, c.k) : 'ratio' in c && c.ratio !== undefined ? Math.max(1, Math.ceil(c.ratio * d)) : d;
  return 8 * k;
}

/**
 * Messages one iteration of a scheme sends, by size: a parameter server's P
 * uploads and P downloads (the dense model without a downlink compressor),
 * the ring all-gather's P(P − 1), a ring all-reduce's 2P(P − 1) chunks of
 * 4d/P, gTop-k's 2P per recursive-doubling round.
 */
function traffic(scheme: SchemeConfig, d: number, P: number): { messages: number; bytes: number }[] {
  const up = messageBytes(scheme.uplink.compressor, d);
  switch (scheme.kind) {
    case 'parameter-server':
      return [{ messages: P, bytes: up }, { messages: P, bytes: messageBytes(scheme.downlink?.compressor, d) }];
    case 'allgather':
      return [{ messages: P * (P - 1), bytes: up }];
    case 'ring-allreduce':
      return [{ messages: 2 * P * (P - 1), bytes: Math.ceil((4 * d) / P) }];
    case 'gtopk':
      return [{ messages: 2 * P * Math.max(1, Math.ceil(Math.log2(P))), bytes: up }];
  }
}

/**
 * An order-of-magnitude count of the engine events a scenario's run would
 * simulate: per scheme, iterations × messages × (packets per message when
 * every packet is an event — `fidelity: packet`, or `auto` over a shared
 * medium, a lossy link or a bounded queue — else one train per message) ×
 * hops × 2. Meant to catch what is obviously out of reach, not to predict run time.
 */
export function estimateEvents(s: Scenario): number {
  const d = modelDim(s.model);
  const P = s.workers.count;
  const perPacket = isPacketFidelity(s);
  const payload = Math.min(...scenarioLinks(s).workers.map((l) => l.framing.maxPayloadBytes));
  let events = 0;
  for (const scheme of s.schemes) {
    for (const { messages, bytes } of traffic(scheme, d, P)) {
      const units = perPacket ? Math.max(1, Math.ceil(bytes / payload)) : 1;
      events += s.training.iterations * messages * units * HOPS * EVENTS_PER_PACKET_HOP;
    }
  }
  return events;
}

/** The refusal of a scenario whose run is obviously out of reach (undefined: within reach). */
export function eventRefusal(file: string, s: Scenario): string | undefined {
  const events = estimateEvents(s);
  if (events <= MAX_EVENTS) return undefined;
  return `${file}: the run would simulate about ${events.toExponential(1)} events (more than ${MAX_EVENTS.toExponential(0)}, hours of CPU at about a million events a second); nothing was run. `
    + `Fewer training.iterations or workers.count (P = ${s.workers.count}), a smaller model (d = ${modelDim(s.model)}), compression, or network.fidelity: message or flow on links that allow it (fidelity ${s.network.fidelity} on preset ${s.network.workerLink.preset}).`;
}
