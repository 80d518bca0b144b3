import type { Environment } from '../../sim/index.js';
import { Network, type NetworkOptions } from '../network.js';
import type { NetNode } from '../node.js';
import { UNMETERED } from '../power.js';
import type { Attachment } from './star.js';
import { pointToPoint, topologyErrors } from './switch.js';
import type { RoutePattern } from './route-pattern.js';

/** A two-level tree: workers → edge switches (or gateways) → core switch → server. */
export interface TreeSpec {
  /** Each worker's access link (worker ↔ its edge), one per worker (heterogeneous links allowed). */
  readonly workers: readonly Attachment[];
  /** g: workers per edge. Worker i hangs off edge ⌊i / g⌋; the last edge may have fewer. */
  readonly groupSize: number;
  /**
   * Each edge's uplink (edge ↔ core): one attachment for every edge, or one per
   * edge. Its power profile is the edge node's (use `UNMETERED` for plain
   * switches, a radio or modem profile for gateways).
   */
  readonly uplinks: Attachment | readonly Attachment[];
  /** Role of the edge nodes: 'switch' (default) or 'gateway' (e.g. an IoT gateway, which may aggregate). */
  readonly edgeRole?: 'switch' | 'gateway';
  /** The server's link (server ↔ core). */
  readonly server: Attachment;
}

/** The built tree: the network and its named nodes. */
export interface Tree {
  readonly network: Network;
  /** The server, named "server". */
  readonly server: NetNode;
  /** The core switch, named "core" (unmetered). */
  readonly core: NetNode;
  /** Edge nodes "edge/0" … "edge/E−1", E = ⌈P / g⌉. */
  readonly edges: readonly NetNode[];
  /** Workers "worker/0" … "worker/P−1", in spec order. */
  readonly workers: readonly NetNode[];
  /** The workers under each edge: `groups[j]` hangs off `edges[j]`. */
  readonly groups: readonly (readonly NetNode[])[];
}

/**
 * Build the two-level tree (point-to-point attachments only). Every node is store-and-forward with a FIFO queue
 * per outgoing link, so the edge uplinks and the core→server link are the
 * shared bottlenecks.
 *
 * Routes (static, shortest path in the tree): a worker sends everything ('*')
 * to its edge; an edge has one route per worker of its group (down that
 * worker's link) and sends everything else ('*') up to the core; the core has
 * a route to the server and one per worker (down that worker's edge uplink);
 * the server sends everything ('*') to the core. So worker→server crosses 3
 * hops, worker→worker 2 hops within a group and 4 across groups.
 */
export function buildTree(env: Environment, spec: TreeSpec, options: NetworkOptions = {}): Tree {
  const P = spec.workers.length;
  const g = spec.groupSize;
  if (P === 0) throw new Error(topologyErrors.noWorkers('tree'));
  if (!Number.isInteger(g) || g < 1) throw new Error(topologyErrors.groupSize(g));
  const E = Math.ceil(P / g);
  const uplinks = isAttachmentList(spec.uplinks) ? spec.uplinks : Array.from({ length: E }, () => spec.uplinks as Attachment);
  if (uplinks.length !== E) throw new Error(topologyErrors.uplinkCount(uplinks.length, E));

  const network = new Network(env, options);
  const core = network.addNode('core', 'switch', UNMETERED);
  const server = network.addNode('server', 'server', spec.server.power);
  const [serverUp, coreToServer] = network.connect(server, core, pointToPoint('tree', 'server', spec.server));
  server.setRoute('*', serverUp);
  core.setRoute(server.name, coreToServer);

  const edges: NetNode[] = [];
  const groups: NetNode[][] = [];
  const workers: NetNode[] = [];
  for (let j = 0; j < E; j++) {
    const uplink = uplinks[j] as Attachment;
    const edge = network.addNode(`edge/${j}`, spec.edgeRole ?? 'switch', uplink.power);
    const [edgeUp, coreToEdge] = network.connect(edge, core, pointToPoint('tree', edge.name, uplink));
    edge.setRoute('*', edgeUp);
    const group: NetNode[] = [];
    for (let i = j * g; i < Math.min(P, (j + 1) * g); i++) {
      const attachment = spec.workers[i] as Attachment;
      const worker = network.addNode(`worker/${i}`, 'worker', attachment.power);
      const [up, down] = network.connect(worker, edge, pointToPoint('tree', worker.name, attachment));
      worker.setRoute('*', up);
      edge.setRoute(worker.name, down);
      core.setRoute(worker.name, coreToEdge);
      group.push(worker);
      workers.push(worker);
    }
    edges.push(edge);
    groups.push(group);
  }
  return { network, server, core, edges, workers, groups };
}

/**
 * Hops of the longest route of a pattern among P workers in groups of g (the
 * routes above): worker → edge → core → server, 3; between workers, 2 within a
 * group and 4 across groups — and with more than one group some neighbours
 * (the last of a group and the first of the next) are across.
 */
export function treeHops(pattern: RoutePattern, P: number, g: number): number {
  if (pattern === 'server') return 3;
  if (P < 2) return 0;
  return P > g ? 4 : 2;
}

function isAttachmentList(a: Attachment | readonly Attachment[]): a is readonly Attachment[] {
  return Array.isArray(a);
}
