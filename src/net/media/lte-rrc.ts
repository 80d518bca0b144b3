import type { Environment } from '../../sim/index.js';
import type { EnergyLedger } from '../energy.js';
import type { NetNode } from '../node.js';
import type { LtePreset } from '../presets/lte.js';
import type { BitsPerSecond, Seconds } from '../units.js';
import { netErrors } from '../messages.js';

/**
 * Where a UE's radio is:
 * - `idle`: RRC_IDLE (paging cycles only; the node's background power);
 * - `promotion`: IDLE → CONNECTED signalling, data waits;
 * - `transfer`: RRC_CONNECTED with data moving in at least one direction;
 * - `tail`: RRC_CONNECTED after the last transfer, until the tail timer drops it to IDLE.
 */
export type RrcState = 'idle' | 'promotion' | 'transfer' | 'tail';

/** A UE's RRC history up to the time it was read. */
export interface RrcCounters {
  readonly state: RrcState;
  /** IDLE → CONNECTED promotions started. */
  readonly promotions: number;
  /** Seconds spent in each state since time 0. */
  readonly seconds: Readonly<Record<RrcState, Seconds>>;
}

/** What the RRC machine needs from the UE's two hops. */
export interface RrcFlow {
  /** Current air-interface rate of this direction (bit/s), 0 when not sending. */
  readonly rateBps: BitsPerSecond;
  /** True while the direction has packets queued or in service. */
  readonly backlogged: boolean;
  /** Start serving queued packets (the UE is connected). */
  resume(): void;
}

/**
 * The RRC state machine of one UE and its energy (Huang et al. 2012):
 *
 *   idle ──data──► promotion (promotionS at promotionW) ──► transfer
 *   transfer ──last bit sent/received──► tail (tailS at tailW) ──► idle
 *   tail ──data──► transfer (no promotion; the tail restarts after it)
 *
 * During `transfer` the UE draws P = α_u·r_u + α_d·r_d + β (r in Mbit/s, the
 * UE's current rates on the shared channels), charged as `tx` while it sends
 * (whether or not it also receives) and `rx` while it only receives. Energy
 * and counters are settled piecewise: at every state change, before every
 * rate change, and by the ledger's settler before a query, so a query mid-tail
 * or mid-transfer counts the time so far. RRC_IDLE is the node's background
 * state (its profile's `idle` power), never charged explicitly.
 */
export class RrcMachine {
  private stateNow: RrcState = 'idle';
  private promotionCount = 0;
  private readonly secondsIn: Record<RrcState, Seconds> = { idle: 0, promotion: 0, transfer: 0, tail: 0 };
  /** Time up to which energy and counters are settled (s). */
  private settledS: Seconds;
  /** Invalidates tail timers cancelled by new data. */
  private tailToken = 0;
  private flows: { up: RrcFlow; down: RrcFlow } | undefined;

  constructor(
    private readonly env: Environment,
    private readonly ledger: EnergyLedger,
    readonly ue: NetNode,
    private readonly preset: LtePreset,
  ) {
    this.settledS = env.now;
  }

  /** @internal Wire the UE's uplink and downlink (once, at attachment). */
  bind(up: RrcFlow, down: RrcFlow): void {
    this.flows = { up, down };
  }

  get state(): RrcState {
    return this.stateNow;
  }

  /** Counters up to now. */
  counters(): RrcCounters {
    this.settle(this.env.now);
    return { state: this.stateNow, promotions: this.promotionCount, seconds: { ...this.secondsIn } };
  }

  /** @internal A packet for or from this UE was queued. */
  onData(): void {
    switch (this.stateNow) {
      case 'idle': {
        this.enter('promotion');
        this.promotionCount++;
        this.env.timeout(this.preset.rrc.promotionS).addCallback(() => this.onPromoted());
        return;
      }
      case 'promotion':
        return; // served once connected
      case 'tail':
        this.tailToken++;
        this.enter('transfer');
        this.resumeFlows();
        return;
      case 'transfer':
        this.resumeFlows();
        return;
    }
  }

  /** @internal One direction has emptied its queue. */
  onFlowIdle(): void {
    if (this.stateNow !== 'transfer' || this.anyBacklog()) return;
    this.startTail();
  }

  /**
   * Charge energy and count time from the last settlement up to `atS`
   * (clamped to now; times already settled are left alone), at the power of
   * the current state and rates.
   */
  settle(atS: Seconds): void {
    const t = Math.min(atS, this.env.now);
    const dt = t - this.settledS;
    if (!(dt > 0)) return;
    this.settledS = t;
    this.secondsIn[this.stateNow] += dt;
    const name = this.ue.name;
    const rrc = this.preset.rrc;
    switch (this.stateNow) {
      case 'idle':
        return; // background state
      case 'promotion':
        this.ledger.charge(name, 'promotion', dt, rrc.promotionW);
        return;
      case 'tail':
        this.ledger.charge(name, 'tail', dt, rrc.tailW);
        return;
      case 'transfer': {
        const { up, down } = this.bound();
        const m = this.preset.powerModel;
        const watts = m.alphaUpWPerMbps * (up.rateBps / 1e6) + m.alphaDownWPerMbps * (down.rateBps / 1e6) + m.betaW;
        this.ledger.charge(name, up.rateBps > 0 ? 'tx' : 'rx', dt, watts);
        return;
      }
    }
  }

  private onPromoted(): void {
    this.enter('transfer');
    this.resumeFlows();
    if (!this.anyBacklog()) this.startTail();
  }

  private startTail(): void {
    this.enter('tail');
    const token = ++this.tailToken;
    this.env.timeout(this.preset.rrc.tailS).addCallback(() => {
      if (token === this.tailToken) this.enter('idle');
    });
  }

  private enter(state: RrcState): void {
    this.settle(this.env.now);
    this.stateNow = state;
  }

  private resumeFlows(): void {
    const { up, down } = this.bound();
    up.resume();
    down.resume();
  }

  private anyBacklog(): boolean {
    const { up, down } = this.bound();
    return up.backlogged || down.backlogged;
  }

  private bound(): { up: RrcFlow; down: RrcFlow } {
    if (this.flows === undefined) throw new Error(netErrors.lteRrcUnbound(this.ue.name));
    return this.flows;
  }
}
