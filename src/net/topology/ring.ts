import type { Environment } from '../../sim/index.js';
import type { Port } from '../link/port.js';
import { Network, type NetworkOptions } from '../network.js';
import type { NetNode } from '../node.js';
import type { LinkConfig } from '../presets/types.js';
import type { Attachment } from './star.js';
import { pointToPoint, topologyErrors } from './switch.js';
import type { RoutePattern } from './route-pattern.js';

/** Workers in a ring, neighbours joined by full-duplex point-to-point links. */
export interface RingSpec {
  /**
   * One attachment per worker, in ring order. Worker i's attachment gives its
   * power profile and the configuration of both links it transmits on: to its
   * successor (i+1 mod P) and to its predecessor (i−1 mod P). So the link
   * between i and i+1 runs at worker i's configuration clockwise and at worker
   * i+1's counter-clockwise.
   */
  readonly workers: readonly Attachment[];
}

/** The built ring: the network, its workers in ring order, and the ports. */
export interface Ring {
  readonly network: Network;
  /** Workers "worker/0" … "worker/P−1", in ring order. */
  readonly workers: readonly NetNode[];
  /** `clockwise[i]`: worker i → worker i+1 (mod P); empty when P = 1. */
  readonly clockwise: readonly Port[];
  /** `counterClockwise[i]`: worker i → worker i−1 (mod P); empty when P = 1. */
  readonly counterClockwise: readonly Port[];
}

/**
 * Build the ring (point-to-point attachments only). P = 1 has no links;
 * P = 2 has one full-duplex link (both neighbours are the same node, and
 * `clockwise` = `counterClockwise` = [0→1, 1→0]); P ≥ 3 has P links.
 *
 * Routes (static, shortest path): worker i reaches worker j over d = (j − i)
 * mod P clockwise hops when d ≤ P/2, else over P − d counter-clockwise hops
 * (ties, at d = P/2 for even P, go clockwise): each worker's default route
 * ('*') is its clockwise port, and the destinations more than half-way round
 * get their own route over the counter-clockwise port. Every intermediate
 * worker forwards store-and-forward like a switch.
 */
export function buildRing(env: Environment, spec: RingSpec, options: NetworkOptions = {}): Ring {
  const P = spec.workers.length;
  if (P === 0) throw new Error(topologyErrors.noWorkers('ring'));
  const network = new Network(env, options);
  const workers = spec.workers.map((a, i) => network.addNode(`worker/${i}`, 'worker', a.power));
  const links = spec.workers.map((a, i) => pointToPoint('ring', `worker/${i}`, a));
  const clockwise: Port[] = [];
  const counterClockwise: Port[] = [];
  if (P === 2) {
    const [a, b] = workers as [NetNode, NetNode];
    const [ab, ba] = network.connect(a, b, links[0] as LinkConfig, links[1] as LinkConfig);
    clockwise.push(ab, ba);
    counterClockwise.push(ab, ba);
  } else if (P > 2) {
    const back: Port[] = [];
    for (let i = 0; i < P; i++) {
      const next = (i + 1) % P;
      const [fwd, rev] = network.connect(workers[i] as NetNode, workers[next] as NetNode, links[i] as LinkConfig, links[next] as LinkConfig);
      clockwise.push(fwd);
      back[next] = rev;
    }
    counterClockwise.push(...back);
  }
  for (let i = 0; i < P && P > 1; i++) {
    const node = workers[i] as NetNode;
    node.setRoute('*', clockwise[i] as Port);
    // Only the destinations more than half-way round need their own route.
    for (let d = Math.floor(P / 2) + 1; d < P; d++) {
      node.setRoute((workers[(i + d) % P] as NetNode).name, counterClockwise[i] as Port);
    }
  }
  return { network, workers, clockwise, counterClockwise };
}

/**
 * Hops of the longest route of a pattern on a ring of P workers (the routes
 * above): a neighbour is one hop away; the farthest peer ⌊P/2⌋ (the shorter
 * way round); a ring has no server (0).
 */
export function ringHops(pattern: RoutePattern, P: number): number {
  if (pattern === 'server' || P < 2) return 0;
  return pattern === 'neighbour' ? 1 : Math.floor(P / 2);
}
