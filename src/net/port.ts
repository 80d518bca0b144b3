import type { Environment } from '../sim/index.js';
import { Fifo } from '../sim/fifo.js';
import type { Framing } from './framing.js';
import type { Packet } from './message.js';
import type { NetNode } from './node.js';
import { type BitsPerSecond, type Seconds, txTimeS } from './units.js';

/** A trace hook: called with the packet, the port, and the packet's time on the wire (s). */
export type PortTrace = (packet: Packet, port: Port, wireTimeS: Seconds) => void;

/**
 * One direction of a link: a FIFO transmit queue at the sending node, a rate,
 * and a propagation delay to the receiving node (store-and-forward, one packet
 * on the wire at a time). Observers subscribe to its trace sources instead of
 * the port doing any accounting itself.
 */
export class Port {
  /** Trace sources (ns-3 style): tx begin/end at the sender, rx at the receiver. */
  readonly trace = {
    txBegin: [] as PortTrace[],
    txEnd: [] as PortTrace[],
    rx: [] as PortTrace[],
  };
  private readonly queue = new Fifo<Packet>();
  private busy = false;

  constructor(
    private readonly env: Environment,
    readonly from: NetNode,
    readonly to: NetNode,
    readonly bandwidthBps: BitsPerSecond,
    readonly latencyS: Seconds,
    /** How messages that start on this link are cut into packets. */
    readonly framing: Framing,
  ) {}

  /** `from→to`, for traces and errors. */
  get name(): string {
    return `${this.from.name}→${this.to.name}`;
  }

  /** Packets waiting behind the one on the wire. */
  get queueLength(): number {
    return this.queue.length;
  }

  /** Enqueue a packet for transmission. */
  send(packet: Packet): void {
    this.queue.push(packet);
    if (!this.busy) this.transmitNext();
  }

  private transmitNext(): void {
    const packet = this.queue.shift();
    if (packet === undefined) {
      this.busy = false;
      return;
    }
    this.busy = true;
    const wireTimeS = txTimeS(packet.wireBytes, this.bandwidthBps);
    for (const hook of this.trace.txBegin) hook(packet, this, wireTimeS);
    this.env.timeout(wireTimeS).addCallback(() => {
      for (const hook of this.trace.txEnd) hook(packet, this, wireTimeS);
      this.env.timeout(this.latencyS).addCallback(() => {
        for (const hook of this.trace.rx) hook(packet, this, wireTimeS);
        this.to.receive(packet);
      });
      this.transmitNext();
    });
  }
}
