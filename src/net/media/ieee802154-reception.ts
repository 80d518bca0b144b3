import type { RandomStream } from '../../sim/index.js';
import type { Ieee802154Reception } from '../presets/ieee802154.js';
import type { Seconds } from '../units.js';
import { TIME_EPS_S, overlaps, type Ieee802154Channel, type Transmission } from './ieee802154-channel.js';
import { chunkSuccessRate, dbToRatio, logDistanceLossDb, noiseFloorDbm, ratioToDb } from './ieee802154-error.js';
import { ieee802154Messages as msg } from './ieee802154-messages.js';

/** How a frame fared at its receiver. */
export type ReceptionVerdict =
  { readonly ok: true; /** Another transmission overlapped it: it was captured. */ readonly captured: boolean } | { readonly ok: false; readonly cause: 'receiverBusy' | 'collisions' | 'weakSignal' };

/** A node's place on the plane (m). */
interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * Signal-to-interference reception on one IEEE 802.15.4 channel, after ns-3's
 * lr-wpan PHY (LrWpanPhy::StartRx / EndPreamble / CheckInterference with
 * LrWpanErrorModel; IEEE Std 802.15.4-2006 Annex E for the error curve), with
 * the differences said below:
 *
 * - Received power: every node transmits at `txPowerDbm`; log-distance path
 *   loss between positions (the hub, the first node to join, at the origin;
 *   member i at its distance from it, the members at equal angles).
 * - Lock: a receiver locks onto a frame at the end of its SHR (preamble and
 *   SFD, 10 symbols; ns-3 at the end of the 8-symbol preamble) if its radio was
 *   listening (not transmitting or turning around) throughout the SHR, it was
 *   not locked onto another frame when the frame began nor when its SHR ended,
 *   the frame's power is ≥ `sensitivityDbm`, and the SINR at that instant is
 *   above `lockMinSinrDb`. It stays locked until that frame's last symbol; any
 *   frame it is not locked onto is lost at it (first come, first served, as
 *   ns-3). Frames addressed to other nodes lock a receiver too (it cannot know
 *   the address before it decodes the header). The sensitivity gate is
 *   gradwire's (a radio detects no SHR below it); ns-3 has only the SINR one.
 *   A later, stronger frame therefore takes the receiver only if it starts
 *   within the earlier frame's SHR and drives that frame's SINR to −5 dB or less.
 * - CCA: every transmission is sensed, unless `ccaThresholdDbm` is set (see `clear`).
 * - Decoding: the locked frame from the end of its SHR to its last symbol is
 *   cut at every start and end of another signal; each chunk of n bits at
 *   constant SINR = P / (N + ΣI) survives with probability (1 − BER)^n, one
 *   uniform draw per chunk from the receiver's stream, until one fails. ns-3
 *   also draws once per chunk, but evaluates interference only at the locked
 *   frame's end and at the end of the preamble of a frame that began during the
 *   locked frame's own preamble, taking each chunk's SINR from the signals
 *   present at its end: an interferer that starts after the lock and ends
 *   before the frame does is not counted there, and is here.
 *
 * Every transmission overlapping a frame is registered before the frame's last
 * symbol arrives (see `Ieee802154Channel`), so a verdict taken then is exact.
 * Lock decisions are deterministic (no draws) and memoised per transmission.
 */
export class Ieee802154SinrReception {
  private readonly nodes: string[] = [];
  private positions: Map<string, Point> | undefined;
  /** Received power (mW) by `${from}\n${to}`. */
  private readonly rxMw = new Map<string, number>();
  /** Lock decisions: transmission → receiver → locked. */
  private readonly locks = new WeakMap<Transmission, Map<string, boolean>>();
  private readonly noiseMw: number;
  private readonly sensitivityMw: number;

  constructor(
    private readonly config: Ieee802154Reception,
    private readonly channel: Ieee802154Channel,
    /** SHR duration (s): the receiver locks at its end. */
    private readonly shrS: Seconds,
    /** PHY bit rate (bit/s), to count the bits of a chunk. */
    private readonly bitRateBps: number,
  ) {
    this.noiseMw = dbToRatio(noiseFloorDbm(config.noiseBandwidthHz, config.noiseFigureDb));
    this.sensitivityMw = dbToRatio(config.sensitivityDbm);
  }

  /** A node joins the channel (the first one is the hub, at the origin). */
  join(node: string): void {
    this.nodes.push(node);
    this.positions = undefined;
    this.rxMw.clear();
  }

  /** Where `node` is (m): the hub at the origin, member i at its distance, at angle 2πi/n. */
  position(node: string): Point {
    if (this.positions === undefined) {
      const placed = new Map<string, Point>();
      const members = this.nodes.slice(1);
      if (this.nodes[0] !== undefined) placed.set(this.nodes[0], { x: 0, y: 0 });
      members.forEach((m, i) => {
        const d = this.config.distancesM[i] ?? this.config.distanceM;
        const a = (2 * Math.PI * i) / members.length;
        placed.set(m, { x: d * Math.cos(a), y: d * Math.sin(a) });
      });
      this.positions = placed;
    }
    const p = this.positions.get(node);
    if (p === undefined) throw new Error(msg.notOnChannel(node));
    return p;
  }

  /** Distance between two nodes (m). */
  distanceM(a: string, b: string): number {
    const p = this.position(a);
    const q = this.position(b);
    return Math.hypot(p.x - q.x, p.y - q.y);
  }

  /** Power of `from`'s signal at `to` (dBm). */
  receivedDbm(from: string, to: string): number {
    const c = this.config;
    return c.txPowerDbm - logDistanceLossDb(this.distanceM(from, to), c.referenceDistanceM, c.referenceLossDb, c.pathLossExponent);
  }

  /** Noise floor (dBm). */
  get noiseDbm(): number {
    return ratioToDb(this.noiseMw);
  }

  private powerMw(from: string, to: string): number {
    const key = `${from}\n${to}`;
    let mw = this.rxMw.get(key);
    if (mw === undefined) this.rxMw.set(key, (mw = dbToRatio(this.receivedDbm(from, to))));
    return mw;
  }

  /** Arrival interval of a transmission at any receiver (uniform propagation). */
  private arrival(t: Transmission): [Seconds, Seconds] {
    const l = this.channel.propagationS;
    return [t.startS + l, t.endS + l];
  }

  /** Interference (mW) at `receiver` at instant `atS`, from every signal but `frame` and the receiver's own. */
  private interferenceAt(receiver: string, frame: Transmission, atS: Seconds): number {
    let mw = 0;
    for (const x of this.channel.remembered) {
      if (x === frame || x.from === receiver) continue;
      const [x0, x1] = this.arrival(x);
      if (x0 <= atS + TIME_EPS_S && x1 > atS + TIME_EPS_S) mw += this.powerMw(x.from, receiver);
    }
    return mw;
  }

  /** Does `receiver` lock onto `frame` at the end of its SHR? */
  locked(receiver: string, frame: Transmission): boolean {
    let memo = this.locks.get(frame);
    if (memo === undefined) this.locks.set(frame, (memo = new Map()));
    const known = memo.get(receiver);
    if (known !== undefined) return known;
    const result = this.decideLock(receiver, frame);
    memo.set(receiver, result);
    return result;
  }

  private decideLock(receiver: string, frame: Transmission): boolean {
    if (frame.from === receiver) return false;
    const p = this.powerMw(frame.from, receiver);
    if (p < this.sensitivityMw) return false;
    const [a0] = this.arrival(frame);
    const lockS = a0 + this.shrS;
    if (this.channel.radioBusyDuring(receiver, a0, lockS)) return false;
    for (const g of this.channel.remembered) {
      if (g === frame || g.from === receiver) continue;
      const [g0, g1] = this.arrival(g);
      const gLockS = g0 + this.shrS;
      if (g1 <= a0 + TIME_EPS_S) continue; // over before the frame began
      const before = gLockS < lockS - TIME_EPS_S || (Math.abs(gLockS - lockS) <= TIME_EPS_S && g.id < frame.id);
      if (!before) continue; // locks (if at all) after this frame's SHR
      const holdsAtStart = gLockS <= a0 + TIME_EPS_S;
      const holdsAtLock = g1 > lockS + TIME_EPS_S;
      if ((holdsAtStart || holdsAtLock) && this.locked(receiver, g)) return false;
    }
    const sinr = p / (this.noiseMw + this.interferenceAt(receiver, frame, lockS));
    return ratioToDb(sinr) > this.config.lockMinSinrDb;
  }

  /** True when CCAs detect energy against `ccaThresholdDbm` (else every transmission is sensed). */
  get energyCca(): boolean {
    return this.config.ccaThresholdDbm !== null;
  }

  /**
   * Energy-detection CCA of `node` over [fromS, toS] (CCA mode 1, as ns-3
   * LrWpanPhy::EndCca): busy if its radio transmits or turns around, if it is
   * locked onto a frame for part of the window, or if the total received power
   * peaks at or above `ccaThresholdDbm` in the window.
   */
  clear(node: string, fromS: Seconds, toS: Seconds): boolean {
    if (this.channel.radioBusyDuring(node, fromS, toS)) return false;
    const threshold = this.config.ccaThresholdDbm;
    const thresholdMw = threshold === null ? 0 : dbToRatio(threshold);
    const on: Transmission[] = [];
    for (const x of this.channel.remembered) {
      if (x.from === node) continue;
      const [x0, x1] = this.arrival(x);
      if (!overlaps(x0, x1, fromS, toS)) continue;
      on.push(x);
      if (x0 + this.shrS < toS - TIME_EPS_S && x1 > fromS + TIME_EPS_S && this.locked(node, x)) return false;
    }
    const instants = [fromS, ...on.map((x) => this.arrival(x)[0]).filter((t) => t > fromS)];
    for (const t of instants) {
      let mw = 0;
      for (const x of on) {
        const [x0, x1] = this.arrival(x);
        if (x0 <= t + TIME_EPS_S && x1 > t + TIME_EPS_S) mw += this.powerMw(x.from, node);
      }
      if (mw >= thresholdMw) return false;
    }
    return true;
  }

  /**
   * The verdict on `frame` at `receiver`, taken when its last symbol has
   * arrived. Draws from `rng` once per chunk whose success rate is below 1.
   */
  judge(receiver: string, frame: Transmission, rng: RandomStream): ReceptionVerdict {
    const [a0, a1] = this.arrival(frame);
    const lockS = a0 + this.shrS;
    // the receiver's own radio was transmitting or turning around as the SHR arrived: it never heard the frame
    if (this.channel.radioBusyDuring(receiver, a0, lockS)) return { ok: false, cause: 'receiverBusy' };
    const others = this.channel.remembered.filter((x) => {
      if (x === frame || x.from === receiver) return false;
      const [x0, x1] = this.arrival(x);
      return overlaps(x0, x1, a0, a1);
    });
    const lost = others.length > 0 ? 'collisions' : 'weakSignal';
    if (!this.locked(receiver, frame)) return { ok: false, cause: lost };
    // locked, then the radio turned to transmit before the last symbol: the frame is abandoned
    if (this.channel.radioBusyDuring(receiver, lockS, a1)) return { ok: false, cause: 'receiverBusy' };
    const cuts = [lockS, a1];
    for (const x of others) {
      for (const t of this.arrival(x)) if (t > lockS + TIME_EPS_S && t < a1 - TIME_EPS_S) cuts.push(t);
    }
    cuts.sort((u, v) => u - v);
    const p = this.powerMw(frame.from, receiver);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const c0 = cuts[i]!;
      const c1 = cuts[i + 1]!;
      if (c1 - c0 <= TIME_EPS_S) continue;
      let interference = 0;
      for (const x of others) {
        const [x0, x1] = this.arrival(x);
        if (overlaps(x0, x1, c0, c1)) interference += this.powerMw(x.from, receiver);
      }
      const bits = Math.ceil((c1 - c0) * this.bitRateBps - 1e-6);
      const success = chunkSuccessRate(p / (this.noiseMw + interference), bits);
      if (success < 1 && rng.uniform() >= success) return { ok: false, cause: lost };
    }
    return { ok: true, captured: others.length > 0 };
  }
}
