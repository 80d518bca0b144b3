/**
 * Per-node and per-link datasets: energy (nodes.csv) and time (time.csv) per
 * node and state, link utilization (links.csv), one iteration's timeline
 * (trace.ndjson).
 */
import type { LinkRow, NodeRow, TimeRow } from '../src/results/index.js';
import { formatSi } from './format.js';
import { pick, schemeColumns, timeUnit, type Row } from './rows.js';
import type { IterationTimeline } from './trace.js';

const collator = new Intl.Collator('en', { numeric: true });

/** Rank of a node in charts: workers (by number), other nodes, then the server. */
function nodeRank(node: string, role: string | undefined): number {
  const r = role ?? (node.startsWith('worker') ? 'worker' : node === 'server' ? 'server' : 'other');
  return r === 'worker' ? 0 : r === 'server' ? 2 : 1;
}

/** node → position (0 = top) for the per-node charts. */
function nodeOrder(nodes: Iterable<{ node: string; role?: string | undefined }>): Map<string, number> {
  const roles = new Map<string, string | undefined>();
  for (const n of nodes) if (!roles.has(n.node)) roles.set(n.node, n.role);
  const sorted = [...roles].sort(([a, ra], [b, rb]) => nodeRank(a, ra) - nodeRank(b, rb) || collator.compare(a, b));
  return new Map(sorted.map(([n], i) => [n, i]));
}

/** Energy states as shown, in stacking order; others keep their name and go last. */
const STATES: Record<string, string> = {
  compute: 'compute',
  tx: 'transmit',
  rx: 'receive',
  listen: 'listen',
  promotion: 'promotion',
  tail: 'tail',
  idle: 'idle',
  sleep: 'sleep',
};
const STATE_KEYS = Object.keys(STATES);
/** Time states (time.csv), in stacking order. */
const TIME_STATE_KEYS = ['overlap', 'compute', 'transmit', 'receive', 'waiting', 'idle'];

/**
 * Rows of a per-node, per-state file for a stacked chart: the scheme columns,
 * the node and its position (workers, other nodes, the server), the state as
 * shown and its stacking position (`stateKeys` order; others last, by name).
 */
function perNodeStateRows<R extends { scheme: string; node: string; role: string; state: string }>(
  rows: readonly R[],
  display: Map<string, string>,
  stateKeys: readonly string[],
  shown: (state: string) => string,
  extra: (r: R) => Row,
): Row[] {
  const schemeCols = schemeColumns(display);
  const order = nodeOrder(rows);
  return rows.map((n) => {
    const k = stateKeys.indexOf(n.state);
    return {
      ...schemeCols(n.scheme),
      node: n.node,
      role: n.role,
      node_order: order.get(n.node) ?? 0,
      state: shown(n.state),
      state_order: k < 0 ? stateKeys.length : k,
      ...extra(n),
    };
  });
}

/** The `nodes` dataset: seconds and joules per scheme, node and energy state; switches left out (their ports work in parallel), and unmetered gateways. */
export function nodeRows(nodes: readonly NodeRow[], display: Map<string, string>): Row[] {
  // gateways are relays whose energy is not metered: left out when they charged nothing
  const joules = new Map<string, number>();
  for (const n of nodes) joules.set(`${n.scheme}\u0000${n.node}`, (joules.get(`${n.scheme}\u0000${n.node}`) ?? 0) + n.joules);
  const kept = nodes.filter((n) => n.role !== 'switch' && !(n.role === 'gateway' && joules.get(`${n.scheme}\u0000${n.node}`) === 0));
  return perNodeStateRows(
    kept,
    display,
    STATE_KEYS,
    (s) => STATES[s] ?? s,
    (n) => ({ seconds: n.seconds, joules: n.joules }),
  );
}

/**
 * The `time` dataset: seconds per scheme, node and time state (each instant
 * in one state, so a node's bar is the run time); switches left out.
 */
export function timeRows(time: readonly TimeRow[], display: Map<string, string>): Row[] {
  const kept = time.filter((n) => n.role !== 'switch');
  return perNodeStateRows(
    kept,
    display,
    TIME_STATE_KEYS,
    (s) => s,
    (n) => ({ seconds: n.seconds }),
  );
}

/** The `links` dataset: one row per scheme and link direction, in links.csv order. */
export function linkRows(links: readonly LinkRow[], display: Map<string, string>): Row[] {
  const schemeCols = schemeColumns(display);
  const order = new Map<string, number>();
  for (const l of links) if (!order.has(l.link)) order.set(l.link, order.size);
  return links.map((l) => ({
    ...schemeCols(l.scheme),
    link: l.link,
    link_order: order.get(l.link) ?? 0,
    ...pick(l, ['utilization', 'wire_bytes', 'packets', 'busy_s', 'retransmissions', 'drops']),
  }));
}

/** The unit the timeline's axis counts in: s, ms or µs, from its longest time. */
export function timelineUnit(timeline: IterationTimeline | undefined): { unit: string; perSecond: number } {
  return timeUnit(Math.max(0, ...(timeline?.bars.map((b) => b.end_s) ?? [])));
}

/** The `timeline` dataset: the bars of one iteration (`start`, `end` in {@link timelineUnit}'s unit). */
export function timelineRows(timeline: IterationTimeline | undefined, nodes: readonly NodeRow[], display: Map<string, string>): Row[] {
  const schemeCols = schemeColumns(display);
  if (!timeline) return [];
  const unit = timelineUnit(timeline);
  const roles = new Map(nodes.map((n) => [n.node, n.role]));
  const order = nodeOrder(timeline.bars.map((b) => ({ node: b.node, role: roles.get(b.node) })));
  return timeline.bars.map((b) => ({
    ...schemeCols(b.scheme),
    node: b.node,
    node_order: order.get(b.node) ?? 0,
    ...pick(b, ['activity', 'start_s', 'end_s']),
    start: b.start_s * unit.perSecond,
    end: b.end_s * unit.perSecond,
    duration: formatSi(b.end_s - b.start_s, 's'),
    ...pick(b, ['link', 'message', 'wire_bytes', 'packets']),
  }));
}
