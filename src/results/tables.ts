import { columnNames, type Column, type RowOf } from './columns.js';
import { numberColumn, textColumn } from './column-kinds.js';

// Columns several files share, declared once.
const SCHEME = textColumn('scheme', 'The scheme’s name.');
const NODE = textColumn('node', 'The node (worker/0, server, a switch or gateway).');
const ROLE = textColumn('role', 'worker, server, switch or gateway.');
/** The leading columns of the per-node tables (nodes.csv, time.csv). */
const PER_NODE = [SCHEME, NODE, ROLE] as const;
const STATE_SECONDS = numberColumn('seconds', 's', 'Time the node spent in the state.');

/** links.csv: one row per scheme × link direction that carried traffic. */
export const LINKS_FORMAT = [
  SCHEME,
  textColumn('link', 'The link direction, `<from>→<to>`.'),
  numberColumn('wire_bytes', 'B', 'Bytes the scheme put on this link direction, headers and retransmissions included.'),
  numberColumn('packets', '1', 'Packets on this link direction.'),
  numberColumn('busy_s', 's', 'Seconds the link spent transmitting.'),
  numberColumn('utilization', '1', 'busy_s over the scheme’s run time, 0…1.'),
  numberColumn('retransmissions', '1', 'Packets sent again after a loss.'),
  numberColumn('drops', '1', 'Packets lost on this link direction.'),
] as const satisfies readonly Column[];
/** One row of links.csv. */
export type LinkRow = RowOf<typeof LINKS_FORMAT>;

/** nodes.csv: one row per scheme × node × energy state. */
export const NODES_FORMAT = [
  ...PER_NODE,
  textColumn('state', 'Energy state: compute, tx, rx, listen, promotion, tail, idle, sleep.'),
  STATE_SECONDS,
  numberColumn('joules', 'J', 'Energy the node spent in the state.'),
] as const satisfies readonly Column[];
/** One row of nodes.csv. */
export type NodeRow = RowOf<typeof NODES_FORMAT>;

/**
 * time.csv: one row per scheme × node × time state, each instant counted once
 * in the highest of overlap, compute, transmit, receive, waiting (a message of
 * its own in the network) and idle; a node's rows sum to the scheme's run time.
 */
export const TIME_FORMAT = [...PER_NODE, textColumn('state', 'Time state: overlap, compute, transmit, receive, waiting, idle.'), STATE_SECONDS] as const satisfies readonly Column[];
/** One row of time.csv. */
export type TimeRow = RowOf<typeof TIME_FORMAT>;

/**
 * cat.csv: per CAT scheme, direction and recorded iteration
 * (`output.catCurveIterations`), every T the search evaluated, ascending in T,
 * for the sender whose curve is recorded (worker 0 up, the server down).
 */
export const CAT_FORMAT = [
  SCHEME,
  textColumn('direction', '`uplink` or `downlink`.'),
  textColumn('sender', 'The sending node (worker/0 or server).'),
  numberColumn('iteration', '1', 'The iteration (as in metrics.csv) whose message used the chosen T.'),
  numberColumn('searched_at', '1', 'The iteration whose search evaluated this curve: `iteration`, or earlier when the hybrid (hybridEvery) reused its T.'),
  textColumn('variant', 'sparsification (measure α), sparsification-quantization (β) or stochastic (ω).'),
  numberColumn('budget', '1', 'T, coordinates per message.'),
  numberColumn('measure', '1', 'α(T), β(T) or ω(T) as the search computed it.'),
  numberColumn('cost', 'cost_unit', 'C(T), in `cost_unit`.'),
  numberColumn('efficiency', '1/cost_unit', 'measure / cost, what the search maximised.'),
  textColumn('cost_unit', 'Unit of C: bit, packet, s, J, or 1 for CAT’s affine and packet reference models.'),
  numberColumn('chosen', '1', '1 for the T the search chose, else 0.'),
] as const satisfies readonly Column[];
/** One row of cat.csv. */
export type CatRow = RowOf<typeof CAT_FORMAT>;

/** cat.csv's column names, in order. */
export const CAT_COLUMNS = columnNames(CAT_FORMAT);
