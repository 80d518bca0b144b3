import type { Scenario, SchemeConfig } from '../schema.js';
import { statedLinks, workerLinks } from '../links.js';
import { framesPerPacket, hopsOf, isPacketFidelity, packetsPerMessage } from './packet-memory.js';
import { modelDim } from './workload-size.js';
import { EVENTS_PER_PACKET_HOP } from '../../net/link/events.js';
import { MAX_EVENTS } from './event-limit.js';
import { estimateMessages } from './messages.js';
import { traffic } from './traffic.js';

export { MAX_EVENTS } from './event-limit.js';

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
  const frames = perPacket ? framesPerPacket(s) : 1; // at packet fidelity every ACK frame is events too
  const iterations = s.training.iterations;
  let events = 0;
  const count = (scheme: SchemeConfig, n: number) => {
    for (const { messages, bytes } of traffic(scheme, d, P)) {
      const units = perPacket ? packetsPerMessage(s, bytes) * frames : 1;
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
  const o = { P: s.workers.count, d: modelDim(s.model), fidelity: s.network.fidelity };
  // a stated fidelity is not the links' to decide: none named
  if (s.network.fidelity !== 'auto') return estimateMessages.tooManyEvents(file, events, MAX_EVENTS, o);
  // the links that run, by which auto decides: the workers' (each group's when there are groups: the worker link is then unused) and the server's
  const used = new Set([...workerLinks(s), s.network.serverLink]);
  const links = statedLinks(s)
    .filter(([, choice]) => used.has(choice))
    .map(([path, choice]) => `${path}.preset ${choice.preset}`);
  return estimateMessages.tooManyEvents(file, events, MAX_EVENTS, { ...o, links });
}
