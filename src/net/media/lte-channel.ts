import type { Environment } from '../../sim/index.js';
import type { BitsPerSecond } from '../units.js';
import { netErrors } from '../messages.js';

/**
 * A flow on a shared channel: one UE's backlog in one direction. The channel
 * owns `remainingBits` and `rateBps` while the flow is active; the flow owns
 * its packets.
 */
export interface SharedFlow {
  /** Bits of the head-of-line packet still to send. */
  remainingBits: number;
  /** Current service rate (bit/s); 0 while not active on the channel. */
  rateBps: BitsPerSecond;
  /** Called just before the channel changes `rateBps` (lets the UE settle rate-dependent energy). */
  beforeRateChange(): void;
  /** The head packet's last bit is out: drop it and load the next; true if there was one. */
  advanceHead(): boolean;
  /** Called once the channel is consistent again after `advanceHead()` (emit traces, notify the RRC). */
  afterHead(stillActive: boolean): void;
}

/**
 * One direction of an LTE cell's air interface shared by its UEs, served by
 * exact event-driven processor sharing at packet granularity: each active
 * flow (a UE with a packet to send in this direction) sends its head-of-line
 * packet at
 *
 *   r = min(perFlowBps, capacityBps / n)     (n = number of active flows),
 *
 * the max-min fair share when every UE has the same per-UE rate. Rates are
 * recomputed whenever the set of active flows changes (a flow joins, or one
 * empties its queue); between changes every flow's remaining bits fall
 * linearly, and one timer fires at the earliest head-of-line completion.
 * Flows that finish at the same instant (within floating-point noise) finish
 * in the same event, in activation order, so identical flows stay in lockstep.
 * This abstracts the eNodeB scheduler (round-robin/proportional-fair over
 * 1 ms TTIs) into a fluid fair share; there is no per-TTI granularity.
 */
export class SharedChannel {
  private readonly active: SharedFlow[] = [];
  private lastUpdateS = 0;
  /** Invalidates completion timers scheduled before the latest change. */
  private generation = 0;

  constructor(
    private readonly env: Environment,
    /** Capacity shared by all active flows (bit/s). */
    readonly capacityBps: BitsPerSecond,
    /** Most one flow can get (bit/s). */
    readonly perFlowBps: BitsPerSecond,
    /** For error messages. */
    readonly name: string,
  ) {
    if (!(capacityBps > 0) || !(perFlowBps > 0)) {
      throw new Error(netErrors.lteChannelRates(name, capacityBps, perFlowBps));
    }
  }

  /** The rate each of `n` active flows gets (bit/s). */
  rateFor(n: number): BitsPerSecond {
    return n === 0 ? 0 : Math.min(this.perFlowBps, this.capacityBps / n);
  }

  /** Flows currently sending. */
  get activeCount(): number {
    return this.active.length;
  }

  /** Start serving a flow whose `remainingBits` holds its head packet; no-op if already active. */
  activate(flow: SharedFlow): void {
    if (this.active.includes(flow)) return;
    this.advance();
    this.active.push(flow);
    this.reassign();
  }

  /** Bring every active flow's remaining bits up to now. */
  private advance(): void {
    const now = this.env.now;
    const dt = now - this.lastUpdateS;
    if (dt > 0) for (const f of this.active) f.remainingBits = Math.max(0, f.remainingBits - f.rateBps * dt);
    this.lastUpdateS = now;
  }

  /** Give every active flow its share and schedule the next completion. */
  private reassign(): void {
    const rate = this.rateFor(this.active.length);
    for (const f of this.active) {
      if (f.rateBps !== rate) {
        f.beforeRateChange();
        f.rateBps = rate;
      }
    }
    const gen = ++this.generation;
    if (this.active.length === 0) return;
    let next = Infinity;
    for (const f of this.active) next = Math.min(next, f.remainingBits / f.rateBps);
    this.env.timeout(next).addCallback(() => {
      if (gen === this.generation) this.complete();
    });
  }

  private complete(): void {
    this.advance();
    // Equal flows reach zero together up to rounding of (now − last update)·rate.
    const tolS = 1e-12 * Math.max(1, this.env.now);
    let done = this.active.filter((f) => f.remainingBits <= f.rateBps * tolS);
    if (done.length === 0) {
      const first = this.active.reduce((a, b) => (b.remainingBits / b.rateBps < a.remainingBits / a.rateBps ? b : a));
      done = [first];
    }
    const results: [SharedFlow, boolean][] = [];
    for (const f of done) {
      f.remainingBits = 0;
      const more = f.advanceHead();
      if (!more) {
        f.beforeRateChange();
        f.rateBps = 0;
        this.active.splice(this.active.indexOf(f), 1);
      }
      results.push([f, more]);
    }
    this.reassign();
    for (const [f, more] of results) f.afterHead(more);
  }
}
