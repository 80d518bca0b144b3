import type { Scenario, SchemeConfig } from '../schema.js';
import { framesPerPacket, hopsOf, isPacketFidelity, messageBytes, scenarioLinks } from './packet-memory.js';
import { modelDim } from './workload-size.js';

import { MAX_EVENTS } from './event-limit.js';

export { MAX_EVENTS } from './event-limit.js';

/** Engine events per packet per hop (transmit, receive). */
const EVENTS_PER_PACKET_HOP = 2;

/**
 * Messages one iteration of a scheme sends, by size: a parameter server's P
 * uploads and P downloads (the dense model without a downlink compressor),
 * the ring all-gather's P(P − 1), a ring all-reduce's 2P(P − 1) chunks of
 * 4d/P, gTop-k's 2P per recursive-doubling round.
 */
export function traffic(scheme: SchemeConfig, d: number, P: number): { messages: number; bytes: number }[] {
  const up = messageBytes(scheme.uplink.compressor, d);
  switch (scheme.kind) {
    case 'parameter-server':
      return [
        { messages: P, bytes: up },
        { messages: P, bytes: messageBytes(scheme.downlink?.compressor, d) },
      ];
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
 * medium, a lossy link or a bounded queue — else one train per message;
 * with transport ACKs, their frames too) × hops × 2; gTop-k's warmup
 * iterations as a ring all-reduce. Meant to catch what is obviously out of reach, not to predict run time.
 */
export function estimateEvents(s: Scenario): number {
  const d = modelDim(s.model);
  const P = s.workers.count;
  const perPacket = isPacketFidelity(s);
  const payload = Math.min(...scenarioLinks(s).workers.map((l) => l.framing.maxPayloadBytes));
  const frames = perPacket ? framesPerPacket(s) : 1; // at packet fidelity every ACK frame is events too
  const iterations = s.training.iterations;
  let events = 0;
  const count = (scheme: SchemeConfig, n: number) => {
    for (const { messages, bytes } of traffic(scheme, d, P)) {
      const units = perPacket ? Math.max(1, Math.ceil(bytes / payload)) * frames : 1;
      events += n * messages * units * hopsOf(s, scheme) * EVENTS_PER_PACKET_HOP;
    }
  };
  for (const scheme of s.schemes) {
    // gTop-k's warmup iterations are a dense ring all-reduce
    const warmup = scheme.kind === 'gtopk' ? Math.min(iterations, scheme.warmupIterations ?? 0) : 0;
    if (warmup > 0) count({ ...scheme, kind: 'ring-allreduce' }, warmup);
    count(scheme, iterations - warmup);
  }
  return events;
}

/** The refusal of a scenario whose run is obviously out of reach (undefined: within reach). */
export function eventRefusal(file: string, s: Scenario): string | undefined {
  const events = estimateEvents(s);
  if (events <= MAX_EVENTS) return undefined;
  return (
    `${file}: the run would simulate about ${events.toExponential(1)} events (more than ${MAX_EVENTS.toExponential(0)}, hours of CPU at about a million events a second); nothing was run. ` +
    `Fewer training.iterations or workers.count (P = ${s.workers.count}), a smaller model (d = ${modelDim(s.model)}), compression, or network.fidelity: message or flow on links that allow it (fidelity ${s.network.fidelity} on preset ${s.network.workerLink.preset}).`
  );
}
