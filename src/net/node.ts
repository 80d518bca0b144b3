import type { Environment } from '../sim/index.js';
import { FilterStore } from '../sim/index.js';
import type { Hop } from './hop.js';
import type { Delivery, Message, Packet } from './message.js';
import type { PowerProfile } from './power.js';

/** What a node is for; energy is reported per role. */
export type NodeRole = 'worker' | 'server' | 'switch' | 'gateway';

/**
 * A network node: forwards packets along its static routes and reassembles the
 * messages addressed to it; complete messages land in its inbox.
 */
export class NetNode {
  /**
   * Complete messages addressed to this node, in arrival order. `inbox.get()`
   * takes the oldest; `inbox.get(d => d.message.label === tag)` waits for a
   * given label and leaves other traffic stored (collectives rely on this). An
   * unfiltered get takes any delivery, so when several consumers share a node,
   * each should filter.
   */
  readonly inbox: FilterStore<Delivery>;
  /** Trace source: a message addressed to this node has fully arrived. */
  readonly trace = { delivered: [] as ((delivery: Delivery) => void)[] };
  private readonly routes = new Map<string, Hop>();
  private defaultRoute: Hop | undefined;
  private readonly arrived = new Map<number, number>();

  constructor(
    private readonly env: Environment,
    readonly name: string,
    readonly role: NodeRole,
    readonly power: PowerProfile,
  ) {
    this.inbox = new FilterStore<Delivery>(env, Infinity, `${name}:inbox`);
  }

  /** Send traffic for `dst` over `hop` ('*': every destination without its own route). */
  setRoute(dst: string, hop: Hop): void {
    if (dst === '*') this.defaultRoute = hop;
    else this.routes.set(dst, hop);
  }

  /** The hop towards `dst`; throws naming both nodes when there is no route. */
  hopTo(dst: string): Hop {
    const hop = this.routes.get(dst) ?? this.defaultRoute;
    if (hop === undefined) throw new Error(`node "${this.name}" has no route to "${dst}"`);
    return hop;
  }

  /** @internal Packet fidelity: a packet arrives over a hop; forward it or count it towards its message. */
  receive(packet: Packet): void {
    const message = packet.message;
    if (message.dst !== this.name) {
      this.hopTo(message.dst).sendPacket(packet);
      return;
    }
    const count = (this.arrived.get(message.id) ?? 0) + 1;
    if (count < message.train.wireBytes.length) {
      this.arrived.set(message.id, count);
      return;
    }
    this.arrived.delete(message.id);
    this.deliver(message);
  }

  /** @internal The message's last byte has arrived here. */
  deliver(message: Message): void {
    const delivery: Delivery = { message, deliveredAtS: this.env.now };
    for (const hook of this.trace.delivered) hook(delivery);
    this.inbox.put(delivery);
  }
}
