import type { Environment } from '../../sim/index.js';
import { Network, type NetworkOptions } from '../network.js';
import type { NetNode } from '../node.js';
import { UNMETERED, type PowerProfile } from '../power.js';
import { attachShared } from '../media/attach.js';
import { LINK_PRESETS, type LinkPreset } from '../presets/index.js';
import type { LinkConfig } from '../presets/types.js';
import type { RoutePattern } from './route-pattern.js';

/**
 * One end of the star: a link and the power profile of the node's interface.
 * A shared-medium preset (IEEE 802.15.4, LTE) puts the worker on that medium,
 * behind a gateway (border router / eNodeB) wired to the switch.
 */
export interface Attachment {
  readonly link: LinkConfig | LinkPreset;
  readonly power: PowerProfile;
}

/** The gateway's wired backhaul to the switch. */
const BACKHAUL = 'ethernet-1g-udp';

function sharedPreset(link: LinkConfig | LinkPreset): LinkPreset | undefined {
  return 'medium' in link && link.medium === 'shared' ? link : undefined;
}

/** A parameter-server star: every worker and the server hang off one switch. */
export interface StarSpec {
  /** Each worker's access link (worker ↔ switch), one per worker (heterogeneous links allowed). */
  readonly workers: readonly Attachment[];
  /** The server's link (switch ↔ server): the shared FIFO bottleneck; its rate is the server NIC capacity. */
  readonly server: Attachment;
}

/** The built star: the network and its named nodes. */
export interface Star {
  readonly network: Network;
  readonly server: NetNode;
  readonly workers: readonly NetNode[];
}

/**
 * Build the star. Store-and-forward at the switch: a worker→server packet
 * crosses the worker's link, then queues FIFO at the switch's port towards the
 * server, where all workers' packets share the server link's rate. Workers on
 * a shared medium reach the switch through a gateway on a 1 GbE backhaul (the
 * medium's frames cross it as they are; the gateway does not re-frame).
 * Switches and gateways draw no attributed energy.
 */
export function buildStar(env: Environment, spec: StarSpec, options: NetworkOptions = {}): Star {
  const network = new Network(env, options);
  const sw = network.addNode('switch', 'switch', UNMETERED);
  const server = network.addNode('server', 'server', spec.server.power);
  const [serverUp, switchToServer] = network.connect(server, sw, spec.server.link);
  server.setRoute('*', serverUp);
  sw.setRoute('server', switchToServer);
  const workers = spec.workers.map((attachment, i) => network.addNode(`worker/${i}`, 'worker', attachment.power));
  // Workers on the same shared-medium preset share one channel behind one gateway.
  const groups = new Map<string, { preset: LinkPreset; members: NetNode[] }>();
  spec.workers.forEach((attachment, i) => {
    const worker = workers[i] as NetNode;
    const shared = sharedPreset(attachment.link);
    if (shared !== undefined) {
      const group = groups.get(shared.name) ?? { preset: shared, members: [] };
      group.members.push(worker);
      groups.set(shared.name, group);
      return;
    }
    const [up, down] = network.connect(worker, sw, attachment.link);
    worker.setRoute('*', up);
    sw.setRoute(worker.name, down);
  });
  for (const [name, group] of groups) {
    const gateway = network.addNode(`gateway/${name}`, 'gateway', UNMETERED);
    const [up, down] = network.connect(gateway, sw, LINK_PRESETS[BACKHAUL]!);
    gateway.setRoute('*', up);
    for (const m of group.members) sw.setRoute(m.name, down);
    attachShared(network, gateway, group.members, group.preset);
  }
  return { network, server, workers };
}

/** Where a worker attaches: '' to the switch, else the shared medium (preset name) whose gateway it is behind. */
function mediumOf(link: LinkConfig | LinkPreset): string {
  return sharedPreset(link)?.name ?? '';
}

/** Hops between two workers attached as `a` and `b` (mediumOf): via their common gateway, else up to the switch and down, a hop more per gateway. */
function betweenWorkers(a: string, b: string): number {
  if (a !== '' && a === b) return 2;
  return 2 + (a === '' ? 0 : 1) + (b === '' ? 0 : 1);
}

/**
 * Hops of the longest route of a pattern in a star whose workers attach with
 * `workers` (one link per worker, in order; the routes `buildStar` sets): to
 * the server through the switch, 2, or 3 from behind a gateway; between
 * workers as `betweenWorkers` (none with one worker).
 */
export function starHops(pattern: RoutePattern, workers: readonly (LinkConfig | LinkPreset)[]): number {
  const media = workers.map(mediumOf);
  const P = media.length;
  let most = 0;
  // loops, not Math.max(...), which overflows the stack for very many workers
  if (pattern === 'server') {
    for (const m of media) most = Math.max(most, m === '' ? 2 : 3);
    return most;
  }
  if (P < 2) return 0;
  if (pattern === 'neighbour') {
    for (let i = 0; i < P; i++) most = Math.max(most, betweenWorkers(media[i] as string, media[(i + 1) % P] as string));
    return most;
  }
  // any two workers: every pair of distinct media, and two of one medium when it has two
  const counts = new Map<string, number>();
  for (const m of media) counts.set(m, (counts.get(m) ?? 0) + 1);
  for (const [a, n] of counts) for (const b of counts.keys()) if (a !== b || n > 1) most = Math.max(most, betweenWorkers(a, b));
  return most;
}
