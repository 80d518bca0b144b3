import type { Environment, RandomStreams } from '../sim/index.js';
import { buildRing, buildStar, buildSwitch, buildTree, type NetNode, type Network } from '../net/index.js';
import type { Scenario } from '../scenario/schema.js';
import { resolvedLinks, type ResolvedLinks } from '../scenario/links.js';

/** The built topology: its network and the nodes the scheme talks to. */
export interface BuiltNetwork {
  readonly network: Network;
  readonly workers: readonly NetNode[];
  readonly server?: NetNode;
}

/**
 * Build the scenario's topology on a fresh environment, with the scenario's
 * fidelity and random streams, on its resolved links (resolved here unless given).
 */
export function buildNetwork(s: Scenario, env: Environment, streams: RandomStreams, links: ResolvedLinks = resolvedLinks(s)): BuiltNetwork {
  const attach = (preset: ResolvedLinks['server']) => ({ link: preset, power: preset.power });
  const workers = links.workers.map(attach);
  const server = attach(links.server);
  const options = { fidelity: s.network.fidelity, flowPipeline: s.network.flow.pipeline, streams };
  switch (s.network.topology) {
    case 'parameter-server-star': {
      const star = buildStar(env, { workers, server }, options);
      return { network: star.network, workers: star.workers, server: star.server };
    }
    case 'switch': {
      const sw = buildSwitch(env, { workers, server }, options);
      return { network: sw.network, workers: sw.workers, ...(sw.server ? { server: sw.server } : {}) };
    }
    case 'ring': {
      const ring = buildRing(env, { workers }, options);
      return { network: ring.network, workers: ring.workers };
    }
    case 'tree': {
      const tree = buildTree(env, { workers, groupSize: s.network.treeGroupSize, uplinks: server, server }, options);
      return { network: tree.network, workers: tree.workers, server: tree.server };
    }
  }
}
