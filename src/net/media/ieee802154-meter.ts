import type { Environment } from '../../sim/index.js';
import type { EnergyLedger } from '../energy.js';
import type { Seconds } from '../units.js';

/**
 * The radio state of one node over time, charged to the energy ledger. A
 * radio is in one state at a time, by priority: tx > rx > listen > the
 * background. Activities overlap (a hub acknowledges a frame while its own MAC
 * backs off), so the meter counts active activities and charges each stretch
 * of time once, to the state on top, when the state changes.
 *
 * - tx: a data frame (charged by the hop's `tx` trace, so skipped here) or an
 *   ACK (charged here);
 * - rx: a frame addressed to this node on the air at it. A data frame received
 *   intact is charged by the hop's `rx` trace for its airtime; any other
 *   reception (a corrupted or erroneous frame, an ACK) is charged here. An
 *   intact frame never overlaps another frame or a transmission of the node,
 *   so its stretch is exactly its airtime and is left to the trace. Frames
 *   addressed to other nodes are not charged (overhearing; on the CC2420 rx
 *   and listen draw the same current);
 * - listen: the node's MAC is busy (IFS, backoff, CCA, turnarounds, ACK wait),
 *   charged only when the radio would otherwise be off (`chargeListen`: a
 *   node whose power background is not 'listen', the 'off-between-transfers'
 *   policy); with an always-on radio it is the background.
 */
export class RadioMeter {
  private lastS: Seconds;
  private txTraced = 0;
  private txDirect = 0;
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

  /** The node starts transmitting (`traced`: a data frame whose energy the hop trace charges). */
  txBegin(traced: boolean): void {
    this.settle();
    if (traced) this.txTraced++;
    else this.txDirect++;
  }

  txEnd(traced: boolean): void {
    this.settle();
    if (traced) this.txTraced--;
    else this.txDirect--;
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

  /** Transmission `id` has fully arrived; `traced` when the hop's rx trace charges it (an intact data frame). */
  rxEnd(id: number, traced: boolean): void {
    this.settle();
    const pending = this.rx.get(id) ?? 0;
    this.rx.delete(id);
    if (!traced && pending > 0) this.ledger.charge(this.node, 'rx', pending);
  }

  private settle(): void {
    const now = this.env.now;
    const dt = now - this.lastS;
    this.lastS = now;
    if (!(dt > 0)) return;
    if (this.txTraced > 0) return;
    if (this.txDirect > 0) {
      this.ledger.charge(this.node, 'tx', dt);
      return;
    }
    if (this.rx.size === 1) {
      for (const [id, s] of this.rx) this.rx.set(id, s + dt);
      return;
    }
    if (this.rx.size > 1) {
      // overlapping receptions are all corrupted: plain rx time
      this.ledger.charge(this.node, 'rx', dt);
      return;
    }
    if (this.listening > 0 && this.chargeListen) this.ledger.charge(this.node, 'listen', dt);
  }
}
