import type { Framing } from './framing.js';
import type { Message, Packet } from './message.js';
import type { NetNode } from './node.js';
import type { BitsPerSecond, Bytes, Seconds } from './units.js';

/** What a hop reports when it puts bits on the air or wire, or delivers them. */
export interface HopEvent {
  readonly hop: Hop;
  readonly message: Message;
  /** Packets covered by this event (1 at packet fidelity, the train at message fidelity). */
  readonly packets: number;
  readonly wireBytes: Bytes;
  /** Time the bits occupied the medium (s). */
  readonly seconds: Seconds;
  /** True for a retransmission of a lost packet. */
  readonly retransmission?: boolean;
  /**
   * When the bits were on the sender's side of the medium, [start, end, …] (s),
   * for an event covering a train with gaps or a fluid flow sharing the hop;
   * absent, they were the `seconds` just before the event (the receiver sees
   * them one propagation delay later).
   */
  readonly spans?: readonly Seconds[];
}

/** Trace sources of a hop (ns-3 style): observers subscribe; the hop does no accounting itself. */
export interface HopTrace {
  readonly tx: ((e: HopEvent) => void)[];
  readonly rx: ((e: HopEvent) => void)[];
  readonly drop: ((e: HopEvent & { readonly reason: string }) => void)[];
  /**
   * ACK frames of `message` (AckConfig) arrived over this hop, which carries
   * them back towards its source: `packets` ACKs, `wireBytes` and `seconds`
   * on the wire. Kept apart from `tx`/`rx`, which are the message's own bits.
   */
  readonly ack: ((e: HopEvent) => void)[];
}

/** Send every packet of `message` over `hop`, in order: its `sendTrain`, or `sendPacket` for each. */
export function sendTrain(hop: Hop, message: Message): void {
  if (hop.sendTrain !== undefined) {
    hop.sendTrain(message);
    return;
  }
  const wireBytes = message.train.wireBytes;
  for (let index = 0; index < wireBytes.length; index++) hop.sendPacket({ message, index, wireBytes: wireBytes[index] as number });
}

/** A fresh, empty trace. */
export function newHopTrace(): HopTrace {
  return { tx: [], rx: [], drop: [], ack: [] };
}

/** Per-packet times of a message's packet train at one point of its path. */
export interface TrainTimes {
  /** Time each packet is ready at the hop's sender (s). */
  readonly ready: readonly Seconds[];
}

/**
 * One hop of a path: a direction of a point-to-point link, or a sender→receiver
 * pair on a shared medium. Every hop can carry packets one by one (`packet`
 * fidelity); lossless FIFO hops (`fifo` and `serveTrain`) can also be planned
 * per message (`message`: MessageTransport plans every packet's times on them
 * outside the event queue, interleaving trains that meet as a FIFO does).
 */
export interface Hop {
  readonly name: string;
  readonly from: NetNode;
  readonly to: NetNode;
  readonly framing: Framing;
  /** Rate the sender clocks bits out at (bit/s). */
  readonly bandwidthBps: BitsPerSecond;
  /** One-way propagation delay (s). */
  readonly latencyS: Seconds;
  readonly trace: HopTrace;
  /** Packet fidelity: transmit one packet; the hop calls `to.receive(packet)` when it arrives. */
  sendPacket(packet: Packet): void;
  /**
   * Packet fidelity (optional): transmit every packet of `message`, in order,
   * exactly as `sendPacket` for each would; the hop may keep the packets not
   * yet on the wire as one queue entry and make each one as it goes. Callers
   * use the `sendTrain` function, which falls back to `sendPacket`.
   */
  sendTrain?(message: Message): void;
  /**
   * FIFO hops only: serve a whole train whose packets are ready at the given
   * times, alone, in closed form; returns each packet's arrival time at `to`.
   * Its presence marks a hop message fidelity can plan (a Port); message
   * fidelity itself plans all trains together (MessageTransport), since
   * trains that meet at a port interleave.
   */
  serveTrain?(message: Message, ready: readonly Seconds[]): Seconds[];
  /** True when the hop's timing is a deterministic FIFO (message fidelity is exact on it). */
  readonly fifo: boolean;
  /**
   * The transmit resource the hop's packets queue for, as message and flow
   * fidelity plan and share it: the hop itself, or the one wire both
   * directions of a half-duplex link share.
   */
  readonly wire: object;
  /** Time the per-message setup holds the sender before a message's first packet (s); 0 without setup. */
  setupS(): Seconds;
  /** Bytes the per-message setup puts on the wire before the first packet; 0 without setup. */
  readonly setupBytes: Bytes;
  /**
   * True when the hop's medium charges its nodes' radio energy to the ledger
   * itself (an RRC machine, a radio meter): the network then does not charge
   * the hop's `tx`/`rx` traces, which stay exact (bytes, packets, time on the
   * medium) for traffic accounting. False for a plain link, whose traces are
   * its energy record.
   */
  readonly selfMetered: boolean;
}
