import type { Environment } from '../../sim/index.js';
import type { Seconds } from '../units.js';

/**
 * Tolerance when comparing simulated times (s): far below one 16 µs symbol and
 * above double rounding for runs up to ~10⁷ s, so frames that merely touch
 * (one ends as the next begins) never count as overlapping.
 */
export const TIME_EPS_S = 1e-9;

/** True when [a0, a1) and [b0, b1) share more than rounding noise. */
export function overlaps(a0: Seconds, a1: Seconds, b0: Seconds, b1: Seconds): boolean {
  return a0 < b1 - TIME_EPS_S && b0 < a1 - TIME_EPS_S;
}

/** One PPDU on the air: a data frame or an acknowledgement. Times are at the transmitter's antenna. */
export interface Transmission {
  readonly id: number;
  readonly from: string;
  /** The node the frame is addressed to. */
  readonly to: string;
  readonly kind: 'data' | 'ack';
  /** First symbol of the SHR leaves the transmitter (s). */
  readonly startS: Seconds;
  /** Last symbol leaves the transmitter (s). */
  readonly endS: Seconds;
  /**
   * Set when any other transmission overlaps this one in time. With
   * reception 'collision' an overlapped frame is lost at its receiver (and so
   * is the other one); with 'sinr' the receiver decides by power (capture).
   */
  overlapped: boolean;
}

/**
 * One IEEE 802.15.4 channel: a single collision domain. Keeps the
 * transmissions recently on the air and, per node, the intervals in which its
 * radio transmits or turns around (when it can neither receive nor sense).
 * Signals reach every other node `propagationS` after they leave the
 * transmitter. Transmissions are registered when a node commits to them (at
 * the end of its CCA, or at the end of the frame it acknowledges), before they
 * start, so every question about an interval that has ended is answered
 * exactly.
 */
export class Ieee802154Channel {
  private recent: Transmission[] = [];
  private readonly busy = new Map<string, { startS: Seconds; endS: Seconds }[]>();
  private nextId = 0;

  constructor(
    private readonly env: Environment,
    /** Propagation delay between any two nodes (s). */
    readonly propagationS: Seconds,
    /** How long a finished transmission is kept for later questions (s): longer than a frame plus a CCA. */
    private readonly keepS: Seconds,
  ) {}

  /**
   * Register a transmission of `from` on [startS, endS), with its radio unable
   * to receive or sense on [radioFromS, radioToS) (RX→TX turnaround, the frame,
   * TX→RX turnaround). Marks every transmission it overlaps, and itself.
   */
  transmit(from: string, to: string, kind: 'data' | 'ack', startS: Seconds, endS: Seconds, radioFromS: Seconds, radioToS: Seconds): Transmission {
    this.prune();
    const t: Transmission = { id: this.nextId++, from, to, kind, startS, endS, overlapped: false };
    for (const o of this.recent) {
      if (overlaps(o.startS, o.endS, startS, endS)) {
        o.overlapped = true;
        t.overlapped = true;
      }
    }
    this.recent.push(t);
    let list = this.busy.get(from);
    if (list === undefined) this.busy.set(from, (list = []));
    list.push({ startS: radioFromS, endS: radioToS });
    return t;
  }

  /**
   * Clear channel assessment of `node` over [fromS, toS]: idle unless a signal
   * from another node is on the air at it for part of the window, or its own
   * radio is transmitting or turning around (it cannot sense then).
   */
  clear(node: string, fromS: Seconds, toS: Seconds): boolean {
    const l = this.propagationS;
    for (const t of this.recent) {
      if (t.from !== node && overlaps(t.startS + l, t.endS + l, fromS, toS)) return false;
    }
    return !this.radioBusyDuring(node, fromS, toS);
  }

  /** True if `node`'s radio transmits or turns around during part of [fromS, toS). */
  radioBusyDuring(node: string, fromS: Seconds, toS: Seconds): boolean {
    const list = this.busy.get(node);
    if (list === undefined) return false;
    for (const b of list) if (overlaps(b.startS, b.endS, fromS, toS)) return true;
    return false;
  }

  /** Transmissions currently remembered (for tests and diagnostics). */
  get remembered(): readonly Transmission[] {
    return this.recent;
  }

  private prune(): void {
    const horizon = this.env.now - this.keepS - this.propagationS;
    if (this.recent.length > 32) this.recent = this.recent.filter((t) => t.endS >= horizon);
    for (const [node, list] of this.busy) {
      if (list.length > 8)
        this.busy.set(
          node,
          list.filter((b) => b.endS >= horizon),
        );
    }
  }
}
