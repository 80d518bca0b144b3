import type { Environment, RandomStream } from '../../sim/index.js';
import { Fifo } from '../../sim/fifo.js';
import type { Framing } from '../framing.js';
import { type Hop, type HopEvent, newHopTrace } from '../hop.js';
import type { Message, Packet } from '../message.js';
import type { NetNode } from '../node.js';
import type { LinkConfig } from '../presets/types.js';
import { type BitsPerSecond, type Bytes, type Seconds, txTimeS } from '../units.js';
import { isFifoLink } from './fifo.js';
import { fifoTrain } from './fifo-train.js';
import { linkSetupS } from './setup.js';
import { netErrors } from '../messages.js';

/**
 * The packets of a message not yet sent from an unbounded transmit queue,
 * from `next` on: made into packets one at a time as the wire takes them
 * (Port.sendTrain), so a queued message costs one entry, not one per packet.
 */
class PendingTrain {
  constructor(
    readonly message: Message,
    /** Index of the next packet to put on the wire. */
    public next: number,
  ) {}
}

/**
 * The one wire of a half-duplex link: both directions' packets wait in one
 * FIFO, in the order they were queued, and one is on the wire at a time
 * (a SimGrid SHARED link, a half-duplex radio). Each direction still sends
 * at its own configuration's rate and latency.
 */
export class HalfDuplexWire {
  /** @internal Both directions' queued packets and trains, with the port each leaves by. */
  readonly queue = new Fifo<{ readonly port: Port; readonly item: Packet | PendingTrain }>();
  /** @internal A packet (of either direction) is on the wire. */
  busy = false;
}

/**
 * One direction of a point-to-point link: a FIFO transmit queue at the sender,
 * a rate, a propagation delay, per-message setup, and optional loss with ARQ
 * (store-and-forward, one packet on the wire at a time). Observers subscribe
 * to its trace sources; the port does no accounting itself.
 *
 * Memory at packet fidelity is per packet in flight: a message handed over
 * whole (`sendTrain`) waits as one entry and its packets are made as they go
 * on the wire; the trace events are built per packet, handed to the
 * observers (which aggregate them) and not kept.
 */
export class Port implements Hop {
  readonly trace = newHopTrace();
  /** A wire's energy is what its traces say: the network charges them. */
  readonly selfMetered = false;
  private readonly queue = new Fifo<Packet | PendingTrain>();
  /** Packets waiting behind the one on the wire (those of pending trains included). */
  private waiting = 0;
  private busy = false;
  /** Message fidelity: when the wire is next free (s). */
  private busyUntilS = 0;
  /** Hop.wire: this port, or for a half-duplex link the one wire both directions share. */
  wire: object = this;
  /** The half-duplex wire shared with the reverse direction, if any. */
  private shared: HalfDuplexWire | null = null;

  constructor(
    private readonly env: Environment,
    readonly from: NetNode,
    readonly to: NetNode,
    readonly config: LinkConfig,
    /** Loss draws; required when the packet error rate is above zero. */
    private readonly rng: RandomStream | null,
  ) {
    if (config.arq.packetErrorRate > 0 && rng === null) throw new Error(netErrors.lossyPortWithoutStream(this.name));
  }

  get name(): string {
    return `${this.from.name}→${this.to.name}`;
  }
  get framing(): Framing {
    return this.config.framing;
  }
  get bandwidthBps(): BitsPerSecond {
    return this.config.bandwidthBps;
  }
  get latencyS(): Seconds {
    return this.config.latencyS;
  }
  /** Deterministic FIFO timing: lossless and unbounded (message fidelity is exact). */
  get fifo(): boolean {
    return isFifoLink(this.config);
  }
  /** Packets waiting behind the one on the wire. */
  get queueLength(): number {
    return this.waiting;
  }

  /** @internal Make this port one direction of a half-duplex link (Network.connect does it for both). */
  shareWire(wire: HalfDuplexWire): void {
    this.shared = wire;
    this.wire = wire;
  }

  /** True when this port shares its wire with the reverse direction (a half-duplex link). */
  get halfDuplex(): boolean {
    return this.shared !== null;
  }

  /** Time the per-message setup holds the sender before a message's first packet (s). */
  setupS(): Seconds {
    return linkSetupS(this.config);
  }
  /** Bytes the per-message setup puts on the wire. */
  get setupBytes(): Bytes {
    return this.config.setup.bytes;
  }

  sendPacket(packet: Packet): void {
    const cap = this.config.queue.capacityPackets;
    if (cap !== null && (this.shared?.busy ?? this.busy) && this.waiting >= cap) {
      const e = { hop: this, message: packet.message, packets: 1, wireBytes: packet.wireBytes, seconds: 0, reason: 'queue full' };
      for (const hook of this.trace.drop) hook(e);
      return;
    }
    if (this.shared !== null) {
      this.shared.queue.push({ port: this, item: packet });
      this.waiting++;
      if (!this.shared.busy) this.transmitNext();
      return;
    }
    this.queue.push(packet);
    this.waiting++;
    if (!this.busy) this.transmitNext();
  }

  /**
   * Queue every packet of `message`, in order, as `sendPacket` for each would.
   * An unbounded queue keeps them as one entry and makes each packet when the
   * wire takes it; a bounded one takes them one by one (some may be dropped).
   */
  sendTrain(message: Message): void {
    const wireBytes = message.train.wireBytes;
    if (this.config.queue.capacityPackets !== null) {
      for (let index = 0; index < wireBytes.length; index++) this.sendPacket({ message, index, wireBytes: wireBytes[index] as number });
      return;
    }
    this.waiting += wireBytes.length;
    if (this.shared !== null) {
      this.shared.queue.push({ port: this, item: new PendingTrain(message, 0) });
      if (!this.shared.busy) this.transmitNext();
      return;
    }
    this.queue.push(new PendingTrain(message, 0));
    if (!this.busy) this.transmitNext();
  }

  /** Take the next packet off the queue: the head packet, or the next one of the head train. */
  private takeNext(): Packet | undefined {
    const head = this.queue.peek();
    if (head === undefined) return undefined;
    this.waiting--;
    if (!(head instanceof PendingTrain)) return this.queue.shift() as Packet;
    const { message } = head;
    const index = head.next++;
    if (head.next === message.train.wireBytes.length) this.queue.shift();
    return { message, index, wireBytes: message.train.wireBytes[index] as number };
  }

  /** A half-duplex wire's next packet, of whichever direction queued first, and its port. */
  private takeShared(wire: HalfDuplexWire): { port: Port; packet: Packet } | undefined {
    const head = wire.queue.peek();
    if (head === undefined) return undefined;
    const { port, item } = head;
    port.waiting--;
    if (!(item instanceof PendingTrain)) {
      wire.queue.shift();
      return { port, packet: item };
    }
    const { message } = item;
    const index = item.next++;
    if (item.next === message.train.wireBytes.length) wire.queue.shift();
    return { port, packet: { message, index, wireBytes: message.train.wireBytes[index] as number } };
  }

  private transmitNext(): void {
    if (this.shared !== null) {
      const next = this.takeShared(this.shared);
      this.shared.busy = next !== undefined;
      if (next !== undefined) next.port.transmit(next.packet);
      return;
    }
    const packet = this.takeNext();
    if (packet === undefined) {
      this.busy = false;
      return;
    }
    this.busy = true;
    this.transmit(packet);
  }

  /** Put a packet on the wire (after the message's setup before its first packet). */
  private transmit(packet: Packet): void {
    // the per-message setup precedes a message's first packet, never an ACK frame
    const setup = packet.index === 0 && packet.ack !== true ? this.setupS() : 0;
    if (setup > 0 && this.config.setup.bytes > 0) {
      const seconds = txTimeS(this.config.setup.bytes, this.config.bandwidthBps);
      this.env.timeout(setup).addCallback(() => this.emit(this.trace.tx, this.event(packet.message, 0, this.config.setup.bytes, seconds)));
    }
    this.attempt(packet, 0, setup);
  }

  private attempt(packet: Packet, retry: number, delayS: Seconds): void {
    const wireS = txTimeS(packet.wireBytes, this.config.bandwidthBps);
    this.env.timeout(delayS + wireS).addCallback(() => {
      // A literal, never `{ ...event, retransmission }`: V8 gives every such copy a hidden class of its
      // own (a new map in the old generation holding a young descriptor array), so one event per packet
      // filled the old generation with dead maps between full collections (issue #13: a peak of 4× the live heap).
      const e: HopEvent = { hop: this, message: packet.message, packets: 1, wireBytes: packet.wireBytes, seconds: wireS, retransmission: retry > 0 };
      const ack = packet.ack === true;
      // an ACK frame is reported once, on arrival (`ack`); `tx`/`rx` are the messages' own bits
      if (!ack) this.emit(this.trace.tx, e);
      const { packetErrorRate, timeoutS, maxRetries } = this.config.arq;
      if (packetErrorRate > 0 && (this.rng as RandomStream).uniform() < packetErrorRate) {
        this.env.timeout(timeoutS).addCallback(() => {
          if (retry < maxRetries) {
            this.attempt(packet, retry + 1, 0);
          } else {
            const reason = `lost ${retry + 1} times (macMaxRetries ${maxRetries})`;
            const dropped = { hop: this, message: e.message, packets: 1, wireBytes: e.wireBytes, seconds: e.seconds, retransmission: e.retransmission, reason };
            for (const hook of this.trace.drop) hook(dropped);
            this.transmitNext();
          }
        });
        return;
      }
      this.env.timeout(this.config.latencyS).addCallback(() => {
        this.emit(ack ? this.trace.ack : this.trace.rx, e);
        this.to.receive(packet);
      });
      this.transmitNext();
    });
  }

  /**
   * Message fidelity: serve the whole train FIFO in closed form. Packet j starts
   * at max(ready_j, end of packet j−1) (plus setup before the first) and arrives
   * one propagation delay after its last bit — the same times packet fidelity
   * gives on a FIFO link. One trace event covers the train (emitted when its
   * last bit leaves and when it arrives).
   */
  serveTrain(message: Message, ready: readonly Seconds[]): Seconds[] {
    const bw = this.config.bandwidthBps;
    const { arrivals, freeAtS, wireS, spans } = fifoTrain(ready, message.train.wireBytes, bw, this.config.latencyS, this.setupS(), Math.max(this.busyUntilS, this.env.now));
    this.busyUntilS = freeAtS;
    const n = arrivals.length;
    const setupBytes = this.config.setup.bytes;
    const setupWireS = txTimeS(setupBytes, bw);
    // the setup bytes go out just before the first packet
    const txSpans = setupWireS > 0 ? [(spans[0] as number) - setupWireS, ...spans.slice(1)] : spans;
    const txEvent: HopEvent = { hop: this, message, packets: n, wireBytes: message.train.totalWireBytes + setupBytes, seconds: wireS + setupWireS, spans: txSpans };
    const rxEvent: HopEvent = { hop: this, message, packets: n, wireBytes: message.train.totalWireBytes, seconds: wireS, spans };
    this.env.timeout(freeAtS - this.env.now).addCallback(() => this.emit(this.trace.tx, txEvent));
    this.env.timeout((arrivals[n - 1] as number) - this.env.now).addCallback(() => this.emit(this.trace.rx, rxEvent));
    return arrivals;
  }

  private event(message: Message, packets: number, wireBytes: number, seconds: Seconds): HopEvent {
    return { hop: this, message, packets, wireBytes, seconds };
  }

  private emit(hooks: readonly ((e: HopEvent) => void)[], e: HopEvent): void {
    for (const hook of hooks) hook(e);
  }
}
