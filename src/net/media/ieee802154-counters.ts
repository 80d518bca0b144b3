import type { Message } from '../message.js';
import type { Seconds } from '../units.js';

/** Counters of the medium (totals, or one node's: events of the frames it sends, ACKs it gets). */
export interface Ieee802154Counters {
  /** Frames handed to the MAC (one per packet per hop). */
  frames: number;
  /** Data-frame transmissions (first attempts, retries and resubmissions). */
  transmissions: number;
  /** Frames acknowledged. */
  acked: number;
  /** MAC retransmissions after a missing ACK (at most macMaxFrameRetries per submission). */
  retries: number;
  /** Data frames lost at their receiver to an overlapping transmission. */
  collisions: number;
  /** ACKs lost at the data sender to an overlapping transmission (or its radio transmitting). */
  ackCollisions: number;
  /** Data frames received intact although another transmission overlapped them (capture; 'sinr' reception only). */
  captures: number;
  /** ACKs received intact although another transmission overlapped them ('sinr' reception only). */
  ackCaptures: number;
  /** Data frames lost with nothing overlapping them: too weak for the noise, or below the sensitivity ('sinr' reception only). */
  weakSignal: number;
  /** ACKs lost with nothing overlapping them ('sinr' reception only). */
  ackWeakSignal: number;
  /** Data frames lost because the receiver's radio was transmitting or turning around (without overlap). */
  receiverBusy: number;
  /** Data frames lost to the preset's packet error rate. */
  frameErrors: number;
  /** CCAs that found the channel busy. */
  busyCcas: number;
  /** CSMA-CA runs that ended in channel-access failure (NB > macMaxCSMABackoffs). */
  channelAccessFailures: number;
  /** Submissions that ended without an ACK after macMaxFrameRetries retransmissions. */
  noAckFailures: number;
  /** Failed frames resubmitted by the layer above (mac.upperLayerRetries). */
  resubmissions: number;
  /** Frames given up (channel-access failure, no ACK, or a full queue): their messages never arrive. */
  drops: number;
  /** Retransmissions the receiver already had (its ACK was lost); acknowledged, not delivered twice. */
  duplicates: number;
}

/** All counters at zero. */
export function zeroCounters(): Ieee802154Counters {
  return {
    frames: 0,
    transmissions: 0,
    acked: 0,
    retries: 0,
    collisions: 0,
    ackCollisions: 0,
    captures: 0,
    ackCaptures: 0,
    weakSignal: 0,
    ackWeakSignal: 0,
    receiverBusy: 0,
    frameErrors: 0,
    busyCcas: 0,
    channelAccessFailures: 0,
    noAckFailures: 0,
    resubmissions: 0,
    drops: 0,
    duplicates: 0,
  };
}

/** What became of one frame handed to a MAC. */
interface FrameRecord {
  readonly from: string;
  readonly to: string;
  readonly message: Message;
  /** Index of the packet in its message's train. */
  readonly index: number;
  /** When the frame was handed to the MAC (s). */
  readonly enqueuedS: Seconds;
  /** When the ACK was received, or the frame given up (s). */
  readonly doneS: Seconds;
  /** Data-frame transmissions it took. */
  readonly transmissions: number;
  /** Busy CCAs it met. */
  readonly busyCcas: number;
}

/** The outcome of a frame: acknowledged, or dropped with a cause. */
export type FrameOutcome =
  (FrameRecord & { readonly status: 'acked' }) | (FrameRecord & { readonly status: 'dropped'; readonly cause: 'channel-access-failure' | 'no-ack' | 'queue-full'; readonly reason: string });
