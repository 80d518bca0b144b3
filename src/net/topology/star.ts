import type { Environment } from '../../sim/index.js';
import { Network, type NetworkOptions } from '../network.js';
import type { NetNode } from '../node.js';
import { UNMETERED, type PowerProfile } from '../power.js';
import type { LinkConfig } from '../presets/types.js';

/** One end of the star: a link configuration and the power profile of the node's interface. */
export interface Attachment {
  readonly link: LinkConfig;
  readonly power: PowerProfile;
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
 * server, where all workers' packets share the server link's rate. The switch
 * draws no attributed energy.
 */
export function buildStar(env: Environment, spec: StarSpec, options: NetworkOptions = {}): Star {
  const network = new Network(env, options);
  const sw = network.addNode('switch', 'switch', UNMETERED);
  const server = network.addNode('server', 'server', spec.server.power);
  const [serverUp, switchToServer] = network.connect(server, sw, spec.server.link);
  server.setRoute('*', serverUp);
  sw.setRoute('server', switchToServer);
  const workers = spec.workers.map((attachment, i) => {
    const worker = network.addNode(`worker/${i}`, 'worker', attachment.power);
    const [up, down] = network.connect(worker, sw, attachment.link);
    worker.setRoute('*', up);
    sw.setRoute(worker.name, down);
    return worker;
  });
  return { network, server, workers };
}
