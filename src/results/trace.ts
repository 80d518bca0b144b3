/**
 * trace.ndjson (output.trace): one JSON object a line, in event order. Every
 * event is emitted when it ends, so its interval is [t − seconds, t]. A
 * message label's first all-digit segment is its iteration (`up/7`,
 * `all-gather/7`, `gtopk/7/…`).
 */

/** Fields every trace record has. */
interface TraceBase {
  /** The scheme that ran. */
  scheme: string;
  /** Simulated time at the event's end, s. */
  t: number;
}

/** A packet train on a link (`<from>→<to>`): sent (tx), received (rx), or a transport ACK crossing it back. */
export interface TraceTransfer extends TraceBase {
  event: 'tx' | 'rx' | 'ack';
  link: string;
  /** The message's id and label. */
  message: number;
  label: string;
  packets: number;
  /** Bytes on the wire, B. */
  wire_bytes: number;
  /** Time on the link, s. */
  seconds: number;
  /** Present (true) when the packets are resent after a loss. */
  retransmission?: true;
}

/** Packets lost on a link. */
export interface TraceDrop extends TraceBase {
  event: 'drop';
  link: string;
  message: number;
  label: string;
  packets: number;
  reason: string;
}

/** A node's computation. */
export interface TraceCompute extends TraceBase {
  event: 'compute';
  node: string;
  seconds: number;
  /** Power drawn while computing, W. */
  watts: number;
}

/** A message delivered: in flight on its sender's (`node`) row since its send. */
export interface TraceDeliver extends TraceBase {
  event: 'deliver';
  node: string;
  dst: string;
  message: number;
  label: string;
  seconds: number;
}

/** One line of trace.ndjson. */
export type TraceRecord = TraceTransfer | TraceDrop | TraceCompute | TraceDeliver;
/** The `event` of a trace record. */
export type TraceEvent = TraceRecord['event'];
/** Every field a trace record may have. */
export type TraceField = keyof TraceTransfer | keyof TraceDrop | keyof TraceCompute | keyof TraceDeliver;
