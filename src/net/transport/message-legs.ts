/** Message fidelity's bookkeeping (MessageTransport): wires, a train's legs and their per-packet times, and the order packets take a wire in. */
import type { Hop } from '../hop.js';
import type { Message } from '../message.js';
import type { Seconds } from '../units.js';

/**
 * One FIFO transmit resource: a port's wire, or the one wire both directions
 * of a half-duplex link share. Its state is the plan's, not the port's.
 */
export interface Wire {
  /** When the wire is free after every packet of the trains no longer planned (s). */
  committedS: Seconds;
  /** During a plan: when the wire is free after the packets served so far (s). */
  freeS: Seconds;
  /**
   * During a plan: start of the wire's current run — packets of one hop
   * (direction) back to back, no gap since — and that hop (s).
   */
  busySinceS: Seconds;
  runHop: Hop | null;
}

/** A message's packets on one hop of its path — or its ACK frames on one hop of the way back — as planned so far. */
export interface Leg {
  readonly hop: Hop;
  /** True for a leg of ACK frames (Message.ack) going back to the source. */
  readonly ack: boolean;
  /**
   * The first ACK leg only: ACK k answers packet min((k+1)·every, n)−1 of the
   * previous (the last data) leg, and is ready one latency after that packet
   * ends there. 0 on every other leg (packet j follows packet j upstream).
   */
  ackEvery: number;
  /**
   * True when another leg of the same train uses this leg's wire (its ACKs on
   * a half-duplex link it crosses): the leg is then served a packet at a
   * time, so the train's own packets take that wire in order of readiness.
   */
  sharesWire: boolean;
  /** The message as this hop frames it (re-framed or relabelled at relays). */
  readonly message: Message;
  readonly wire: Wire;
  readonly latencyS: Seconds;
  /** The hop's per-message setup before packet 0 (s). */
  readonly setupS: Seconds;
  /** The previous and next legs, and whether the relay between this one and the next reassembles the message first (a segmentation boundary). */
  prev: Leg | null;
  next: Leg | null;
  reassembleNext: boolean;
  /** Packets, and the hop's rate (a packet's wire time is txTimeS(wireBytes_j, bandwidth)). */
  readonly n: number;
  readonly wireBytes: ArrayLike<number>;
  readonly bandwidthBps: number;
  /**
   * When the message was sent (the first leg's packets are all ready then);
   * a later leg's packet is ready one latency after it ends on the previous
   * leg (all of them after the last one, past a segmentation boundary).
   */
  sentS: Seconds;
  /**
   * Per packet j, side by side (one cache line for the three, as they are
   * written together): start on the wire at 3j + START, end at 3j + END, and
   * the start of the wire's busy period at 3j + SINCE (s); a view of one
   * buffer per plan. (A packet follows its train's previous one with its hop's
   * packets on the wire throughout when since_j ≤ end_{j−1}.)
   */
  times: Float64Array;
  /** Packets whose ready time is known, and packets served, in this plan; packets fixed by earlier plans. */
  known: number;
  served: number;
  fixed: number;
  /** When the trace events are scheduled for, and their versions (a stale callback does nothing). */
  txAtS: Seconds;
  rxAtS: Seconds;
  txVersion: number;
  rxVersion: number;
}

/** A message's packet train along its path. */
export interface Train {
  readonly seq: number;
  readonly legs: readonly Leg[];
  readonly deliver: () => void;
  /** The last leg of the message itself (its delivery), and with ACKs the confirmation at the source. */
  readonly lastData: Leg;
  readonly confirm: (() => void) | null;
  /** During a plan: the leg whose next packet comes first, and that packet's order key (Infinity when none). */
  headLeg: Leg | null;
  headS: Seconds;
  headE: Seconds;
  headSt: Seconds;
}

/**
 * Order of packets ready at a wire at the same instant, as packet fidelity's
 * events fall: the one whose arrival was scheduled first (its upstream
 * transmission ended earlier, or began earlier); a node's own sends before
 * packets it relays; then the order of sending.
 */
export function before(t1: number, e1: number, s1: number, q1: number, t2: number, e2: number, s2: number, q2: number): boolean {
  return t1 < t2 || (t1 === t2 && (e1 < e2 || (e1 === e2 && (s1 < s2 || (s1 === s2 && q1 < q2)))));
}

/** The packet of the previous leg whose arrival makes packet j of `leg` ready (`leg.prev` not null). */
export function upIndex(leg: Leg, j: number): number {
  const prev = leg.prev as Leg;
  if (prev.reassembleNext) return prev.n - 1;
  if (leg.ackEvery > 0) return Math.min((j + 1) * leg.ackEvery, prev.n) - 1;
  return j;
}

/** Packets of `next` whose ready time is known once `served` packets of its previous leg are served. */
export function knownAfter(next: Leg, served: number): number {
  const prev = next.prev as Leg;
  if (prev.reassembleNext) return served === prev.n ? next.n : 0;
  if (next.ackEvery > 0) return served === prev.n ? next.n : Math.floor(served / next.ackEvery);
  return served;
}

/** When packet j is ready at the leg's wire. */
export function readyAt(leg: Leg, j: number): Seconds {
  const prev = leg.prev;
  if (prev === null) return leg.sentS;
  return (prev.times[3 * upIndex(leg, j) + END] as number) + prev.latencyS;
}

/** When packet j's arrival at the leg's wire was scheduled: its upstream end and start (−∞ for a node's own packets). */
export function upEnd(leg: Leg, j: number): Seconds {
  return leg.prev === null ? -Infinity : (leg.prev.times[3 * upIndex(leg, j) + END] as number);
}
export function upStart(leg: Leg, j: number): Seconds {
  return leg.prev === null ? -Infinity : (leg.prev.times[3 * upIndex(leg, j) + START] as number);
}

/** Offsets of a packet's start, end and busy-period start in `Leg.times`. */
export const START = 0;
export const END = 1;
export const SINCE = 2;

/** When the leg's last packet leaves its wire (s). */
export function lastEnd(leg: Leg): Seconds {
  return leg.times[3 * leg.n - 3 + END] as number;
}

/** A leg's times before its first plan. */
export const NO_TIMES = new Float64Array(0);

/** A leg with nothing planned yet: `bytes` per packet (the message's train, or its ACK frames: no setup before them). */
export function newLeg(hop: Hop, message: Message, wire: Wire, bytes: ArrayLike<number>, ack: boolean): Leg {
  const n = bytes.length;
  return {
    hop,
    ack,
    ackEvery: 0,
    sharesWire: false,
    message,
    wire,
    latencyS: hop.latencyS,
    setupS: ack ? 0 : hop.setupS(),
    prev: null,
    next: null,
    reassembleNext: false,
    n,
    wireBytes: bytes,
    bandwidthBps: hop.bandwidthBps,
    sentS: NaN,
    times: NO_TIMES,
    known: 0,
    served: 0,
    fixed: 0,
    txAtS: NaN,
    rxAtS: NaN,
    txVersion: 0,
    rxVersion: 0,
  };
}
