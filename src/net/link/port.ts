import type { Environment, RandomStream } from '../../sim/index.js';
import { Fifo } from '../../sim/fifo.js';
import type { Framing } from '../framing.js';
import { type Hop, type HopEvent, newHopTrace } from '../hop.js';
import type { Message, Packet } from '../message.js';
import type { NetNode } from '../node.js';
import type { LinkConfig } from '../presets/types.js';
import { type BitsPerSecond, type Seconds, txTimeS } from '../units.js';
import { fifoTrain } from './fifo-train.js';

/**
 * One direction of a point-to-point link: a FIFO transmit queue at the sender,
 * a rate, a propagation delay, per-message setup, and optional loss with ARQ
 * (store-and-forward, one packet on the wire at a time). Observers subscribe
 * to its trace sources; the port does no accounting itself.
 */
export class Port implements Hop {
  readonly trace = newHopTrace();
  /** A wire's energy is what its traces say: the network charges them. */
  readonly selfMetered = false;
  private readonly queue = new Fifo<Packet>();
  private busy = false;
  /** Message fidelity: when the wire is next free (s). */
  private busyUntilS = 0;

  constructor(
    private readonly env: Environment,
    readonly from: NetNode,
    readonly to: NetNode,
    readonly config: LinkConfig,
    /** Loss draws; required when the packet error rate is above zero. */
    private readonly rng: RandomStream | null,
  ) {
    if (config.arq.packetErrorRate > 0 && rng === null) throw new Error(`port ${this.name}: a lossy link needs a random stream`);
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
    return this.config.arq.packetErrorRate === 0 && this.config.queue.capacityPackets === null;
  }
  /** Packets waiting behind the one on the wire. */
  get queueLength(): number {
    return this.queue.length;
  }

  /** Time the per-message setup holds the sender before a message's first packet (s). */
  setupS(): Seconds {
    return this.config.setup.timeS + txTimeS(this.config.setup.bytes, this.config.bandwidthBps);
  }

  sendPacket(packet: Packet): void {
    const cap = this.config.queue.capacityPackets;
    if (cap !== null && this.busy && this.queue.length >= cap) {
      const e = this.event(packet.message, 1, packet.wireBytes, 0);
      for (const hook of this.trace.drop) hook({ ...e, reason: 'queue full' });
      return;
    }
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
    const setup = packet.index === 0 ? this.setupS() : 0;
    if (setup > 0 && this.config.setup.bytes > 0) {
      const seconds = txTimeS(this.config.setup.bytes, this.config.bandwidthBps);
      this.env.timeout(setup).addCallback(() => this.emit(this.trace.tx, this.event(packet.message, 0, this.config.setup.bytes, seconds)));
    }
    this.attempt(packet, 0, setup);
  }

  private attempt(packet: Packet, retry: number, delayS: Seconds): void {
    const wireS = txTimeS(packet.wireBytes, this.config.bandwidthBps);
    this.env.timeout(delayS + wireS).addCallback(() => {
      const e = { ...this.event(packet.message, 1, packet.wireBytes, wireS), retransmission: retry > 0 };
      this.emit(this.trace.tx, e);
      const { packetErrorRate, timeoutS, maxRetries } = this.config.arq;
      if (packetErrorRate > 0 && (this.rng as RandomStream).uniform() < packetErrorRate) {
        this.env.timeout(timeoutS).addCallback(() => {
          if (retry < maxRetries) {
            this.attempt(packet, retry + 1, 0);
          } else {
            for (const hook of this.trace.drop) hook({ ...e, reason: `lost ${retry + 1} times (macMaxRetries ${maxRetries})` });
            this.transmitNext();
          }
        });
        return;
      }
      this.env.timeout(this.config.latencyS).addCallback(() => {
        this.emit(this.trace.rx, e);
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
    const { arrivals, freeAtS, wireS, spans } = fifoTrain(
      ready, message.train.wireBytes, bw, this.config.latencyS, this.setupS(), Math.max(this.busyUntilS, this.env.now),
    );
    this.busyUntilS = freeAtS;
    const n = arrivals.length;
    const setupBytes = this.config.setup.bytes;
    const setupWireS = txTimeS(setupBytes, bw);
    // the setup bytes go out just before the first packet
    const txSpans = setupWireS > 0 ? [(spans[0] as number) - setupWireS, ...spans.slice(1)] : spans;
    const txEvent = { ...this.event(message, n, message.train.totalWireBytes + setupBytes, wireS + setupWireS), spans: txSpans };
    const rxEvent = { ...this.event(message, n, message.train.totalWireBytes, wireS), spans };
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
