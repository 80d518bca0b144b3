import { columnNames, type Column, type RowOf } from './columns.js';

// Columns several files share, declared once.
const SCHEME = { name: 'scheme', type: 'text', unit: '', meaning: 'The scheme’s name.' } as const satisfies Column;
const NODE = { name: 'node', type: 'text', unit: '', meaning: 'The node (worker/0, server, a switch or gateway).' } as const satisfies Column;
const ROLE = { name: 'role', type: 'text', unit: '', meaning: 'worker, server, switch or gateway.' } as const satisfies Column;

/** links.csv: one row per scheme × link direction that carried traffic. */
export const LINKS_FORMAT = [
  SCHEME,
  { name: 'link', type: 'text', unit: '', meaning: 'The link direction, `<from>→<to>`.' },
  { name: 'wire_bytes', type: 'number', unit: 'B', meaning: 'Bytes the scheme put on this link direction, headers and retransmissions included.' },
  { name: 'packets', type: 'number', unit: '1', meaning: 'Packets on this link direction.' },
  { name: 'busy_s', type: 'number', unit: 's', meaning: 'Seconds the link spent transmitting.' },
  { name: 'utilization', type: 'number', unit: '1', meaning: 'busy_s over the scheme’s run time, 0…1.' },
  { name: 'retransmissions', type: 'number', unit: '1', meaning: 'Packets sent again after a loss.' },
  { name: 'drops', type: 'number', unit: '1', meaning: 'Packets lost on this link direction.' },
] as const satisfies readonly Column[];
/** One row of links.csv. */
export type LinkRow = RowOf<typeof LINKS_FORMAT>;

/** nodes.csv: one row per scheme × node × energy state. */
export const NODES_FORMAT = [
  SCHEME,
  NODE,
  ROLE,
  { name: 'state', type: 'text', unit: '', meaning: 'Energy state: compute, tx, rx, listen, promotion, tail, idle, sleep.' },
  { name: 'seconds', type: 'number', unit: 's', meaning: 'Time the node spent in the state.' },
  { name: 'joules', type: 'number', unit: 'J', meaning: 'Energy the node spent in the state.' },
] as const satisfies readonly Column[];
/** One row of nodes.csv. */
export type NodeRow = RowOf<typeof NODES_FORMAT>;

/**
 * time.csv: one row per scheme × node × time state, each instant counted once
 * in the highest of overlap, compute, transmit, receive, waiting (a message of
 * its own in the network) and idle; a node's rows sum to the scheme's run time.
 */
export const TIME_FORMAT = [
  SCHEME,
  NODE,
  ROLE,
  { name: 'state', type: 'text', unit: '', meaning: 'Time state: overlap, compute, transmit, receive, waiting, idle.' },
  { name: 'seconds', type: 'number', unit: 's', meaning: 'Time the node spent in the state.' },
] as const satisfies readonly Column[];
/** One row of time.csv. */
export type TimeRow = RowOf<typeof TIME_FORMAT>;

/**
 * cat.csv: per CAT scheme, direction and recorded iteration
 * (`output.catCurveIterations`), every T the search evaluated, ascending in T,
 * for the sender whose curve is recorded (worker 0 up, the server down).
 */
export const CAT_FORMAT = [
  SCHEME,
  { name: 'direction', type: 'text', unit: '', meaning: '`uplink` or `downlink`.' },
  { name: 'sender', type: 'text', unit: '', meaning: 'The sending node (worker/0 or server).' },
  { name: 'iteration', type: 'number', unit: '1', meaning: 'The iteration (as in metrics.csv) whose message used the chosen T.' },
  { name: 'searched_at', type: 'number', unit: '1', meaning: 'The iteration whose search evaluated this curve: `iteration`, or earlier when the hybrid (hybridEvery) reused its T.' },
  { name: 'variant', type: 'text', unit: '', meaning: 'sparsification (measure α), sparsification-quantization (β) or stochastic (ω).' },
  { name: 'budget', type: 'number', unit: '1', meaning: 'T, coordinates per message.' },
  { name: 'measure', type: 'number', unit: '1', meaning: 'α(T), β(T) or ω(T) as the search computed it.' },
  { name: 'cost', type: 'number', unit: 'cost_unit', meaning: 'C(T), in `cost_unit`.' },
  { name: 'efficiency', type: 'number', unit: '1/cost_unit', meaning: 'measure / cost, what the search maximised.' },
  { name: 'cost_unit', type: 'text', unit: '', meaning: 'Unit of C: bit, packet, s, J, or 1 for CAT’s affine and packet reference models.' },
  { name: 'chosen', type: 'number', unit: '1', meaning: '1 for the T the search chose, else 0.' },
] as const satisfies readonly Column[];
/** One row of cat.csv. */
export type CatRow = RowOf<typeof CAT_FORMAT>;

/** cat.csv's column names, in order. */
export const CAT_COLUMNS = columnNames(CAT_FORMAT);
