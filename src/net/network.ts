import type { Environment } from '../sim/index.js';
import { RandomStreams, type RandomStream } from '../sim/index.js';
import { EnergyLedger } from './energy.js';
import { packetize } from './framing.js';
import type { Hop } from './hop.js';
import { HalfDuplexWire, Port } from './link/port.js';
import type { Message } from './message.js';
import { NetNode, type NodeRole } from './node.js';
import type { PowerProfile } from './power.js';
import type { AckConfig, LinkConfig } from './presets/types.js';
import { TimeUse } from './time-use.js';
import { TrafficStats } from './traffic.js';
import { MessageTransport } from './transport/message.js';
import { PacketTransport } from './transport/packet.js';
import { FlowTransport, type FlowPipeline } from './transport/flow.js';
import type { Fidelity, Transport } from './transport/transport.js';
import type { Bytes } from './units.js';
import { netErrors } from './messages.js';

/** How a network is simulated. */
export interface NetworkOptions {
  /** Fidelity level, or 'auto': the fastest that is exact for the hops present (decided at the first send). */
  readonly fidelity?: Fidelity | 'auto';
  /** Random streams for stochastic links and media (loss, backoff); default seed 0, run 0. */
  readonly streams?: RandomStreams;
  /** Transport for 'flow' fidelity (default: max-min fair FlowTransport). */
  readonly flowTransport?: (env: Environment, network: Network) => Transport;
  /**
   * Flow fidelity's pipeline: 'packet' (default) adds the packets'
   * store-and-forward tail per extra hop; 'fluid' is a pure fluid max-min
   * model (latency, then the drain; SimGrid's CM02 with cross-traffic off).
   */
  readonly flowPipeline?: FlowPipeline;
}

/**
 * Nodes joined by hops (point-to-point ports and shared-medium attachments),
 * with static routes. Moves messages at the chosen fidelity, and meters energy,
 * traffic and each node's time use through the hops' trace sources.
 */
export class Network {
  /** Energy of every node, fed by the traces of hops that do not meter themselves, by self-metering media and by compute charges. */
  readonly ledger = new EnergyLedger();
  /** Bytes and packets per sending node, per receiving node and per hop, fed by hop traces. */
  readonly traffic = new TrafficStats();
  /** Where each node's time goes (compute, transmit, receive, waiting on its own messages, idle). */
  readonly timeUse: TimeUse;
  private readonly nodes = new Map<string, NetNode>();
  private readonly hopList: Hop[] = [];
  private readonly streams: RandomStreams;
  private nextMessageId = 0;
  private readonly deliveryWatchers = new Map<number, () => void>();
  private transport: Transport | undefined;
  private resolvedFidelity: Fidelity | undefined;

  constructor(
    readonly env: Environment,
    private readonly options: NetworkOptions = {},
  ) {
    this.streams = options.streams ?? new RandomStreams(0, 0);
    this.timeUse = new TimeUse(() => env.now);
    this.ledger.computeTrace.push((node, seconds) => this.timeUse.compute(node, seconds));
  }

  /** The fidelity in use (resolved at the first send when 'auto'). */
  get fidelity(): Fidelity {
    return this.resolvedFidelity ?? this.chooseFidelity();
  }

  /** Add a node; names are unique. */
  addNode(name: string, role: NodeRole, power: PowerProfile): NetNode {
    if (this.nodes.has(name)) throw new Error(netErrors.duplicateNode(name));
    const node = new NetNode(this.env, name, role, power);
    this.nodes.set(name, node);
    this.ledger.addNode(node);
    this.timeUse.addNode(name);
    node.trace.delivered.push((d) => {
      this.timeUse.delivered(d.message.id);
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
    if (node === undefined) throw new Error(netErrors.unknownNode(name));
    return node;
  }

  /** All nodes, in the order added. */
  get allNodes(): readonly NetNode[] {
    return [...this.nodes.values()];
  }

  /** All hops, in the order added. */
  get hops(): readonly Hop[] {
    return this.hopList;
  }

  /** A named random stream for a stochastic part of this network. */
  stream(name: string): RandomStream {
    return this.streams.stream(`net/${name}`);
  }

  /**
   * Register a hop (ports do this themselves via `connect`; media call it for
   * each attachment). Traffic is counted from every hop's traces; energy only
   * from hops that do not meter themselves (`Hop.selfMetered`).
   */
  addHop(hop: Hop): void {
    this.hopList.push(hop);
    if (!hop.selfMetered) this.ledger.watch(hop);
    this.traffic.watch(hop);
    this.timeUse.watch(hop);
  }

  /**
   * Join two nodes with a point-to-point link; `reverse` defaults to the same
   * configuration. Full duplex unless either configuration says `duplex:
   * 'half'`: then both directions share one wire (HalfDuplexWire), at every
   * fidelity. Returns [a→b, b→a].
   */
  connect(a: NetNode, b: NetNode, config: LinkConfig, reverse: LinkConfig = config): [Port, Port] {
    const lossy = (c: LinkConfig, name: string) => (c.arq.packetErrorRate > 0 ? this.stream(`port/${name}`) : null);
    const ab = new Port(this.env, a, b, config, lossy(config, `${a.name}→${b.name}`));
    const ba = new Port(this.env, b, a, reverse, lossy(reverse, `${b.name}→${a.name}`));
    if (config.duplex === 'half' || reverse.duplex === 'half') {
      const wire = new HalfDuplexWire();
      ab.shareWire(wire);
      ba.shareWire(wire);
    }
    this.addHop(ab);
    this.addHop(ba);
    return [ab, ba];
  }

  /** The hops a message from `src` to `dst` crosses, following static routes. */
  path(src: string, dst: string): Hop[] {
    const hops: Hop[] = [];
    let at = this.node(src);
    this.node(dst); // fail early on an unknown destination
    while (at.name !== dst) {
      const hop = at.hopTo(dst);
      hops.push(hop);
      if (hops.length > this.hopList.length) throw new Error(netErrors.routingLoop(src, dst));
      at = hop.to;
    }
    return hops;
  }

  /**
   * Send `payloadBytes` from `src` to `dst`, framed by the first hop; the complete
   * message lands in the destination's inbox. Returns the message.
   */
  send<B>(src: string, dst: string, payloadBytes: Bytes, label: string, body: B): Message<B> {
    const path = this.path(src, dst);
    if (path.length === 0) throw new Error(netErrors.sendToSelf(src));
    const first = path[0] as Hop;
    const train = packetize(first.framing, payloadBytes);
    const ack = this.ackOf(first, path, dst, src);
    const message: Message<B> = {
      id: this.nextMessageId++,
      src,
      dst,
      label,
      payloadBytes,
      train,
      body,
      sentAtS: this.env.now,
      ack: ack?.config,
    };
    const dstNode = this.node(dst);
    const srcNode = this.node(src);
    this.timeUse.sent(src, message.id);
    const acks = ack === null ? undefined : { path: ack.path, confirm: () => srcNode.confirm(message) };
    this.getTransport().start(message, path, () => dstNode.deliver(message), acks);
    return message;
  }

  /**
   * The ACKs of a message whose first hop is `first` (its `ack`, when `every`
   * > 0), and the hops they take from `dst` back to `src`: only over
   * point-to-point links both ways (a shared medium acknowledges in its MAC),
   * and none where `dst` has no route back (a one-way topology).
   */
  private ackOf(first: Hop, path: readonly Hop[], dst: string, src: string): { config: AckConfig; path: Hop[] } | null {
    if (!(first instanceof Port)) return null;
    const config = first.config.ack;
    if (config === undefined || config.every <= 0) return null;
    let back: Hop[];
    try {
      back = this.path(dst, src);
    } catch {
      return null;
    }
    if (!path.every((h) => h instanceof Port) || !back.every((h) => h instanceof Port)) return null;
    return { config, path: back };
  }

  /** Call `callback` once when message `id` has fully arrived at its destination. */
  onDelivery(id: number, callback: () => void): void {
    this.deliveryWatchers.set(id, callback);
  }

  private chooseFidelity(): Fidelity {
    const wanted = this.options.fidelity ?? 'auto';
    if (wanted !== 'auto') return wanted;
    return this.hopList.every((h) => h.fifo && h.serveTrain !== undefined) ? 'message' : 'packet';
  }

  private getTransport(): Transport {
    if (this.transport !== undefined) return this.transport;
    const fidelity = this.chooseFidelity();
    this.resolvedFidelity = fidelity;
    if (fidelity === 'packet') this.transport = new PacketTransport();
    else if (fidelity === 'message') this.transport = new MessageTransport(this.env);
    else this.transport = this.options.flowTransport?.(this.env, this) ?? new FlowTransport(this.env, this, { pipeline: this.options.flowPipeline ?? 'packet' });
    return this.transport;
  }
}
