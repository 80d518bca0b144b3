import type { LinkConfig } from '../presets/types.js';

// Types only: `src/cli/net-reach.ts` imports this at start-up (test/cli/startup.test.ts).

/** A point-to-point link's timing is deterministic FIFO when it is lossless and its queue unbounded: message fidelity is exact on it. */
export function isFifoLink(link: Pick<LinkConfig, 'arq' | 'queue'>): boolean {
  return link.arq.packetErrorRate === 0 && link.queue.capacityPackets === null;
}

/**
 * True when every packet is an engine event: `fidelity: packet`, or `auto`
 * over a link message fidelity cannot plan (a shared medium, loss with ARQ,
 * a bounded queue), as `Network` decides at its first send.
 */
export function everyPacketAnEvent(fidelity: string, links: readonly (Pick<LinkConfig, 'arq' | 'queue'> & { readonly medium: 'point-to-point' | 'shared' })[]): boolean {
  return fidelity === 'packet' || (fidelity === 'auto' && links.some((l) => l.medium === 'shared' || !isFifoLink(l)));
}
