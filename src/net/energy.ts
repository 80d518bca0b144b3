import type { NetNode, NodeRole } from './node.js';
import type { Packet } from './message.js';
import type { Port } from './port.js';
import type { Joules, Seconds, Watts } from './units.js';

interface NodeAccount {
  readonly node: NetNode;
  txS: Seconds;
  rxS: Seconds;
  computeJ: Joules;
}

/**
 * The energy ledger. Interface power is additive over states:
 * P(t) = P_idle + (P_tx − P_idle)·[transmitting] + (P_rx − P_idle)·[receiving],
 * so a node's network energy up to time t is
 * P_idle·t + (P_tx − P_idle)·T_tx + (P_rx − P_idle)·T_rx; compute energy
 * (power × compute time) is added on top. Time on the wire is credited when a
 * packet's transmission ends (sender) or its last bit arrives (receiver), so
 * the ledger is exact whenever no packet is in flight.
 */
export class EnergyLedger {
  private readonly accounts = new Map<string, NodeAccount>();

  /** Start metering a node. */
  addNode(node: NetNode): void {
    this.accounts.set(node.name, { node, txS: 0, rxS: 0, computeJ: 0 });
  }

  /** Subscribe to a port's trace sources. */
  watch(port: Port): void {
    port.trace.txEnd.push((_p: Packet, pt: Port, s: Seconds) => this.account(pt.from.name).txS += s);
    port.trace.rx.push((_p: Packet, pt: Port, s: Seconds) => this.account(pt.to.name).rxS += s);
  }

  /** Charge `seconds` of computation at `watts` to a node. */
  addCompute(nodeName: string, seconds: Seconds, watts: Watts): void {
    this.account(nodeName).computeJ += seconds * watts;
  }

  /** Energy of one node from time 0 to `atS` (J). */
  nodeJ(nodeName: string, atS: Seconds): Joules {
    const a = this.account(nodeName);
    const p = a.node.power;
    return p.idleW * atS + (p.txW - p.idleW) * a.txS + (p.rxW - p.idleW) * a.rxS + a.computeJ;
  }

  /** Energy of all nodes of a role from time 0 to `atS` (J). */
  roleJ(role: NodeRole, atS: Seconds): Joules {
    let sum = 0;
    for (const a of this.accounts.values()) if (a.node.role === role) sum += this.nodeJ(a.node.name, atS);
    return sum;
  }

  private account(name: string): NodeAccount {
    const a = this.accounts.get(name);
    if (a === undefined) throw new Error(`energy ledger does not meter node "${name}"`);
    return a;
  }
}
