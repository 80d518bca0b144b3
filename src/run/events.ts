import { LINK_PRESETS, customizePreset } from '../net/index.js';
import type { Scenario, SchemeConfig } from '../scenario/schema.js';
import { modelDim } from './workload-size.js';

/** Events a run may simulate before it is refused as out of reach: hours of CPU at ~10⁶ events/s. */
export const MAX_EVENTS = 1e10;

/** Engine events per packet per hop (transmit, receive) and hops per message (worker → switch → peer). */
const EVENTS_PER_PACKET_HOP = 2;
const HOPS = 2;

/** Messages one iteration of a scheme sends, and their payload bytes (d fp32 dense, 8 bytes per kept coordinate sparse). */
function traffic(scheme: SchemeConfig, d: number, P: number): { messages: number; bytes: number } {
  const c = scheme.uplink.compressor;
  const k = 'k' in c && c.k !== undefined ? Math.min(d, c.k) : 'ratio' in c && c.ratio !== undefined ? Math.max(1, Math.ceil(c.ratio * d)) : d;
  const bytes = c.kind === 'identity' ? 4 * d : 8 * k;
  switch (scheme.kind) {
    case 'parameter-server':
      return { messages: 2 * P, bytes };
    case 'allgather':
      return { messages: P * (P - 1), bytes };
    case 'ring-allreduce':
      return { messages: 2 * P * (P - 1), bytes: Math.ceil((4 * d) / P) };
    case 'gtopk':
      return { messages: 2 * P * Math.max(1, Math.ceil(Math.log2(P))), bytes };
  }
}

/**
 * An order-of-magnitude count of the engine events a scenario's run would
 * simulate: per scheme, iterations × messages × (packets per message when
 * every packet is an event — `fidelity: packet`, or `auto` over a shared
 * medium or a lossy link — else one train per message) × hops × 2. Meant to
 * catch what is obviously out of reach, not to predict run time.
 */
export function estimateEvents(s: Scenario): number {
  const d = modelDim(s.model);
  const P = s.workers.count;
  const link = customizePreset(LINK_PRESETS[s.network.workerLink.preset]!, s.network.workerLink.set);
  const perPacket = s.network.fidelity === 'packet' || (s.network.fidelity === 'auto' && (link.medium === 'shared' || link.arq.packetErrorRate > 0));
  let events = 0;
  for (const scheme of s.schemes) {
    const { messages, bytes } = traffic(scheme, d, P);
    const units = perPacket ? Math.max(1, Math.ceil(bytes / link.framing.maxPayloadBytes)) : 1;
    events += s.training.iterations * messages * units * HOPS * EVENTS_PER_PACKET_HOP;
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
