import type { Environment } from '../sim/index.js';
import type { buildNetwork } from './build-network.js';
import type { LinkRow, NodeRow, TimeRow } from './results.js';

/** A scheme's rows of links.csv, nodes.csv and time.csv, read off its network at the end of its run. */
export function schemeTables(scheme: string, env: Environment, network: ReturnType<typeof buildNetwork>['network']): { links: LinkRow[]; nodes: NodeRow[]; time: TimeRow[] } {
  return {
    links: [...network.traffic.byHop].map(([link, c]) => ({
      scheme,
      link,
      wire_bytes: c.wireBytes,
      packets: c.packets,
      busy_s: c.busyS,
      utilization: env.now > 0 ? c.busyS / env.now : 0,
      retransmissions: c.retransmissions,
      drops: c.drops,
    })),
    nodes: network.ledger.nodes().flatMap(({ name, role }) => network.ledger.breakdown(name, env.now).map((b) => ({ scheme, node: name, role, state: b.state, seconds: b.seconds, joules: b.joules }))),
    time: network.ledger.nodes().flatMap(({ name, role }) => Object.entries(network.timeUse.breakdown(name, env.now)).map(([state, seconds]) => ({ scheme, node: name, role, state, seconds }))),
  };
}
