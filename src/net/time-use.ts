import type { Hop, HopEvent } from './hop.js';
import type { Seconds } from './units.js';
import { netErrors } from './messages.js';

/**
 * Where a node's time goes, one state at a time, highest first: `overlap`
 * is computing while a message of its own is on the wire or in the network
 * (transmit, receive or waiting at once: communication hidden behind
 * compute, as bucketed backward passes do); a node that only computes is
 * computing; one that sends while it receives
 * (full duplex) is transmitting; `waiting` is time with a message of its own
 * in the network (from send until delivered or dropped: queues, backoff, RRC
 * promotion, propagation, relays) while it does none of the above; `idle` is
 * the rest (waiting on others, or done). The states sum to the elapsed time.
 */
export const TIME_STATES = ['overlap', 'compute', 'transmit', 'receive', 'waiting', 'idle'] as const;
export type TimeState = (typeof TIME_STATES)[number];

/** The busy states, in priority order (idle is the remainder). */
const BUSY = ['compute', 'transmit', 'receive', 'waiting'] as const;
type BusyState = (typeof BUSY)[number];

/** A growable list of numbers in a Float64Array: 8 B each, outside V8's heap limit (a long run keeps millions). */
class Float64List {
  private data = new Float64Array(16);
  length = 0;

  push(x: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(2 * this.data.length);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = x;
  }

  at(i: number): number {
    return this.data[i] as number;
  }

  set(i: number, x: number): void {
    this.data[i] = x;
  }

  /** Bytes allocated (capacity, not length). */
  get bytes(): number {
    return this.data.byteLength;
  }
}

/**
 * Sorted, disjoint intervals; adding merges overlapping and touching ones.
 * Intervals are reported when they end, so they mostly arrive in order and
 * adding touches only the last one; one that does not (a message-fidelity
 * event covering a whole train, whose packets other trains' fall between)
 * waits in a side list, merged in one sort when the set is next read — a
 * linear insertion each would be quadratic in the number of intervals.
 * A run keeps every interval to its end (16 B each, in typed arrays: the
 * memory estimate counts them as buffers: `src/scenario/estimate/time-use-memory.ts`).
 */
export class IntervalSet {
  private starts = new Float64List();
  private ends = new Float64List();
  /** Out-of-order intervals not merged yet: start, end, start, end, … (no object per interval). */
  private pending = new Float64List();

  add(start: Seconds, end: Seconds): void {
    if (!(end > start)) return;
    const n = this.starts.length;
    const lastEnd = n > 0 ? this.ends.at(n - 1) : -Infinity;
    // the common cases: after everything, or overlapping only the last interval from its start on
    if (start > lastEnd) {
      this.starts.push(start);
      this.ends.push(end);
      return;
    }
    if (end >= lastEnd && start >= this.starts.at(n - 1)) {
      this.ends.set(n - 1, end);
      return;
    }
    // inside a merged interval already (an ACK frame reported late, within its hop's busy stretch): nothing to keep
    const at = this.lastStartingBy(start);
    if (at >= 0 && end <= this.ends.at(at)) return;
    this.pending.push(start);
    this.pending.push(end);
    // merged once they outnumber the merged ones: memory stays within twice the merged set, at amortized n log n
    if (this.pending.length / 2 > Math.max(64, this.starts.length)) this.merge();
  }

  /** Index of the last merged interval starting at or before `t` (−1: none). */
  private lastStartingBy(t: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts.at(mid) <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Intervals held, merged and pending (what the set's memory grows with). */
  get stored(): number {
    return this.starts.length + this.pending.length / 2;
  }

  get size(): number {
    this.merge();
    return this.starts.length;
  }

  /** Bytes the set holds (allocated capacity of its arrays). */
  get bytes(): number {
    return this.starts.bytes + this.ends.bytes + this.pending.bytes;
  }

  /** The intervals clipped to [0, atS], as [start, end] pairs. */
  *clipped(atS: Seconds): Generator<[Seconds, Seconds]> {
    this.merge();
    for (let i = 0; i < this.starts.length; i++) {
      const s = Math.max(0, this.starts.at(i));
      const e = Math.min(atS, this.ends.at(i));
      if (e > s) yield [s, e];
    }
  }

  /** Merge the pending intervals in: both lists in order of start, overlapping and touching ones joined. */
  private merge(): void {
    if (this.pending.length === 0) return;
    const flat = this.pending;
    this.pending = new Float64List();
    const order = Array.from({ length: flat.length / 2 }, (_, k) => k).sort((a, b) => flat.at(2 * a) - flat.at(2 * b));
    const starts = new Float64List();
    const ends = new Float64List();
    let i = 0;
    let j = 0;
    while (i < this.starts.length || j < order.length) {
      let s: number;
      let e: number;
      const k = order[j] as number;
      if (j >= order.length || (i < this.starts.length && this.starts.at(i) <= flat.at(2 * k))) {
        s = this.starts.at(i);
        e = this.ends.at(i);
        i++;
      } else {
        s = flat.at(2 * k);
        e = flat.at(2 * k + 1);
        j++;
      }
      const last = ends.length - 1;
      if (last >= 0 && s <= ends.at(last)) ends.set(last, Math.max(ends.at(last), e));
      else {
        starts.push(s);
        ends.push(e);
      }
    }
    this.starts = starts;
    this.ends = ends;
  }
}

interface NodeTime {
  readonly busy: Record<BusyState, IntervalSet>;
  /** Own messages in the network now, and since when that count has been above zero. */
  inFlight: number;
  inFlightSinceS: Seconds;
}

/**
 * Per-node time use, fed by hop traces (each event covers [t − seconds, t],
 * or its exact `spans`), compute charges (emitted when the compute ends) and
 * the network's sends and deliveries. Transmit and receive are what the hops
 * trace: data frames (an IEEE 802.15.4 ACK is part of its medium's energy, not
 * of a node's transmit time); at flow fidelity a flow's whole window at its
 * shared rate.
 */
export class TimeUse {
  private readonly nodes = new Map<string, NodeTime>();
  /** Message id → sending node, while it is in the network. */
  private readonly inFlight = new Map<number, string>();
  /**
   * Messages whose wait a drop ended, with when: a drop is final for the
   * sender, but a frame whose data arrived while its ACKs were lost can still
   * complete the message, which then counts as waited for until delivery.
   */
  private readonly dropped = new Map<number, { node: string; atS: Seconds }>();

  constructor(private readonly now: () => Seconds) {}

  /** Start tracking a node. */
  addNode(name: string): void {
    const set = () => new IntervalSet();
    this.nodes.set(name, { busy: { compute: set(), transmit: set(), receive: set(), waiting: set() }, inFlight: 0, inFlightSinceS: 0 });
  }

  /** Subscribe to a hop's traces: its sender transmits, its receiver receives, and a drop ends the message's wait. */
  watch(hop: Hop): void {
    const sent = this.node(hop.from.name).busy.transmit;
    const received = this.node(hop.to.name).busy.receive;
    hop.trace.tx.push((e) => this.busyFromEvent(sent, e, 0));
    hop.trace.rx.push((e) => this.busyFromEvent(received, e, hop.latencyS));
    // ACK frames (reported on arrival) keep both ends of the hop busy too, as a message's packets do
    hop.trace.ack.push((e) => {
      this.busyFromEvent(received, e, hop.latencyS);
      if (e.spans !== undefined) this.busyFromEvent(sent, e, 0);
      else sent.add(this.now() - hop.latencyS - e.seconds, this.now() - hop.latencyS);
    });
    hop.trace.drop.push((e) => {
      const node = this.inFlight.get(e.message.id);
      if (node === undefined) return;
      this.dropped.set(e.message.id, { node, atS: this.now() });
      this.ended(e.message.id);
    });
  }

  /** `seconds` of compute on `node`, ending now. */
  compute(node: string, seconds: Seconds): void {
    const t = this.now();
    this.node(node).busy.compute.add(t - seconds, t);
  }

  /** Message `id` from `node` enters the network now. */
  sent(node: string, id: number): void {
    const n = this.node(node);
    if (n.inFlight++ === 0) n.inFlightSinceS = this.now();
    this.inFlight.set(id, node);
  }

  /** Message `id` has been delivered now. */
  delivered(id: number): void {
    const dropped = this.dropped.get(id);
    if (dropped !== undefined) {
      this.dropped.delete(id);
      this.node(dropped.node).busy.waiting.add(dropped.atS, this.now());
      return;
    }
    this.ended(id);
  }

  /** Message `id` has left the network now (delivered or dropped); later calls for it do nothing. */
  private ended(id: number): void {
    const node = this.inFlight.get(id);
    if (node === undefined) return;
    this.inFlight.delete(id);
    const n = this.node(node);
    if (--n.inFlight === 0) n.busy.waiting.add(n.inFlightSinceS, this.now());
  }

  /** Intervals held across every node and state (pending ones included), and the bytes they take (the memory estimate's check). */
  kept(): { intervals: number; bytes: number } {
    let intervals = 0;
    let bytes = 0;
    for (const n of this.nodes.values()) {
      for (const set of Object.values(n.busy)) {
        intervals += set.stored;
        bytes += set.bytes;
      }
    }
    return { intervals, bytes };
  }

  /**
   * Seconds per state of one node from 0 to `atS`, each instant counted once,
   * in the highest state it is in; they sum to `atS`.
   */
  breakdown(node: string, atS: Seconds): Record<TimeState, Seconds> {
    const n = this.node(node);
    const waiting = n.busy.waiting;
    if (n.inFlight > 0 && atS > n.inFlightSinceS) {
      // the open wait counts up to atS without being closed
      const open = new IntervalSet();
      for (const [s, e] of waiting.clipped(atS)) open.add(s, e);
      open.add(n.inFlightSinceS, atS);
      return sweep({ ...n.busy, waiting: open }, atS);
    }
    return sweep(n.busy, atS);
  }

  private busyFromEvent(set: IntervalSet, e: HopEvent, shiftS: Seconds): void {
    if (e.spans !== undefined) {
      for (let i = 0; i < e.spans.length; i += 2) set.add((e.spans[i] as number) + shiftS, (e.spans[i + 1] as number) + shiftS);
      return;
    }
    const t = this.now();
    set.add(t - e.seconds, t);
  }

  private node(name: string): NodeTime {
    const n = this.nodes.get(name);
    if (n === undefined) throw new Error(netErrors.untrackedNode(name));
    return n;
  }
}

/** One pass over every state's interval boundaries: each stretch goes to the highest state active in it. */
function sweep(busy: Record<BusyState, IntervalSet>, atS: Seconds): Record<TimeState, Seconds> {
  const points: [Seconds, number, 1 | -1][] = [];
  BUSY.forEach((state, rank) => {
    for (const [s, e] of busy[state].clipped(atS)) points.push([s, rank, 1], [e, rank, -1]);
  });
  points.sort((a, b) => a[0] - b[0]);
  const active = BUSY.map(() => 0);
  const out: Record<TimeState, Seconds> = { overlap: 0, compute: 0, transmit: 0, receive: 0, waiting: 0, idle: 0 };
  let last = 0;
  for (const [t, rank, delta] of points) {
    if (t > last) {
      const top = active.findIndex((c) => c > 0);
      // compute is rank 0: any other busy state beside it makes the stretch an overlap
      if (top === 0 && active.some((c, r) => r > 0 && c > 0)) out.overlap += t - last;
      else if (top >= 0) out[BUSY[top] as BusyState] += t - last;
      last = t;
    }
    (active[rank] as number) += delta;
  }
  out.idle = Math.max(0, atS - out.overlap - out.compute - out.transmit - out.receive - out.waiting);
  return out;
}
