import { Environment, RandomStreams } from '../../sim/index.js';
import type { HopEvent } from '../hop.js';
import { attachShared } from '../media/attach.js';
import { attachIeee802154 } from '../media/ieee802154.js';
import { Network } from '../network.js';
import type { NetNode } from '../node.js';
import { UNMETERED } from '../power.js';
import type { LinkPreset } from '../presets/index.js';
import type { FlowPipeline } from '../transport/flow.js';
import type { Fidelity } from '../transport/transport.js';
import { type Bytes, bytesToBits, type Seconds } from '../units.js';
import { netErrors } from '../messages.js';

/** One message of a traffic matrix: `bytes` of payload from `src` to `dst`, handed to the network at `startS`. */
export interface TrafficFlow {
  readonly src: string;
  readonly dst: string;
  readonly bytes: Bytes;
  readonly startS: Seconds;
}

/**
 * A what-if transfer: P senders, each on its own link (or all on a shared
 * medium), send to one receiver — the same number of bytes each, one size per
 * sender, or an arbitrary traffic matrix between the nodes.
 */
export interface TransferSpec {
  readonly link: LinkPreset;
  /** Payload bytes of each sender's message at t = 0: one number for all, or one per sender. Ignored with `traffic`. */
  readonly bytes: number | readonly number[];
  readonly senders: number;
  /**
   * Messages between the nodes "receiver" and "sender/0" … "sender/P−1", each at
   * its own start time (s), in place of one message per sender. Absent: sender i
   * sends `bytes[i]` (or `bytes`) to the receiver at t = 0.
   */
  readonly traffic?: readonly TrafficFlow[];
  /** A shared link from the senders' switch to the receiver (point-to-point presets only). */
  readonly bottleneck?: LinkPreset;
  readonly fidelity: Fidelity | 'auto';
  /** Flow fidelity: 'packet' (default: store-and-forward tail of one packet per extra hop) or 'fluid' (none, as SimGrid's CM02). */
  readonly flowPipeline?: FlowPipeline;
  readonly seed: number;
}

/**
 * How a sender learns that its message is through:
 * - `mac-ack`: the last frame's acknowledgement reached it (IEEE 802.15.4 Imm-Ack,
 *   modelled frame by frame; on a relayed path the ACK of its own hop — the MAC
 *   has no end-to-end acknowledgement);
 * - `ack`: the transport's ACKs (the link's `ack`, TCP-like) travel back over
 *   the reverse path as frames of their own; the ACK of the last packet
 *   reached it;
 * - `not-modelled`: the link acknowledges (ARQ with loss, TCP with `ack.every`
 *   0) but its ACKs are not simulated, so only the time the last bit left the
 *   sender is known;
 * - `none`: nothing acknowledges (UDP over a lossless link, LTE as modelled).
 */
export type Confirmation = 'mac-ack' | 'ack' | 'not-modelled' | 'none';

/** What one run of the transfer measured. */
export interface TransferRun {
  /** The messages, in order: one per sender (sender order) or the traffic matrix's rows. */
  readonly flows: readonly TrafficFlow[];
  /** Time each message was fully delivered at its destination (s; NaN: lost), in flow order. */
  readonly completionS: readonly Seconds[];
  /** Time the last bit of each message left its sender onto the first hop (s; NaN: never), retransmissions included. */
  readonly sentS: readonly Seconds[];
  /** Time each sender knew its message was through: its last acknowledgement arrived (s; NaN: not known, see `confirmation`). */
  readonly confirmedS: readonly Seconds[];
  readonly confirmation: Confirmation;
  /** Time the last byte arrived (s). */
  readonly lastByteS: Seconds;
  readonly fidelity: Fidelity;
  /** Packets and wire bits sent by each node (including retransmissions and relays). */
  readonly packets: number;
  readonly wireBits: number;
  readonly retransmissions: number;
  readonly drops: number;
  /** Energy per metered node until every radio is idle again (J), e.g. including an LTE tail. */
  readonly energyJ: Readonly<Record<string, number>>;
  /** Medium-specific counters (collisions, channel-access failures, …), when the link is a shared medium. */
  readonly medium: Readonly<Record<string, number>>;
}

/** The node names of a transfer with `senders` senders: "receiver", then "sender/0" … "sender/P−1". */
export function transferNodes(senders: number): string[] {
  return ['receiver', ...Array.from({ length: senders }, (_, i) => `sender/${i}`)];
}

/** The messages a spec sends: its traffic matrix, or one per sender to the receiver at t = 0. */
export function transferFlows(spec: TransferSpec): TrafficFlow[] {
  if (spec.traffic !== undefined) return [...spec.traffic];
  const sizes = typeof spec.bytes === 'number' ? Array.from({ length: spec.senders }, () => spec.bytes as number) : [...spec.bytes];
  if (sizes.length !== spec.senders) throw new Error(netErrors.transferSizes(sizes.length, spec.senders));
  return sizes.map((bytes, i) => ({ src: `sender/${i}`, dst: 'receiver', bytes, startS: 0 }));
}

function confirmationOf(link: LinkPreset): Confirmation {
  if (link.family === 'ieee802154') return 'mac-ack';
  if (link.medium === 'point-to-point' && link.ack !== undefined && link.ack.every > 0) return 'ack';
  const tcp = link.framing.headers.some((h) => /\bTCP\b/.test(h.layer));
  return link.arq.packetErrorRate > 0 || tcp ? 'not-modelled' : 'none';
}

/** A fidelity the links cannot run at (message and flow need lossless FIFO links): bad input, not a fault. */
export class FidelityError extends Error {
  constructor(fidelity: string, hop: string) {
    super(netErrors.fidelityUnsupported(fidelity, hop));
    this.name = 'FidelityError';
  }
}

/** Throw a {@link FidelityError} when `fidelity` is message or flow and a hop of `network` is not a lossless FIFO. */
export function checkFidelity(network: Network, fidelity: Fidelity | 'auto'): void {
  if (fidelity !== 'message' && fidelity !== 'flow') return;
  const hop = network.hops.find((h) => !h.fifo || h.serveTrain === undefined);
  if (hop !== undefined) throw new FidelityError(fidelity, hop.name);
}

/** Build the topology, send, and run one seeded repetition. */
export function runTransfer(spec: TransferSpec, run: number): TransferRun {
  const flows = transferFlows(spec);
  const env = new Environment();
  const network = new Network(env, { fidelity: spec.fidelity, streams: new RandomStreams(spec.seed, run), ...(spec.flowPipeline ? { flowPipeline: spec.flowPipeline } : {}) });
  // An LTE receiver is the eNodeB, whose energy is not modelled; an 802.15.4 coordinator is a radio like the others.
  const receiverPower = spec.bottleneck?.power ?? (spec.link.family === 'lte' ? UNMETERED : spec.link.power);
  const receiver = network.addNode('receiver', spec.link.family === 'lte' ? 'gateway' : 'server', receiverPower);
  const senders: NetNode[] = Array.from({ length: spec.senders }, (_, i) => network.addNode(`sender/${i}`, 'worker', spec.link.power));
  const flowOf = new Map<number, number>(); // message id → flow index
  const confirmedS: Seconds[] = flows.map(() => NaN);
  let mediumStats: () => Record<string, number> = () => ({});
  if (spec.link.medium === 'shared') {
    if (spec.bottleneck !== undefined) throw new Error(netErrors.bottleneckOnSharedMedium(spec.link.name));
    if (spec.link.family === 'ieee802154') {
      // attached here rather than through attachShared, to read the MAC's frame outcomes (the ACK times)
      const medium = attachIeee802154(network, receiver, senders, spec.link);
      mediumStats = () => medium.counters();
      const acked = new Map<number, number>();
      medium.trace.frame.push((o) => {
        const f = flowOf.get(o.message.id);
        if (f === undefined || o.status !== 'acked' || o.from !== flows[f]!.src) return;
        const n = (acked.get(o.message.id) ?? 0) + 1;
        acked.set(o.message.id, n);
        if (n === o.message.train.wireBytes.length) confirmedS[f] = o.doneS;
      });
    } else {
      mediumStats = attachShared(network, receiver, senders, spec.link);
    }
  } else if (spec.bottleneck !== undefined) {
    const sw = network.addNode('switch', 'switch', UNMETERED);
    const [toReceiver, back] = network.connect(sw, receiver, spec.bottleneck);
    sw.setRoute('receiver', toReceiver);
    receiver.setRoute('*', back);
    for (const s of senders) {
      const [up, down] = network.connect(s, sw, spec.link);
      s.setRoute('*', up);
      sw.setRoute(s.name, down);
    }
  } else {
    for (const s of senders) {
      const [up, down] = network.connect(s, receiver, spec.link);
      s.setRoute('*', up);
      receiver.setRoute(s.name, down);
    }
  }
  checkFidelity(network, spec.fidelity);
  const completion: Seconds[] = flows.map(() => NaN);
  const sentS: Seconds[] = flows.map(() => NaN);
  // the time the last bit of a message left its first hop: the last `tx` event of that message there
  const firstHop = flows.map((f) => network.path(f.src, f.dst)[0]);
  const onTx = (e: HopEvent) => {
    const f = flowOf.get(e.message.id);
    if (f !== undefined && e.hop === firstHop[f]) sentS[f] = Number.isNaN(sentS[f]!) ? env.now : Math.max(sentS[f]!, env.now);
  };
  for (const hop of new Set(firstHop)) if (hop !== undefined) hop.trace.tx.push(onTx);
  for (const node of network.allNodes) {
    node.trace.delivered.push((d) => {
      const f = flowOf.get(d.message.id);
      if (f !== undefined && d.message.dst === node.name) completion[f] = env.now;
    });
    node.trace.confirmed.push((c) => {
      const f = flowOf.get(c.message.id);
      if (f !== undefined) confirmedS[f] = c.confirmedAtS;
    });
  }
  const send = (f: number) => {
    const flow = flows[f]!;
    const m = network.send(flow.src, flow.dst, flow.bytes, `transfer/${f}`, f);
    flowOf.set(m.id, f);
  };
  flows.forEach((flow, f) => {
    if (flow.startS <= 0) send(f);
    else env.timeout(flow.startS).addCallback(() => send(f));
  });
  env.run();
  const lost = completion.filter((t) => Number.isNaN(t)).length;
  const lastByteS = lost > 0 ? NaN : Math.max(...completion);
  let packets = 0,
    wireBytes = 0,
    retransmissions = 0,
    drops = 0;
  for (const c of network.traffic.byNode.values()) {
    packets += c.packets;
    wireBytes += c.wireBytes;
    retransmissions += c.retransmissions;
    drops += c.drops;
  }
  // Energy until the simulation is quiet: includes what the transfer leaves behind (LTE tail, final ACKs).
  const energyJ: Record<string, number> = {};
  for (const node of network.allNodes) if (node.role !== 'switch' && node.role !== 'gateway') energyJ[node.name] = network.ledger.nodeJ(node.name, env.now);
  return {
    flows,
    completionS: completion,
    sentS,
    confirmedS,
    confirmation: confirmationOf(spec.link),
    lastByteS,
    fidelity: network.fidelity,
    packets,
    wireBits: bytesToBits(wireBytes),
    retransmissions,
    drops,
    energyJ,
    medium: mediumStats(),
  };
}

/** Mean, standard deviation (sample), min and max. */
export interface Stats {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

/** Summary statistics of a sample (NaN entries — lost messages — are excluded; n counts the rest). */
export function stats(values: readonly number[]): Stats & { readonly n: number } {
  const v = values.filter((x) => !Number.isNaN(x));
  const n = v.length;
  if (n === 0) return { n, mean: NaN, std: NaN, min: NaN, max: NaN };
  const mean = v.reduce((s, x) => s + x, 0) / n;
  const std = n > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, mean, std, min: Math.min(...v), max: Math.max(...v) };
}
