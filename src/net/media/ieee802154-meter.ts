import type { Environment } from '../../sim/index.js';
import type { EnergyLedger } from '../energy.js';
import type { Seconds } from '../units.js';

/**
 * The radio state of one node over time, charged to the energy ledger. A
 * radio is in one state at a time, by priority: tx > rx > listen > the
 * background. Activities overlap (a hub acknowledges a frame while its own MAC
 * backs off), so the meter counts active activities and charges each stretch
 * of time once, to the state on top, when the state changes. The meter is the
 * radio's only energy record: its hops are self-metered, and their traces
 * feed traffic accounting only.
 *
 * - tx: a data frame or an ACK, for its airtime;
 * - rx: a frame addressed to this node on the air at it, intact or not (a
 *   data frame, a corrupted or erroneous frame, an ACK), charged when its last
 *   symbol has arrived. Frames addressed to other nodes are not charged
 *   (overhearing; on the CC2420 rx and listen draw the same current);
 * - listen: the node's MAC is busy (IFS, backoff, CCA, turnarounds, ACK wait),
 *   charged only when the radio would otherwise be off (`chargeListen`: a
 *   node whose power background is not 'listen', the 'off-between-transfers'
 *   policy); with an always-on radio it is the background.
 */
export class RadioMeter {
  private lastS: Seconds;
  private transmitting = 0;
  private listening = 0;
  /** Receptions in progress: transmission id → rx time not yet charged (s). */
  private readonly rx = new Map<number, Seconds>();

  constructor(
    private readonly env: Environment,
    private readonly ledger: EnergyLedger,
    readonly node: string,
    private readonly chargeListen: boolean,
  ) {
    this.lastS = env.now;
  }

  /** The node starts transmitting (a data frame or an ACK). */
  txBegin(): void {
    this.settle();
    this.transmitting++;
  }

  txEnd(): void {
    this.settle();
    this.transmitting--;
  }

  /** The node's MAC becomes busy (radio on, receiver listening). */
  listenBegin(): void {
    this.settle();
    this.listening++;
  }

  listenEnd(): void {
    this.settle();
    this.listening--;
  }

  /** Transmission `id`, addressed to this node, starts arriving. */
  rxBegin(id: number): void {
    this.settle();
    this.rx.set(id, 0);
  }

  /** Transmission `id` has fully arrived: charge its rx time. */
  rxEnd(id: number): void {
    this.settle();
    const pending = this.rx.get(id) ?? 0;
    this.rx.delete(id);
    if (pending > 0) this.ledger.charge(this.node, 'rx', pending);
  }

  private settle(): void {
    const now = this.env.now;
    const dt = now - this.lastS;
    this.lastS = now;
    if (!(dt > 0)) return;
    if (this.transmitting > 0) {
      this.ledger.charge(this.node, 'tx', dt);
      return;
    }
    if (this.rx.size === 1) {
      for (const [id, s] of this.rx) this.rx.set(id, s + dt);
      return;
    }
    if (this.rx.size > 1) {
      // overlapping receptions addressed to this node: plain rx time, charged once
      this.ledger.charge(this.node, 'rx', dt);
      return;
    }
    if (this.listening > 0 && this.chargeListen) this.ledger.charge(this.node, 'listen', dt);
  }
}
