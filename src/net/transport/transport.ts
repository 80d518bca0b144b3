import type { Hop } from '../hop.js';
import type { Message } from '../message.js';

/** Network fidelity levels (docs/architecture.md): every packet an event, closed-form trains, or fair-shared flows. */
export type Fidelity = 'packet' | 'message' | 'flow';

/** Moves a message along a path of hops and calls `deliver` when its last byte arrives. */
export interface Transport {
  start(message: Message, path: readonly Hop[], deliver: () => void): void;
}
