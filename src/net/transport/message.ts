import type { Environment } from '../../sim/index.js';
import type { Hop, HopEvent } from '../hop.js';
import type { Message } from '../message.js';
import { reframe, relayMode } from '../node.js';
import { type Seconds, txTimeS } from '../units.js';
import type { AckPath, Transport } from './transport.js';
import { netErrors } from '../messages.js';

/**
 * One FIFO transmit resource: a port's wire, or the one wire both directions
 * of a half-duplex link share. Its state is the plan's, not the port's.
 */
interface Wire {
  /** When the wire is free after every packet of the trains no longer planned (s). */
  committedS: Seconds;
  /** During a plan: when the wire is free after the packets served so far (s). */
  freeS: Seconds;
  /**
   * During a plan: start of the wire's current run — packets of one hop
   * (direction) back to back, no gap since — and that hop (s).
   */
  busySinceS: Seconds;
  runHop: Hop | null;
}

/** A message's packets on one hop of its path — or its ACK frames on one hop of the way back — as planned so far. */
interface Leg {
  readonly hop: Hop;
  /** True for a leg of ACK frames (Message.ack) going back to the source. */
  readonly ack: boolean;
  /**
   * The first ACK leg only: ACK k answers packet min((k+1)·every, n)−1 of the
   * previous (the last data) leg, and is ready one latency after that packet
   * ends there. 0 on every other leg (packet j follows packet j upstream).
   */
  ackEvery: number;
  /**
   * True when another leg of the same train uses this leg's wire (its ACKs on
   * a half-duplex link it crosses): the leg is then served a packet at a
   * time, so the train's own packets take that wire in order of readiness.
   */
  sharesWire: boolean;
  /** The message as this hop frames it (re-framed or relabelled at relays). */
  readonly message: Message;
  readonly wire: Wire;
  readonly latencyS: Seconds;
  /** The hop's per-message setup before packet 0 (s). */
  readonly setupS: Seconds;
  /** The previous and next legs, and whether the relay between this one and the next reassembles the message first (a segmentation boundary). */
  prev: Leg | null;
  next: Leg | null;
  reassembleNext: boolean;
  /** Packets, and the hop's rate (a packet's wire time is txTimeS(wireBytes_j, bandwidth)). */
  readonly n: number;
  readonly wireBytes: ArrayLike<number>;
  readonly bandwidthBps: number;
  /**
   * When the message was sent (the first leg's packets are all ready then);
   * a later leg's packet is ready one latency after it ends on the previous
   * leg (all of them after the last one, past a segmentation boundary).
   */
  sentS: Seconds;
  /**
   * Per packet j, side by side (one cache line for the three, as they are
   * written together): start on the wire at 3j + START, end at 3j + END, and
   * the start of the wire's busy period at 3j + SINCE (s); a view of one
   * buffer per plan. (A packet follows its train's previous one with its hop's
   * packets on the wire throughout when since_j ≤ end_{j−1}.)
   */
  times: Float64Array;
  /** Packets whose ready time is known, and packets served, in this plan; packets fixed by earlier plans. */
  known: number;
  served: number;
  fixed: number;
  /** When the trace events are scheduled for, and their versions (a stale callback does nothing). */
  txAtS: Seconds;
  rxAtS: Seconds;
  txVersion: number;
  rxVersion: number;
}

/** A message's packet train along its path. */
interface Train {
  readonly seq: number;
  readonly legs: readonly Leg[];
  readonly deliver: () => void;
  /** The last leg of the message itself (its delivery), and with ACKs the confirmation at the source. */
  readonly lastData: Leg;
  readonly confirm: (() => void) | null;
  /** During a plan: the leg whose next packet comes first, and that packet's order key (Infinity when none). */
  headLeg: Leg | null;
  headS: Seconds;
  headE: Seconds;
  headSt: Seconds;
}

/**
 * Order of packets ready at a wire at the same instant, as packet fidelity's
 * events fall: the one whose arrival was scheduled first (its upstream
 * transmission ended earlier, or began earlier); a node's own sends before
 * packets it relays; then the order of sending.
 */
function before(t1: number, e1: number, s1: number, q1: number, t2: number, e2: number, s2: number, q2: number): boolean {
  return t1 < t2 || (t1 === t2 && (e1 < e2 || (e1 === e2 && (s1 < s2 || (s1 === s2 && q1 < q2)))));
}

/** The packet of the previous leg whose arrival makes packet j of `leg` ready (`leg.prev` not null). */
function upIndex(leg: Leg, j: number): number {
  const prev = leg.prev as Leg;
  if (prev.reassembleNext) return prev.n - 1;
  if (leg.ackEvery > 0) return Math.min((j + 1) * leg.ackEvery, prev.n) - 1;
  return j;
}

/** Packets of `next` whose ready time is known once `served` packets of its previous leg are served. */
function knownAfter(next: Leg, served: number): number {
  const prev = next.prev as Leg;
  if (prev.reassembleNext) return served === prev.n ? next.n : 0;
  if (next.ackEvery > 0) return served === prev.n ? next.n : Math.floor(served / next.ackEvery);
  return served;
}

/** When packet j is ready at the leg's wire. */
function readyAt(leg: Leg, j: number): Seconds {
  const prev = leg.prev;
  if (prev === null) return leg.sentS;
  return (prev.times[3 * upIndex(leg, j) + END] as number) + prev.latencyS;
}

/** When packet j's arrival at the leg's wire was scheduled: its upstream end and start (−∞ for a node's own packets). */
function upEnd(leg: Leg, j: number): Seconds {
  return leg.prev === null ? -Infinity : (leg.prev.times[3 * upIndex(leg, j) + END] as number);
}
function upStart(leg: Leg, j: number): Seconds {
  return leg.prev === null ? -Infinity : (leg.prev.times[3 * upIndex(leg, j) + START] as number);
}

/**
 * Message fidelity: per message and hop, one `tx` and one `rx` trace event and,
 * at the end, one delivery event, from a plan of every packet's times computed
 * outside the event queue, the way a FIFO port serves them.
 *
 * The plan: packet j of a train starts on hop h's wire at
 * max(ready_j, wire free) (+ the hop's setup before packet 0), ends one
 * transmission later and is ready at the next hop one propagation delay after
 * that (at a segmentation boundary every packet of the re-framed train is
 * ready when the last one has arrived). A wire serves the packets it is given
 * in the order they become ready — packet by packet, so messages that meet at
 * a shared port interleave exactly as packet fidelity's FIFO queue interleaves
 * them (ties in order of sending, as packet fidelity's events fall). Packets
 * of one train that no other train's packet can precede are served in one
 * tight loop, so a train alone on its path costs its closed form.
 *
 * A new message can only queue behind packets already ready, so a plan stays
 * valid up to the moment it is made: when messages are sent at time t (all
 * sends of an instant together), packets ready at or before t keep their
 * times and everything later is planned again with the new trains; trace and
 * delivery events whose times moved are rescheduled. Per-message completions
 * therefore equal packet fidelity's on FIFO paths (to rounding).
 *
 * ACKs (Message.ack): a message's ACK frames are more legs of its train, on
 * the way back: ACK k is ready at the destination's port when the packet it
 * answers has arrived, and from then on they are packets like any other —
 * queued FIFO with the reverse direction's traffic, a half-duplex wire's
 * included (its own data too: such a leg is served a packet at a time). One
 * `ack` event per hop when the last frame has crossed it, and the
 * confirmation with the last hop's; the same times as packet fidelity's.
 */
export class MessageTransport implements Transport {
  private active: Train[] = [];
  private pending: Train[] = [];
  private readonly wireOf = new Map<object, Wire>();
  private seq = 0;
  private planPending = false;

  constructor(private readonly env: Environment) {}

  start(message: Message, path: readonly Hop[], deliver: () => void, ack?: AckPath): void {
    const legs: Leg[] = [];
    let prev: Leg | null = null;
    const link = (leg: Leg) => {
      if (prev !== null) {
        prev.next = leg;
        leg.prev = prev;
      }
      legs.push(leg);
      prev = leg;
    };
    for (const hop of path) {
      if (hop.serveTrain === undefined || !hop.fifo) throw new Error(netErrors.notFifoForMessage(hop.name));
      const before = prev as Leg | null;
      const mode = before === null ? 'forward' : relayMode(before.message.train.framing, hop.framing);
      const m = before === null ? message : mode === 'forward' ? before.message : reframe(before.message, hop.framing);
      if (before !== null) before.reassembleNext = mode === 'reframe';
      link(newLeg(hop, m, this.wire(hop), m.train.wireBytes, false));
    }
    const lastData = prev as unknown as Leg;
    // the ACK frames go back as a train of their own that follows the message's arrivals at its destination
    if (ack !== undefined && message.ack !== undefined) {
      const { every, wireBytes } = message.ack;
      const frames = new Uint32Array(Math.ceil(lastData.n / every)).fill(wireBytes);
      ack.path.forEach((hop, k) => {
        if (hop.serveTrain === undefined || !hop.fifo) throw new Error(netErrors.notFifoForMessage(hop.name));
        const leg = newLeg(hop, lastData.message, this.wire(hop), frames, true);
        if (k === 0) leg.ackEvery = every;
        for (const other of legs) {
          if (other.wire !== leg.wire) continue;
          other.sharesWire = true;
          leg.sharesWire = true;
        }
        link(leg);
      });
    }
    (legs[0] as Leg).sentS = this.env.now;
    this.pending.push({
      seq: this.seq++, legs, deliver, lastData, confirm: ack?.confirm ?? null, headLeg: null, headS: Infinity, headE: Infinity, headSt: Infinity,
    });
    if (this.planPending) return;
    this.planPending = true;
    // every message sent at this instant joins one plan
    this.env.timeout(0).addCallback(() => {
      this.planPending = false;
      this.plan();
    });
  }

  private wire(hop: Hop): Wire {
    let w = this.wireOf.get(hop.wire);
    if (w === undefined) this.wireOf.set(hop.wire, (w = { committedS: -Infinity, freeS: -Infinity, busySinceS: -Infinity, runHop: null }));
    return w;
  }

  /** Plan again from now: keep what was ready by now, add the new trains, serve the rest packet by packet. */
  private plan(): void {
    const now = this.env.now;
    // 1. Fix what was ready by now; retire trains that are entirely fixed.
    const kept: Train[] = [];
    for (const t of this.active) {
      let all = true;
      for (const leg of t.legs) {
        let k = leg.fixed;
        while (k < leg.known && readyAt(leg, k) <= now) k++;
        leg.fixed = k;
        if (k < leg.n) all = false;
      }
      if (all) retire(t);
      else kept.push(t);
    }
    for (const w of this.wireOf.values()) {
      w.freeS = w.committedS;
      w.busySinceS = w.committedS;
      w.runHop = null;
    }
    for (const t of kept) {
      for (const leg of t.legs) {
        const k = leg.fixed;
        if (k > 0 && (leg.times[3 * (k - 1) + END] as number) > leg.wire.freeS) {
          leg.wire.freeS = leg.times[3 * (k - 1) + END] as number;
          leg.wire.busySinceS = leg.times[3 * (k - 1) + SINCE] as number;
          leg.wire.runHop = leg.hop;
        }
      }
    }
    // 2. What each kept train knows: ready times that follow from packets fixed upstream.
    for (const t of kept) {
      (t.legs[0] as Leg).known = (t.legs[0] as Leg).n;
      for (const leg of t.legs) {
        leg.served = leg.fixed;
        const next = leg.next;
        if (next === null) continue;
        next.known = knownAfter(next, leg.fixed);
      }
    }
    // the new trains' per-packet times: views of one buffer (external memory, not copied by the young-generation GC)
    let total = 0;
    for (const t of this.pending) for (const leg of t.legs) total += 3 * leg.n;
    const buffer = new Float64Array(total);
    let at = 0;
    for (const t of this.pending) {
      (t.legs[0] as Leg).known = (t.legs[0] as Leg).n;
      for (const leg of t.legs) {
        leg.times = buffer.subarray(at, (at += 3 * leg.n));
      }
    }
    this.active = kept.length === 0 ? this.pending : kept.concat(this.pending);
    this.pending = [];
    // 3. Serve, in order of readiness; a train runs ahead as far as no other train can get in its way.
    const heap = new TrainHeap();
    for (const t of this.active) {
      findHead(t);
      if (t.headLeg !== null) heap.push(t);
    }
    while (heap.size > 0) {
      const t = heap.top();
      const bound = heap.second();
      for (;;) {
        const leg = t.headLeg;
        if (leg === null || !before(t.headS, t.headE, t.headSt, t.seq, bound.headS, bound.headE, bound.headSt, bound.seq)) break;
        serve(leg, t.seq, bound);
        findHead(t);
      }
      heap.update();
    }
    // 4. Schedule the events whose times moved.
    for (const t of this.active) this.schedule(t);
  }

  /** (Re)schedule train t's trace events and delivery where the plan moved them. */
  private schedule(t: Train): void {
    const now = this.env.now;
    const last = t.lastData;
    const lastAck = t.legs[t.legs.length - 1] as Leg;
    for (const leg of t.legs) {
      const txAt = lastEnd(leg);
      const rxAt = txAt + leg.latencyS;
      if (leg.ack) {
        // ACK frames: one `ack` event when the last one has crossed the hop; the last hop's confirms the message
        if (rxAt !== leg.rxAtS) {
          leg.rxAtS = rxAt;
          const v = ++leg.rxVersion;
          this.env.timeout(rxAt - now).addCallback(() => {
            if (leg.rxVersion !== v) return;
            emitAck(leg);
            if (leg === lastAck) t.confirm?.();
          });
        }
        continue;
      }
      if (txAt !== leg.txAtS) {
        leg.txAtS = txAt;
        const v = ++leg.txVersion;
        this.env.timeout(txAt - now).addCallback(() => {
          if (leg.txVersion === v) emitTx(leg);
        });
      }
      if (rxAt !== leg.rxAtS) {
        leg.rxAtS = rxAt;
        const v = ++leg.rxVersion;
        this.env.timeout(rxAt - now).addCallback(() => {
          if (leg.rxVersion !== v) return;
          emitRx(leg);
          if (leg === last) t.deliver();
        });
      }
    }
  }
}

/** Offsets of a packet's start, end and busy-period start in `Leg.times`. */
const START = 0;
const END = 1;
const SINCE = 2;

/** When the leg's last packet leaves its wire (s). */
function lastEnd(leg: Leg): Seconds {
  return leg.times[3 * leg.n - 3 + END] as number;
}

/** A leg's times before its first plan. */
const NO_TIMES = new Float64Array(0);

/** A leg with nothing planned yet: `bytes` per packet (the message's train, or its ACK frames: no setup before them). */
function newLeg(hop: Hop, message: Message, wire: Wire, bytes: ArrayLike<number>, ack: boolean): Leg {
  const n = bytes.length;
  return {
    hop, ack, ackEvery: 0, sharesWire: false, message, wire, latencyS: hop.latencyS, setupS: ack ? 0 : hop.setupS(), prev: null, next: null, reassembleNext: false,
    n, wireBytes: bytes, bandwidthBps: hop.bandwidthBps, sentS: NaN, times: NO_TIMES,
    known: 0, served: 0, fixed: 0, txAtS: NaN, rxAtS: NaN, txVersion: 0, rxVersion: 0,
  };
}

/** Set the train's head: its leg whose next unserved packet comes first. */
function findHead(t: Train): void {
  let best = Infinity;
  let at: Leg | null = null;
  let tied = false;
  for (const leg of t.legs) {
    const j = leg.served;
    if (j >= leg.known) continue;
    const r = readyAt(leg, j);
    if (r < best) {
      best = r;
      at = leg;
      tied = false;
    } else if (r === best) {
      tied = true;
    }
  }
  if (tied) {
    // several legs' next packets are ready at that instant: the first by the full order
    let bestE = Infinity;
    let bestSt = Infinity;
    for (const leg of t.legs) {
      const j = leg.served;
      if (j >= leg.known || readyAt(leg, j) !== best) continue;
      const e = upEnd(leg, j);
      const st = upStart(leg, j);
      if (before(best, e, st, 0, best, bestE, bestSt, 1)) {
        bestE = e;
        bestSt = st;
        at = leg;
      }
    }
  }
  t.headLeg = at;
  t.headS = best;
  t.headE = at === null ? Infinity : upEnd(at, at.served);
  t.headSt = at === null ? Infinity : upStart(at, at.served);
}

/** No train: the bound past every packet. */
const NO_BOUND = { headS: Infinity, headE: Infinity, headSt: Infinity, seq: Infinity };

/** Serve a leg's packets, FIFO on its wire, while they come before the bound train's head. */
function serve(leg: Leg, seq: number, bound: { readonly headS: Seconds; readonly headE: Seconds; readonly headSt: Seconds; readonly seq: number }): void {
  const boundS = bound.headS;
  const { wire, times, wireBytes, bandwidthBps, known } = leg;
  const next = leg.next;
  let j = leg.served;
  let free = wire.freeS;
  // a half-duplex wire's run ends where the other direction's packets begin
  let busySince = wire.runHop === leg.hop ? wire.busySinceS : Infinity;
  const prev = leg.prev;
  const latency = prev === null ? 0 : prev.latencyS;
  while (j < known) {
    // readyAt, upEnd and upStart of packet j, from one upstream index
    const u = prev === null ? -1 : upIndex(leg, j);
    const r = prev === null ? leg.sentS : (prev.times[3 * u + END] as number) + latency;
    if (!(r < boundS || (r === boundS && before(r, u < 0 ? -Infinity : (prev as Leg).times[3 * u + END] as number, u < 0 ? -Infinity : (prev as Leg).times[3 * u + START] as number, seq, boundS, bound.headE, bound.headSt, bound.seq)))) break;
    let s = r > free ? r : free;
    if (j === 0) s += leg.setupS;
    if (s > free || busySince === Infinity) busySince = s;
    const e = s + txTimeS(wireBytes[j] as number, bandwidthBps);
    times[3 * j + START] = s;
    times[3 * j + END] = e;
    times[3 * j + SINCE] = busySince;
    free = e;
    j++;
    if (leg.sharesWire) break;
  }
  wire.freeS = free;
  if (j > leg.served) {
    wire.busySinceS = busySince;
    wire.runHop = leg.hop;
  }
  leg.served = j;
  if (next !== null) next.known = knownAfter(next, j);
}

/** A train no plan can change any more: its wires keep its last packets' ends. */
function retire(t: Train): void {
  for (const leg of t.legs) leg.wire.committedS = Math.max(leg.wire.committedS, lastEnd(leg));
}

/** The train's time on a leg's wire: its packets, back-to-back runs (and runs the wire never idled between) merged. */
function spansOf(leg: Leg): number[] {
  const times = leg.times;
  const out: number[] = [];
  for (let j = 0; j < leg.n; j++) {
    const start = times[3 * j + START] as number;
    const end = times[3 * j + END] as number;
    // contiguous with the previous packet, or the wire never idled in between
    if (j > 0 && ((times[3 * j + SINCE] as number) <= (times[3 * j - 3 + END] as number) || start === times[3 * j - 3 + END])) out[out.length - 1] = end;
    else out.push(start, end);
  }
  return out;
}

function wireSum(leg: Leg): Seconds {
  let s = 0;
  for (let j = 0; j < leg.n; j++) s += txTimeS(leg.wireBytes[j] as number, leg.bandwidthBps);
  return s;
}

function emitTx(leg: Leg): void {
  const { hop, message } = leg;
  const bytes = hop.setupBytes;
  const setupWireS = txTimeS(bytes, hop.bandwidthBps);
  const spans = spansOf(leg);
  if (setupWireS > 0) spans[0] = (spans[0] as number) - setupWireS;
  const e: HopEvent = { hop, message, packets: message.train.wireBytes.length, wireBytes: message.train.totalWireBytes + bytes, seconds: wireSum(leg) + setupWireS, spans };
  for (const hook of hop.trace.tx) hook(e);
}

/**
 * ACK legs of at most this many frames report each frame's time on the wire
 * (`spans`); longer ones only their total, which time use places as one
 * interval ending at the last frame's arrival. ACK frames rarely touch (they
 * are spaced by the data they answer), so exact spans would keep an interval
 * per frame per node for the whole run: 170 k per 500 MB message on Ethernet.
 */
export const EXACT_ACK_SPANS = 4096;

function emitAck(leg: Leg): void {
  const { hop, message } = leg;
  const e: HopEvent = {
    hop, message, packets: leg.n, wireBytes: leg.n * (leg.wireBytes[0] as number), seconds: wireSum(leg),
    ...(leg.n <= EXACT_ACK_SPANS ? { spans: spansOf(leg) } : {}),
  };
  for (const hook of hop.trace.ack) hook(e);
}

function emitRx(leg: Leg): void {
  const { hop, message } = leg;
  const e: HopEvent = { hop, message, packets: message.train.wireBytes.length, wireBytes: message.train.totalWireBytes, seconds: wireSum(leg), spans: spansOf(leg) };
  for (const hook of hop.trace.rx) hook(e);
}

/** Train a's head comes before train b's. */
function lessTrain(a: Train, b: Train): boolean {
  return before(a.headS, a.headE, a.headSt, a.seq, b.headS, b.headE, b.headSt, b.seq);
}

/** Trains by their head packets' order (before()): a binary min-heap. */
class TrainHeap {
  private readonly items: Train[] = [];

  get size(): number {
    return this.items.length;
  }
  /** The first train (the heap must not be empty). */
  top(): Train {
    return this.items[0] as Train;
  }
  /** The second train in order (a child of the top), or a bound past everything. */
  second(): Train | typeof NO_BOUND {
    const n = this.items.length;
    if (n < 2) return NO_BOUND;
    if (n === 2) return this.items[1] as Train;
    return this.less(2, 1) ? (this.items[2] as Train) : (this.items[1] as Train);
  }
  private less(i: number, j: number): boolean {
    const a = this.items[i] as Train;
    const b = this.items[j] as Train;
    return before(a.headS, a.headE, a.headSt, a.seq, b.headS, b.headE, b.headSt, b.seq);
  }
  private swap(i: number, j: number): void {
    const it = this.items[i] as Train;
    this.items[i] = this.items[j] as Train;
    this.items[j] = it;
  }
  /** Add a train, keyed by its current head. */
  push(t: Train): void {
    this.items.push(t);
    let i = this.items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  /**
   * The top train's head moved later: sift it down (or drop it when it has
   * none). Bottom-up: the hole goes down the smaller children to a leaf (one
   * comparison a level), then the train climbs back (usually not at all: a
   * train that has just sent a packet tends to come last, as in an incast's
   * round robin). `before` is a strict total order (seq breaks every tie), so
   * the order trains come out in is the same as a classic sift-down's.
   */
  update(): void {
    const items = this.items;
    let t = items[0] as Train;
    if (t.headLeg === null) {
      t = items.pop() as Train;
      if (items.length === 0) return;
    }
    const n = items.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && lessTrain(items[r] as Train, items[l] as Train) ? r : l;
      items[i] = items[m] as Train;
      i = m;
    }
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p] as Train;
      if (!lessTrain(t, parent)) break;
      items[i] = parent;
      i = p;
    }
    items[i] = t;
  }
}
