import type { HopEvent, Hop } from './hop.js';
import type { NetNode, NodeRole } from './node.js';
import { type EnergyState, powerOf } from './power.js';
import type { Joules, Seconds, Watts } from './units.js';
import { netErrors } from './messages.js';

interface NodeAccount {
  readonly node: NetNode;
  /** Seconds charged per state (other than the background). */
  readonly seconds: Map<EnergyState, Seconds>;
  /** Joules above the background power, per state. */
  readonly extraJ: Map<EnergyState, Joules>;
  /** Joules charged outright (compute), not displacing the background. */
  readonly addedJ: Map<EnergyState, Joules>;
}

/** Settles energy owed up to a time (e.g. an LTE tail in progress): called before every query. */
export type Settler = (atS: Seconds) => void;

/**
 * The energy ledger, per node and per state. Interfaces report time spent in a
 * state (via hop traces or `charge`); the node's background state fills the
 * rest. Energy up to t = P_bg·t + Σ_s T_s·(P_s − P_bg) + compute joules; see
 * `PowerProfile`. Charges are credited when an activity ends, so the ledger is
 * exact at any time no transfer is in flight (and settlers bring state
 * machines such as LTE's RRC up to date before a query).
 */
export class EnergyLedger {
  private readonly accounts = new Map<string, NodeAccount>();
  private readonly settlers: Settler[] = [];
  /** Trace source: compute charged to a node (node, seconds, watts). */
  readonly computeTrace: ((node: string, seconds: Seconds, watts: Watts) => void)[] = [];

  /** Start metering a node. */
  addNode(node: NetNode): void {
    this.accounts.set(node.name, { node, seconds: new Map(), extraJ: new Map(), addedJ: new Map() });
  }

  /**
   * Subscribe to a hop's traces: the sender is in `tx`, the receiver in `rx`,
   * for the bits' time on the medium. Throws for a self-metered hop, whose
   * medium already charges that time.
   */
  watch(hop: Hop): void {
    if (hop.selfMetered) throw new Error(netErrors.selfMeteredHop(hop.name));
    hop.trace.tx.push((e: HopEvent) => this.charge(e.hop.from.name, 'tx', e.seconds));
    hop.trace.rx.push((e: HopEvent) => this.charge(e.hop.to.name, 'rx', e.seconds));
    hop.trace.ack.push((e: HopEvent) => {
      this.charge(e.hop.from.name, 'tx', e.seconds);
      this.charge(e.hop.to.name, 'rx', e.seconds);
    });
  }

  /** Register a settler called before every query. */
  addSettler(settler: Settler): void {
    this.settlers.push(settler);
  }

  /** Charge `seconds` in `state` to a node, at the profile's power for that state unless `watts` is given. */
  charge(nodeName: string, state: EnergyState, seconds: Seconds, watts?: Watts): void {
    const a = this.account(nodeName);
    const profile = a.node.power;
    const w = watts ?? powerOf(profile, state);
    const bg = powerOf(profile, profile.background);
    a.seconds.set(state, (a.seconds.get(state) ?? 0) + seconds);
    a.extraJ.set(state, (a.extraJ.get(state) ?? 0) + seconds * (w - bg));
  }

  /** Charge compute: `seconds` at `watts`, on top of the interface's draw. */
  addCompute(nodeName: string, seconds: Seconds, watts: Watts): void {
    const a = this.account(nodeName);
    a.seconds.set('compute', (a.seconds.get('compute') ?? 0) + seconds);
    a.addedJ.set('compute', (a.addedJ.get('compute') ?? 0) + seconds * watts);
    for (const hook of this.computeTrace) hook(nodeName, seconds, watts);
  }

  /** Names and roles of the metered nodes, in the order added. */
  nodes(): { name: string; role: NodeRole }[] {
    return [...this.accounts.values()].map((a) => ({ name: a.node.name, role: a.node.role }));
  }

  /** Energy of one node from time 0 to `atS` (J). */
  nodeJ(nodeName: string, atS: Seconds): Joules {
    this.settle(atS);
    const a = this.account(nodeName);
    let j = powerOf(a.node.power, a.node.power.background) * atS;
    for (const v of a.extraJ.values()) j += v;
    for (const v of a.addedJ.values()) j += v;
    return j;
  }

  /** Energy of all nodes of a role from time 0 to `atS` (J). */
  roleJ(role: NodeRole, atS: Seconds): Joules {
    let sum = 0;
    for (const a of this.accounts.values()) if (a.node.role === role) sum += this.nodeJ(a.node.name, atS);
    return sum;
  }

  /**
   * One node's time and energy per state up to `atS`: the background state gets
   * the time not charged to any exclusive state.
   */
  breakdown(nodeName: string, atS: Seconds): { state: EnergyState; seconds: Seconds; joules: Joules }[] {
    this.settle(atS);
    const a = this.account(nodeName);
    const p = a.node.power;
    const bgW = powerOf(p, p.background);
    const rows: { state: EnergyState; seconds: Seconds; joules: Joules }[] = [];
    let charged = 0;
    for (const [state, seconds] of a.seconds) {
      if (state === 'compute') {
        rows.push({ state, seconds, joules: a.addedJ.get(state) ?? 0 });
        continue;
      }
      charged += seconds;
      rows.push({ state, seconds, joules: (a.extraJ.get(state) ?? 0) + seconds * bgW });
    }
    rows.push({ state: p.background, seconds: Math.max(0, atS - charged), joules: bgW * Math.max(0, atS - charged) });
    return rows;
  }

  /** Time and energy per state summed over the nodes of a role, up to `atS`. */
  roleBreakdown(role: NodeRole, atS: Seconds): Partial<Record<EnergyState, { seconds: Seconds; joules: Joules }>> {
    const out: Partial<Record<EnergyState, { seconds: Seconds; joules: Joules }>> = {};
    for (const a of this.accounts.values()) {
      if (a.node.role !== role) continue;
      for (const row of this.breakdown(a.node.name, atS)) {
        const acc = (out[row.state] ??= { seconds: 0, joules: 0 });
        acc.seconds += row.seconds;
        acc.joules += row.joules;
      }
    }
    return out;
  }

  private settle(atS: Seconds): void {
    for (const s of this.settlers) s(atS);
  }

  private account(name: string): NodeAccount {
    const a = this.accounts.get(name);
    if (a === undefined) throw new Error(netErrors.unmeteredNode(name));
    return a;
  }
}
