import type { Environment } from '../../sim/index.js';
import type { Hop, HopEvent } from '../hop.js';
import { idleTrainTimes } from '../link/fifo-train.js';
import type { Message } from '../message.js';
import type { Network } from '../network.js';
import { type BitsPerSecond, type Bytes, type Seconds, txTimeS } from '../units.js';
import { maxMinRates } from './max-min.js';
import type { AckPath, Transport } from './transport.js';
import { ackFrames } from '../link/acks.js';
import { reframe, relayMode } from '../node.js';
import { netErrors } from '../messages.js';

/**
 * A flow counts as drained when fewer than this many bytes remain (well under
 * one bit): absorbs the rounding of rate × time so flows that end together
 * complete together.
 */
const DRAINED_BYTES: Bytes = 1e-6;

/** One message in flight as a fluid flow. */
interface Flow {
  readonly message: Message;
  readonly path: readonly Hop[];
  /** The path's hops as transport-wide hop ids (first-use order). */
  readonly hopIds: readonly number[];
  readonly deliver: () => void;
  /** Wire bytes still to drain (of `train.totalWireBytes`). */
  remainingBytes: Bytes;
  rateBps: BitsPerSecond;
  /** Projected drain time at the current rate (s); Infinity until the first rate is set. */
  finishS: Seconds;
  /** Per hop: seconds from the drain to the train's last bit leaving the hop (may be < 0 before the bottleneck). */
  readonly hopOffsetS: readonly Seconds[];
  /** Seconds from the drain to the last bit's arrival at the destination (≥ 0). */
  readonly tailS: Seconds;
  /** When it joined the sharing (s); NaN before. */
  joinedS: Seconds;
  /** Its ACKs' way back, when it has ACKs. */
  readonly ack: AckPath | undefined;
}

/** Bytes a flow drains in `dt` seconds at its current rate. */
function drainedBytes(f: Flow, dt: Seconds): Bytes {
  return (f.rateBps * dt) / 8;
}

/** A flow's state at one moment (for tests and diagnostics). */
export interface FlowState {
  readonly messageId: number;
  readonly remainingBytes: Bytes;
  readonly rateBps: BitsPerSecond;
}

/**
 * Flow fidelity: each message is a fluid flow of its train's wire bytes along
 * its path; every hop is a capacity of `bandwidthBps` shared max-min fairly
 * (progressive filling, maxMinRates) by the flows crossing it. Rates are
 * recomputed whenever a flow joins or drains (joins at one instant are
 * coalesced into one recomputation), and one engine event is scheduled at the
 * next drain; superseded events are ignored by a version counter.
 *
 * Timing of one message (sent at t0, V = train.totalWireBytes, b_min = the
 * slowest hop's bandwidth, s_1 = the first hop's setup):
 * - it joins the sharing at t0 + s_1 (setup is a fixed per-message cost at the
 *   first hop's line rate, not shared) and drains at t_drain;
 * - its last byte arrives at t_drain + tail, where
 *     tail = A_idle − (s_1 + 8·V / b_min)
 *   and A_idle is the arrival time of the same train alone on the idle path
 *   (idleTrainTimes: store-and-forward of every packet, all latencies, every
 *   hop's setup). Alone on an idle path the flow drains at t0 + s_1 + 8·V/b_min,
 *   so the arrival is exactly packet fidelity's. The tail is Σ_k L_k plus the
 *   pipeline's store-and-forward delay; for n ≥ 2 packets through K hops of
 *   equal rate b without setup it is
 *     tail = Σ_k L_k + (K − 1) · 8 · max_{j<n} w_j / b  (≥ the last packet's w_n),
 *   because the critical packet is the last full-size one: the short last
 *   packet waits behind it at every later hop.
 * Under sharing the tail is kept as is: contention lengthens the drain only.
 *
 * Traces: when the flow drains, each hop emits one `tx` event for the whole
 * train (packets = train length; wire bytes V plus that hop's setup bytes;
 * seconds = those bytes at the hop's line rate, so energy equals packet
 * fidelity's) at t_drain + max(0, offset_k), where offset_k places it where
 * the idle pipeline would, and one `rx` event (V, 8·V / bandwidth) a latency
 * later; the last hop's `rx` comes with the delivery.
 *
 * A sender's messages on one port are queued FIFO, as its transmit queue
 * does: the next starts when the previous has drained (exact when that port is
 * the message's bottleneck, e.g. a server sending the model to every worker).
 *
 * Needs lossless FIFO hops (as message fidelity does): loss, ARQ, bounded
 * queues and shared media need packet fidelity.
 *
 * Pipeline (`FlowOptions.pipeline`): 'packet' (the default) is the timing
 * above, with its store-and-forward tail. 'fluid' is a fluid max-min model
 * without packets, as SimGrid's CM02 network model with cross-traffic off
 * (bandwidth and latency factors 1, no TCP window bound): a message first
 * pays its path's latency Σ_k L_k (after the first hop's setup) without
 * taking any capacity, then joins the sharing, and arrives when it has
 * drained — alone on an idle path at t0 + s_1 + Σ_k L_k + 8·V / b_min, with
 * no packet's transmission per extra hop. Its traces all come at the drain.
 *
 * A half-duplex link's two directions are one capacity (their ports share a
 * `wire`): flows in both directions share it max-min fairly.
 */
export class FlowTransport implements Transport {
  /** Flows sharing the network now, in the order they joined. */
  private active: Flow[] = [];
  /** Capacity ids by Hop.wire (a port's, shared by a half-duplex link's two directions). */
  private readonly hopIdOf = new Map<object, number>();
  private readonly hopById: Hop[] = [];
  /** When remaining bytes were last brought up to date (s). */
  private lastUpdateS: Seconds = 0;
  /** Incremented at every reschedule; a drain event from an older version is stale. */
  private version = 0;
  private dirty = false;
  private recomputePending = false;
  /** Per first hop (a sender's port): its flows in send order, the head one active. */
  private readonly senderQueues = new Map<Hop, Flow[]>();

  constructor(
    private readonly env: Environment,
    /** The network the flows run on (hops come with each path). */
    readonly network?: Network,
    private readonly options: FlowOptions = {},
  ) {
    this.lastUpdateS = env.now;
  }

  start(message: Message, path: readonly Hop[], deliver: () => void, ack?: AckPath): void {
    if (path.length === 0) throw new Error(netErrors.emptyPath(message.id, message.src));
    for (const hop of path) {
      if (!hop.fifo) throw new Error(netErrors.notFifoForFlow(hop.name));
    }
    const volume = message.train.totalWireBytes;
    const idle = idleTrainTimes(message.train.wireBytes, path);
    const minBps = Math.min(...path.map((h) => h.bandwidthBps));
    const setupS = (path[0] as Hop).setupS();
    const idleDrainS = setupS + txTimeS(volume, minBps);
    const fluid = this.options.pipeline === 'fluid';
    const flow: Flow = {
      message,
      path,
      deliver,
      hopIds: path.map((h) => this.hopId(h)),
      remainingBytes: volume,
      rateBps: 0,
      finishS: Infinity,
      hopOffsetS: fluid ? path.map(() => 0) : idle.lastBitS.map((d) => d - idleDrainS),
      tailS: fluid ? 0 : Math.max(0, idle.arrivalS - idleDrainS),
      joinedS: NaN,
      ack: message.ack !== undefined ? ack : undefined,
    };
    // A sender's transmit queue is FIFO: its messages on one port go one after another, not side by side.
    const queue = this.senderQueues.get(path[0] as Hop);
    if (queue !== undefined && queue.length > 0) {
      queue.push(flow);
      return;
    }
    this.senderQueues.set(path[0] as Hop, [flow]);
    this.begin(flow);
  }

  /** The flow reaches the head of its sender's queue: setup, then it joins the sharing. */
  private begin(flow: Flow): void {
    let setupS = (flow.path[0] as Hop).setupS();
    // fluid: the path's latency is paid before the flow takes any capacity (SimGrid CM02)
    if (this.options.pipeline === 'fluid') for (const hop of flow.path) setupS += hop.latencyS;
    if (setupS > 0) this.env.timeout(setupS).addCallback(() => this.join(flow));
    else this.join(flow);
  }

  /** The flows sharing the network now, with their rates, in join order. */
  flows(): FlowState[] {
    const dt = this.env.now - this.lastUpdateS;
    return this.active.map((f) => ({
      messageId: f.message.id,
      remainingBytes: Math.max(0, f.remainingBytes - drainedBytes(f, dt)),
      rateBps: f.rateBps,
    }));
  }

  private hopId(hop: Hop): number {
    const key = hop.wire;
    let id = this.hopIdOf.get(key);
    if (id === undefined) {
      id = this.hopById.length;
      this.hopIdOf.set(key, id);
      this.hopById.push(hop);
    }
    return id;
  }

  /** A flow enters the sharing; rates are recomputed once for all joins at this instant. */
  private join(flow: Flow): void {
    flow.joinedS = this.env.now;
    this.advance();
    this.active.push(flow);
    this.dirty = true;
    if (this.recomputePending) return;
    this.recomputePending = true;
    this.env.timeout(0).addCallback(() => {
      this.recomputePending = false;
      if (this.dirty) this.update();
    });
  }

  /** Bring every flow's remaining bytes up to now at its current rate. */
  private advance(): void {
    const dt = this.env.now - this.lastUpdateS;
    if (dt > 0) for (const f of this.active) f.remainingBytes -= drainedBytes(f, dt);
    this.lastUpdateS = this.env.now;
  }

  /** Complete drained flows, recompute max-min rates, schedule the next drain. */
  private update(): void {
    this.dirty = false;
    this.advance();
    const now = this.env.now;
    const drained: Flow[] = [];
    const running: Flow[] = [];
    for (const f of this.active) (f.finishS <= now || f.remainingBytes <= DRAINED_BYTES ? drained : running).push(f);
    this.active = running;

    const version = ++this.version;
    if (running.length > 0) {
      const rates = this.rates(running);
      let nextS = Infinity;
      running.forEach((f, i) => {
        f.rateBps = rates[i] as number;
        // finishS = now + delay, the same arithmetic as the engine's schedule, so the earliest flow's finishS equals the event time.
        const delay = txTimeS(f.remainingBytes, f.rateBps);
        f.finishS = now + delay;
        nextS = Math.min(nextS, delay);
      });
      this.env.timeout(nextS).addCallback(() => {
        if (version === this.version) this.update();
      });
    }
    for (const f of drained) {
      this.finish(f);
      const queue = this.senderQueues.get(f.path[0] as Hop) as Flow[];
      queue.shift();
      if (queue.length > 0) this.begin(queue[0] as Flow);
    }
  }

  /** Max-min rates (bit/s) of the given flows over the hops they use, numbered in first-use order among them. */
  private rates(flows: readonly Flow[]): number[] {
    const local = new Map<number, number>();
    const capacities: number[] = [];
    const links = flows.map((f) =>
      f.hopIds.map((id) => {
        let l = local.get(id);
        if (l === undefined) {
          l = capacities.length;
          local.set(id, l);
          capacities.push((this.hopById[id] as Hop).bandwidthBps);
        }
        return l;
      }),
    );
    return maxMinRates(capacities, links);
  }

  /** The flow has drained now: emit each hop's traces where the pipeline puts them, then deliver. */
  private finish(flow: Flow): void {
    const { message, path } = flow;
    const volume = message.train.totalWireBytes;
    const packets = message.train.wireBytes.length;
    const last = path.length - 1;
    path.forEach((hop, k) => {
      const setupBytes = hop.setupBytes;
      const txAt = Math.max(0, flow.hopOffsetS[k] as number);
      // The flow occupied every hop of its path, at its shared rate, from joining until its last bit left
      // the hop: the time a node spent sending or receiving it (`seconds` stays the line-rate time, for energy).
      const spans = [flow.joinedS - (k === 0 ? txTimeS(setupBytes, hop.bandwidthBps) : 0), this.env.now + txAt];
      const tx: HopEvent = {
        hop,
        message,
        packets,
        wireBytes: volume + setupBytes,
        seconds: txTimeS(volume, hop.bandwidthBps) + txTimeS(setupBytes, hop.bandwidthBps),
        spans,
      };
      const rx: HopEvent = { hop, message, packets, wireBytes: volume, seconds: txTimeS(volume, hop.bandwidthBps), spans };
      this.env.timeout(txAt).addCallback(() => {
        for (const hook of hop.trace.tx) hook(tx);
      });
      if (k < last) {
        this.env.timeout(txAt + (this.options.pipeline === 'fluid' ? 0 : hop.latencyS)).addCallback(() => {
          for (const hook of hop.trace.rx) hook(rx);
        });
      } else {
        // tail = offset_K + L_K, computed once so the single-flow arrival is exact.
        this.env.timeout(flow.tailS).addCallback(() => {
          for (const hook of hop.trace.rx) hook(rx);
          flow.deliver();
          if (flow.ack !== undefined) this.acknowledge(flow, flow.ack);
        });
      }
    });
  }

  /**
   * The flow has been delivered now: its ACK frames go back, the last one
   * (the last packet's) crossing the reverse path as it would alone — per hop
   * one frame's transmission and the latency. The ACKs take no capacity from
   * the flows (a simplification: exact when the reverse path carries nothing
   * else and full duplex, its earlier ACKs long gone; message and packet
   * fidelity queue them with the reverse direction's traffic). Each hop
   * reports all the ACK frames in one `ack` event when the last crosses it.
   */
  private acknowledge(flow: Flow, ack: AckPath): void {
    const { every, wireBytes } = flow.message.ack as NonNullable<Message['ack']>;
    const atDst = trainAtDestination(flow.message, flow.path);
    const frames = ackFrames(atDst.train.wireBytes.length, every);
    let atS = 0;
    ack.path.forEach((hop, k) => {
      const one = txTimeS(wireBytes, hop.bandwidthBps);
      atS += one + hop.latencyS;
      // on the wire: the last frame, just before its latency (the earlier ones are not placed)
      const e: HopEvent = {
        hop,
        message: atDst,
        packets: frames,
        wireBytes: frames * wireBytes,
        seconds: frames * one,
        spans: [this.env.now + atS - hop.latencyS - one, this.env.now + atS - hop.latencyS],
      };
      this.env.timeout(atS).addCallback(() => {
        for (const hook of hop.trace.ack) hook(e);
        if (k === ack.path.length - 1) ack.confirm();
      });
    });
  }
}

/** The message as its destination receives it: re-framed wherever a relay cuts it anew (as packet and message fidelity do). */
function trainAtDestination(message: Message, path: readonly Hop[]): Message {
  let m = message;
  for (const hop of path.slice(1)) if (relayMode(m.train.framing, hop.framing) !== 'forward') m = reframe(m, hop.framing);
  return m;
}

/** Factory for `NetworkOptions.flowTransport`: flow fidelity on `network`. */
export function flowTransport(env: Environment, network: Network): Transport {
  return new FlowTransport(env, network);
}

/** How flow fidelity times a message's path: with packets' store-and-forward tail, or as a pure fluid. */
export const FLOW_PIPELINES = ['packet', 'fluid'] as const;
export type FlowPipeline = (typeof FLOW_PIPELINES)[number];

/** Options of flow fidelity. */
export interface FlowOptions {
  /** 'packet' (default): store-and-forward tail per extra hop; 'fluid': latency then max-min drain, no tail (SimGrid CM02). */
  readonly pipeline?: FlowPipeline;
}
