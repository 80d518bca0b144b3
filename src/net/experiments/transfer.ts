import { Environment, RandomStreams, type SimEvent } from '../../sim/index.js';
import { attachShared } from '../media/attach.js';
import { Network } from '../network.js';
import type { NetNode } from '../node.js';
import { UNMETERED } from '../power.js';
import type { LinkPreset } from '../presets/index.js';
import type { Fidelity } from '../transport/transport.js';
import type { Seconds } from '../units.js';

/** A what-if transfer: P senders, each on its own link (or all on a shared medium), send N bytes at t = 0 to one receiver. */
export interface TransferSpec {
  readonly link: LinkPreset;
  readonly bytes: number;
  readonly senders: number;
  /** A shared link from the senders' switch to the receiver (point-to-point presets only). */
  readonly bottleneck?: LinkPreset;
  readonly fidelity: Fidelity | 'auto';
  readonly seed: number;
}

/** What one run of the transfer measured. */
export interface TransferRun {
  /** Time each sender's message was fully delivered (s), in sender order. */
  readonly completionS: readonly Seconds[];
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

/** Build the topology, send, and run one seeded repetition. */
export function runTransfer(spec: TransferSpec, run: number): TransferRun {
  const env = new Environment();
  const network = new Network(env, { fidelity: spec.fidelity, streams: new RandomStreams(spec.seed, run) });
  // An LTE receiver is the eNodeB, whose energy is not modelled; an 802.15.4 coordinator is a radio like the others.
  const receiverPower = spec.bottleneck?.power ?? (spec.link.family === 'lte' ? UNMETERED : spec.link.power);
  const receiver = network.addNode('receiver', spec.link.family === 'lte' ? 'gateway' : 'server', receiverPower);
  const senders: NetNode[] = Array.from({ length: spec.senders }, (_, i) => network.addNode(`sender/${i}`, 'worker', spec.link.power));
  let mediumStats: () => Record<string, number> = () => ({});
  if (spec.link.medium === 'shared') {
    if (spec.bottleneck !== undefined) throw new Error(`a bottleneck link applies to point-to-point presets, not to the shared medium "${spec.link.name}"`);
    mediumStats = attachShared(network, receiver, senders, spec.link);
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
  const completion: Seconds[] = senders.map(() => NaN);
  const messages = senders.map((s, i) => network.send(s.name, 'receiver', spec.bytes, `transfer/${i}`, i));
  env.process(
    (function* (): Generator<SimEvent<any>, void, any> {
      for (let k = 0; k < senders.length; k++) {
        const d = yield receiver.inbox.get();
        completion[d.message.body as number] = env.now;
      }
    })(),
  );
  env.run();
  const lost = completion.filter((t) => Number.isNaN(t)).length;
  const lastByteS = lost > 0 ? NaN : Math.max(...completion);
  let packets = 0, wireBytes = 0, retransmissions = 0, drops = 0;
  for (const c of network.traffic.byNode.values()) {
    packets += c.packets;
    wireBytes += c.wireBytes;
    retransmissions += c.retransmissions;
    drops += c.drops;
  }
  // Energy until the simulation is quiet: includes what the transfer leaves behind (LTE tail, final ACKs).
  const energyJ: Record<string, number> = {};
  for (const node of network.allNodes) if (node.role !== 'switch' && node.role !== 'gateway') energyJ[node.name] = network.ledger.nodeJ(node.name, env.now);
  void messages;
  return { completionS: completion, lastByteS, fidelity: network.fidelity, packets, wireBits: 8 * wireBytes, retransmissions, drops, energyJ, medium: mediumStats() };
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
