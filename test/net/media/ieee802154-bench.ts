/** A hub and its members on one IEEE 802.15.4 channel, as the medium's tests build it. */

import { Environment, RandomStreams } from '../../../src/sim/index.js';
import { Network } from '../../../src/net/network.js';
import type { NetNode } from '../../../src/net/node.js';
import type { Delivery } from '../../../src/net/message.js';
import type { Ieee802154Preset } from '../../../src/net/presets/ieee802154.js';
import { attachIeee802154, type FrameOutcome, type Ieee802154Medium } from '../../../src/net/media/ieee802154.js';
import { collectInbox } from '../fixtures.js';

export interface Bench {
  readonly env: Environment;
  readonly network: Network;
  readonly hub: NetNode;
  readonly members: readonly NetNode[];
  readonly medium: Ieee802154Medium;
  readonly outcomes: FrameOutcome[];
  /** Data frames the hub received intact, as `sender#attempt`. */
  readonly received: string[];
}

/** A hub and `n` members (named node/i) on one channel; the network seeded with (seed, run). */
export function bench(preset: Ieee802154Preset, n: number, run = 0, seed = 1): Bench {
  const env = new Environment();
  const network = new Network(env, { streams: new RandomStreams(seed, run) });
  const hub = network.addNode('hub', 'server', preset.power);
  const members = Array.from({ length: n }, (_, i) => network.addNode(`node/${i}`, 'worker', preset.power));
  const medium = attachIeee802154(network, hub, members, preset);
  const outcomes: FrameOutcome[] = [];
  medium.trace.frame.push((o) => outcomes.push(o));
  const received: string[] = [];
  for (const hop of medium.hops) hop.trace.rx.push((e) => received.push(`${e.hop.from.name}#${e.retransmission ? 'retry' : 'first'}`));
  return { env, network, hub, members, medium, outcomes, received };
}

/** Send at simulated time `atS`. */
export function sendAt(b: Bench, atS: number, src: string, dst: string, bytes: number): void {
  b.env.timeout(atS).addCallback(() => b.network.send(src, dst, bytes, `${src}@${atS}`, null));
}

/** Run to the end and collect the deliveries into `node`'s inbox. */
export function drain(b: Bench, node: NetNode): Delivery[] {
  const inbox = collectInbox(b.env, node);
  b.env.run();
  return inbox.deliveries;
}
