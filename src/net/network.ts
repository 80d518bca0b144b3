import type { Environment } from '../sim/index.js';
import { EnergyLedger } from './energy.js';
import { type Framing, packetize } from './framing.js';
import type { Message } from './message.js';
import { NetNode, type NodeRole } from './node.js';
import { Port } from './port.js';
import type { InterfacePower } from './presets.js';
import type { BitsPerSecond, Bytes, Seconds } from './units.js';

/** One link's parameters (the same in both directions). */
export interface LinkSpec {
  readonly bandwidthBps: BitsPerSecond;
  readonly latencyS: Seconds;
  readonly framing: Framing;
}

/**
 * Nodes joined by full-duplex links, with static routes. Moves messages as
 * packet trains (every packet an event on every hop) and meters energy
 * through the ports' trace sources.
 */
export class Network {
  /** Energy of every node, fed by port traces and compute charges. */
  readonly ledger = new EnergyLedger();
  private readonly nodes = new Map<string, NetNode>();
  private readonly portList: Port[] = [];
  private nextMessageId = 0;
  private readonly deliveryWatchers = new Map<number, () => void>();

  constructor(readonly env: Environment) {}

  /** Add a node; names are unique. */
  addNode(name: string, role: NodeRole, power: InterfacePower): NetNode {
    if (this.nodes.has(name)) throw new Error(`duplicate node name "${name}"`);
    const node = new NetNode(this.env, name, role, power);
    this.nodes.set(name, node);
    this.ledger.addNode(node);
    node.trace.delivered.push((d) => {
      const watcher = this.deliveryWatchers.get(d.message.id);
      if (watcher === undefined) return;
      this.deliveryWatchers.delete(d.message.id);
      watcher();
    });
    return node;
  }

  /** The node called `name`. */
  node(name: string): NetNode {
    const node = this.nodes.get(name);
    if (node === undefined) throw new Error(`no node named "${name}" in the network`);
    return node;
  }

  /** Call `callback` once when message `id` has fully arrived at its destination. */
  onDelivery(id: number, callback: () => void): void {
    this.deliveryWatchers.set(id, callback);
  }

  /** All ports (two per link). */
  get ports(): readonly Port[] {
    return this.portList;
  }

  /** Join two nodes with a full-duplex link; returns the ports [a→b, b→a]. */
  connect(a: NetNode, b: NetNode, spec: LinkSpec): [Port, Port] {
    const ab = new Port(this.env, a, b, spec.bandwidthBps, spec.latencyS, spec.framing);
    const ba = new Port(this.env, b, a, spec.bandwidthBps, spec.latencyS, spec.framing);
    for (const port of [ab, ba]) {
      this.portList.push(port);
      this.ledger.watch(port);
    }
    return [ab, ba];
  }

  /**
   * Send `payloadBytes` from `src` to `dst`, framed by the first hop's link;
   * the complete message lands in the destination's inbox. Returns the message.
   */
  send<B>(src: string, dst: string, payloadBytes: Bytes, label: string, body: B): Message<B> {
    const from = this.node(src);
    this.node(dst); // fail early on an unknown destination
    const port = from.portTo(dst);
    const train = packetize(port.framing, payloadBytes);
    const message: Message<B> = {
      id: this.nextMessageId++, src, dst, label, payloadBytes, train, body, sentAtS: this.env.now,
    };
    train.wireBytes.forEach((wireBytes, index) => port.send({ message, index, wireBytes }));
    return message;
  }
}
