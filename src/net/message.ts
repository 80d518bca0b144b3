import type { PacketTrain } from './framing.js';
import type { AckConfig } from './presets/types.js';
import type { Bytes, Seconds } from './units.js';

/**
 * A message in flight: a size in payload bytes plus a label and an opaque body
 * (the network never looks inside the body; it only carries it).
 */
export interface Message<B = unknown> {
  readonly id: number;
  readonly src: string;
  readonly dst: string;
  readonly label: string;
  readonly payloadBytes: Bytes;
  /** Packets as framed by the source's first hop: what every hop charges. */
  readonly train: PacketTrain;
  readonly body: B;
  readonly sentAtS: Seconds;
  /** The transport's acknowledgements (its first hop's `ack`), when it has any (`every` > 0). */
  readonly ack?: AckConfig;
}

/** A message that its source knows is through: the ACK of its last packet arrived there. */
export interface Confirmation<B = unknown> {
  readonly message: Message<B>;
  readonly confirmedAtS: Seconds;
}

/** A message that has fully arrived (its last packet reached the destination). */
export interface Delivery<B = unknown> {
  readonly message: Message<B>;
  readonly deliveredAtS: Seconds;
}

/** One packet of a message, as it crosses links. */
export interface Packet {
  readonly message: Message;
  /** Position in the message's packet train. */
  readonly index: number;
  readonly wireBytes: Bytes;
  /**
   * True for an ACK frame travelling back to the message's source: it
   * acknowledges packets 0 … `index` of `message` (as framed on the last hop).
   */
  readonly ack?: boolean;
}
