import type { Environment } from '../../sim/index.js';
import { Network, type NetworkOptions } from '../network.js';
import type { NetNode } from '../node.js';
import { UNMETERED } from '../power.js';
import type { LinkConfig } from '../presets/types.js';
import type { Attachment } from './star.js';
import type { RoutePattern } from './route-pattern.js';

/**
 * Error messages of the topology builders (tree, ring, switch): each embeds the
 * offending value and says the fix.
 */
export const topologyErrors = {
  noWorkers: (topology: string) => `a ${topology} needs at least one worker; give "workers" one attachment per worker`,
  groupSize: (g: number) => `tree group size (workers per edge) must be an integer ≥ 1, got ${g}`,
  uplinkCount: (given: number, edges: number) => `tree "uplinks" lists ${given} attachments but there are ${edges} edges (⌈workers / groupSize⌉); give one per edge or a single one for all`,
  sharedMedium: (topology: string, node: string, preset: string) =>
    `${topology}: node "${node}" is attached with shared-medium preset "${preset}", but this topology joins nodes by point-to-point links only; use a point-to-point preset (e.g. Ethernet) or the star, which puts shared-medium workers behind a gateway`,
};

/**
 * @internal The point-to-point link configuration of an attachment; throws
 * (naming the node) when the attachment is a shared-medium preset, which
 * these builders cannot wire as a link.
 */
export function pointToPoint(topology: string, node: string, attachment: Attachment): LinkConfig {
  const link = attachment.link as LinkConfig & { readonly medium?: string; readonly name?: string };
  if (link.medium === 'shared') throw new Error(topologyErrors.sharedMedium(topology, node, link.name ?? '?'));
  return link;
}

/** All workers (and optionally a server) on one non-blocking switch. */
export interface SwitchSpec {
  /** Each worker's access link (worker ↔ switch), one per worker (heterogeneous links allowed). */
  readonly workers: readonly Attachment[];
  /** The server's access link (server ↔ switch), if there is a server. */
  readonly server?: Attachment;
}

/** The built switch: the network and its named nodes. */
export interface SwitchTopology {
  readonly network: Network;
  /** The switch, named "switch" (role 'switch', unmetered). */
  readonly switchNode: NetNode;
  /** Workers "worker/0" … "worker/P−1", in spec order. */
  readonly workers: readonly NetNode[];
  /** The server, named "server", when the spec has one. */
  readonly server: NetNode | undefined;
}

/**
 * Build a full-bisection switch (point-to-point attachments only): every node hangs off one store-and-forward,
 * output-queued switch with an unlimited fabric, so the only places traffic
 * can queue are the access links — the sender's uplink and the receiver's
 * downlink. Disjoint pairs exchange at full rate at once; several senders to
 * one node share that node's downlink FIFO.
 *
 * Routes (static): every end node sends everything ('*') up its access link;
 * the switch has one route per end node, down that node's access link. The
 * switch draws no attributed energy.
 */
export function buildSwitch(env: Environment, spec: SwitchSpec, options: NetworkOptions = {}): SwitchTopology {
  if (spec.workers.length === 0) throw new Error(topologyErrors.noWorkers('switch'));
  const network = new Network(env, options);
  const switchNode = network.addNode('switch', 'switch', UNMETERED);
  const attach = (node: NetNode, attachment: Attachment): void => {
    const [up, down] = network.connect(node, switchNode, pointToPoint('switch', node.name, attachment));
    node.setRoute('*', up);
    switchNode.setRoute(node.name, down);
  };
  let server: NetNode | undefined;
  if (spec.server !== undefined) {
    server = network.addNode('server', 'server', spec.server.power);
    attach(server, spec.server);
  }
  const workers = spec.workers.map((attachment, i) => {
    const worker = network.addNode(`worker/${i}`, 'worker', attachment.power);
    attach(worker, attachment);
    return worker;
  });
  return { network, switchNode, workers, server };
}

/** Hops of the longest route of a pattern among P workers on the switch: up the sender's access link, down the receiver's (none with one worker). */
export function switchHops(pattern: RoutePattern, P: number): number {
  return pattern === 'server' || P > 1 ? 2 : 0;
}
