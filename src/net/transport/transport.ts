import type { Hop } from '../hop.js';
import type { Message } from '../message.js';

/** Network fidelity levels (docs/architecture.md): every packet an event, closed-form trains, or fair-shared flows. */
export const FIDELITIES = ['packet', 'message', 'flow'] as const;
export type Fidelity = (typeof FIDELITIES)[number];

/** What a scenario or `gradwire transfer` may ask for: a level, or `auto` (the fastest that is exact for the links present). */
export const FIDELITY_CHOICES = ['auto', ...FIDELITIES] as const;

/** A message's acknowledgements (Message.ack): the hops its ACKs take back to the source, and what to call when the last one arrives. */
export interface AckPath {
  readonly path: readonly Hop[];
  readonly confirm: () => void;
}

/**
 * Moves a message along a path of hops and calls `deliver` when its last byte
 * arrives; with `ack` (the message has Message.ack), also carries its ACK
 * frames back and calls `ack.confirm` when the last one arrives.
 */
export interface Transport {
  start(message: Message, path: readonly Hop[], deliver: () => void, ack?: AckPath): void;
}
