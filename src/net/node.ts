import type { Environment } from '../sim/index.js';
import { Store } from '../sim/index.js';
import type { Delivery, Packet } from './message.js';
import type { Port } from './port.js';
import type { InterfacePower } from './presets.js';

/** What a node is for; energy is reported per role. */
export type NodeRole = 'worker' | 'server' | 'switch';

/**
 * A network node: forwards packets along its routes and collects the packets
 * of messages addressed to it, putting each complete message in its inbox.
 */
export class NetNode {
  /** Complete messages addressed to this node, in arrival order. */
  readonly inbox: Store<Delivery>;
  /** Trace source: a message addressed to this node has fully arrived. */
  readonly trace = { delivered: [] as ((delivery: Delivery) => void)[] };
  private readonly routes = new Map<string, Port>();
  private defaultRoute: Port | undefined;
  private readonly arrived = new Map<number, number>();

  constructor(
    private readonly env: Environment,
    readonly name: string,
    readonly role: NodeRole,
    readonly power: InterfacePower,
  ) {
    this.inbox = new Store<Delivery>(env, Infinity, `${name}:inbox`);
  }

  /** Send packets for `dst` out of `port` (or for every destination without a route, if dst is '*'). */
  setRoute(dst: string, port: Port): void {
    if (dst === '*') this.defaultRoute = port;
    else this.routes.set(dst, port);
  }

  /** The port towards `dst`; throws naming both nodes when there is no route. */
  portTo(dst: string): Port {
    const port = this.routes.get(dst) ?? this.defaultRoute;
    if (port === undefined) throw new Error(`node "${this.name}" has no route to "${dst}"`);
    return port;
  }

  /** @internal A packet arrives over a link. */
  receive(packet: Packet): void {
    const message = packet.message;
    if (message.dst !== this.name) {
      this.portTo(message.dst).send(packet);
      return;
    }
    const count = (this.arrived.get(message.id) ?? 0) + 1;
    if (count < message.train.wireBytes.length) {
      this.arrived.set(message.id, count);
      return;
    }
    this.arrived.delete(message.id);
    const delivery: Delivery = { message, deliveredAtS: this.env.now };
    for (const hook of this.trace.delivered) hook(delivery);
    this.inbox.put(delivery);
  }
}
