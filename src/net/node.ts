import type { Environment } from '../sim/index.js';
import { Store } from '../sim/index.js';
import { type Framing, packetize, sameFraming } from './framing.js';
import { type Hop, sendTrain } from './hop.js';
import type { Confirmation, Delivery, Message, Packet } from './message.js';
import type { PowerProfile } from './power.js';
import { netErrors } from './messages.js';

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
  readonly inbox: Store<Delivery>;
  /** Trace source: a message addressed to this node has fully arrived. */
  readonly trace = {
    delivered: [] as ((delivery: Delivery) => void)[],
    /** A message this node sent with ACKs (Message.ack) is confirmed: the ACK of its last packet arrived. */
    confirmed: [] as ((confirmation: Confirmation) => void)[],
  };
  private readonly routes = new Map<string, Hop>();
  private defaultRoute: Hop | undefined;
  private readonly arrived = new Map<number, number>();
  private readonly relabelled = new Map<number, Message>();

  constructor(
    private readonly env: Environment,
    readonly name: string,
    readonly role: NodeRole,
    readonly power: PowerProfile,
  ) {
    this.inbox = new Store<Delivery>(env, Infinity, `${name}:inbox`);
  }

  /** Send traffic for `dst` over `hop` ('*': every destination without its own route). */
  setRoute(dst: string, hop: Hop): void {
    if (dst === '*') this.defaultRoute = hop;
    else this.routes.set(dst, hop);
  }

  /** The hop towards `dst`; throws naming both nodes when there is no route. */
  hopTo(dst: string): Hop {
    const hop = this.routes.get(dst) ?? this.defaultRoute;
    if (hop === undefined) throw new Error(netErrors.noRoute(this.name, dst));
    return hop;
  }

  /**
   * @internal Packet fidelity: a packet arrives over a hop. A relay forwards it
   * as it is when the next hop frames messages the same way; when only the
   * link headers differ (same maximum payload) it forwards each packet with the
   * next hop's headers; at a segmentation boundary (e.g. Ethernet → IEEE
   * 802.15.4 at a gateway) it reassembles the message and re-frames it. The
   * destination counts packets and delivers the message with its last one.
   */
  receive(packet: Packet): void {
    const message = packet.message;
    if (packet.ack === true) {
      // an ACK goes back to the message's source as it is; the last packet's ACK confirms the message
      if (message.src !== this.name) this.hopTo(message.src).sendPacket(packet);
      else if (packet.index === message.train.wireBytes.length - 1) this.confirm(message);
      return;
    }
    if (message.dst === this.name) {
      const ack = message.ack;
      const n = message.train.wireBytes.length;
      // acknowledged before delivery, as a receiving stack answers before the application reads
      if (ack !== undefined && ((packet.index + 1) % ack.every === 0 || packet.index === n - 1)) {
        this.hopTo(message.src).sendPacket({ message, index: packet.index, wireBytes: ack.wireBytes, ack: true });
      }
      if (this.complete(message)) this.deliver(message);
      return;
    }
    const hop = this.hopTo(message.dst);
    const mode = relayMode(message.train.framing, hop.framing);
    if (mode === 'forward') {
      hop.sendPacket(packet);
    } else if (mode === 'relabel') {
      const relabelled = this.relabel(message, hop);
      hop.sendPacket({ message: relabelled, index: packet.index, wireBytes: relabelled.train.wireBytes[packet.index] as number });
      if (this.complete(message)) this.relabelled.delete(message.id);
    } else if (this.complete(message)) {
      sendTrain(hop, reframe(message, hop.framing));
    }
  }

  /** The message as the next hop frames it (same packets, other headers), made once per message. */
  private relabel(message: Message, hop: Hop): Message {
    let m = this.relabelled.get(message.id);
    if (m === undefined) this.relabelled.set(message.id, (m = reframe(message, hop.framing)));
    return m;
  }

  /** Count one more packet of `message`; true when it was the last. */
  private complete(message: Message): boolean {
    const count = (this.arrived.get(message.id) ?? 0) + 1;
    if (count < message.train.wireBytes.length) {
      this.arrived.set(message.id, count);
      return false;
    }
    this.arrived.delete(message.id);
    return true;
  }

  /** @internal The ACK of the last packet of `message`, which this node sent, has arrived here. */
  confirm(message: Message): void {
    const confirmation: Confirmation = { message, confirmedAtS: this.env.now };
    for (const hook of this.trace.confirmed) hook(confirmation);
  }

  /** @internal The message's last byte has arrived here. */
  deliver(message: Message): void {
    const delivery: Delivery = { message, deliveredAtS: this.env.now };
    for (const hook of this.trace.delivered) hook(delivery);
    this.inbox.put(delivery);
  }
}

/**
 * What a relay does with a message framed as `incoming` before a hop framed as
 * `next`: forward its packets as they are (same framing), forward each packet
 * with the next hop's headers (same maximum payload), or reassemble the whole
 * message and cut it again (a segmentation boundary).
 */
export function relayMode(incoming: Framing, next: Framing): 'forward' | 'relabel' | 'reframe' {
  if (sameFraming(next, incoming)) return 'forward';
  return next.maxPayloadBytes === incoming.maxPayloadBytes ? 'relabel' : 'reframe';
}

/** The same message cut by another framing (a relay's next hop). */
export function reframe(message: Message, framing: Framing): Message {
  return { ...message, train: packetize(framing, message.payloadBytes) };
}
