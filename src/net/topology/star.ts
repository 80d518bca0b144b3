import type { Environment } from '../../sim/index.js';
import { type LinkSpec, Network } from '../network.js';
import type { NetNode } from '../node.js';
import type { InterfacePower } from '../presets.js';

/** A parameter-server star: every worker and the server hang off one switch. */
export interface StarSpec {
  readonly workers: number;
  /** Each worker's access link (worker ↔ switch). */
  readonly workerLink: LinkSpec;
  readonly workerPower: InterfacePower;
  /** The server's link (switch ↔ server): the shared FIFO bottleneck of the star. */
  readonly serverLink: LinkSpec;
  readonly serverPower: InterfacePower;
}

/** The built star: the network and its named nodes. */
export interface Star {
  readonly network: Network;
  readonly server: NetNode;
  readonly workers: readonly NetNode[];
}

/** Switches are infrastructure; their energy is not attributed to a role's budget. */
const UNMETERED: InterfacePower = { txW: 0, rxW: 0, idleW: 0, source: 'switch energy not modelled' };

/**
 * Build the star. Store-and-forward at the switch: a worker→server packet
 * crosses the worker's link, then queues FIFO at the switch's port towards the
 * server, where all workers' packets share the server link's rate.
 */
export function buildStar(env: Environment, spec: StarSpec): Star {
  const network = new Network(env);
  const sw = network.addNode('switch', 'switch', UNMETERED);
  const server = network.addNode('server', 'server', spec.serverPower);
  const [serverUp, switchToServer] = network.connect(server, sw, spec.serverLink);
  server.setRoute('*', serverUp);
  sw.setRoute('server', switchToServer);
  const workers: NetNode[] = [];
  for (let i = 0; i < spec.workers; i++) {
    const worker = network.addNode(`worker/${i}`, 'worker', spec.workerPower);
    const [up, down] = network.connect(worker, sw, spec.workerLink);
    worker.setRoute('*', up);
    sw.setRoute(worker.name, down);
    workers.push(worker);
  }
  return { network, server, workers };
}
