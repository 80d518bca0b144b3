import type { Environment } from '../../sim/index.js';
import type { Hop, HopEvent } from '../hop.js';
import { Port } from '../link/port.js';
import type { Message } from '../message.js';
import { reframe, relayMode } from '../node.js';
import { type Seconds, txTimeS } from '../units.js';
import type { Transport } from './transport.js';

/**
 * One FIFO transmit resource: a port's wire, or the one wire both directions
 * of a half-duplex link share. Its state is the plan's, not the port's.
 */
interface Wire {
  /** When the wire is free after every packet of the trains no longer planned (s). */
  committedS: Seconds;
  /** During a plan: when the wire is free after the packets served so far (s). */
  freeS: Seconds;
  /** During a plan: start of the wire's current busy period (no gap since) (s). */
  busySinceS: Seconds;
}

/** A message's packets on one hop of its path, as planned so far. */
interface Leg {
  readonly hop: Hop;
  /** The message as this hop frames it (re-framed or relabelled at relays). */
  readonly message: Message;
  readonly wire: Wire;
  readonly latencyS: Seconds;
  /** The hop's per-message setup before packet 0 (s). */
  readonly setupS: Seconds;
  /** The next leg, and whether the relay between reassembles the message first (a segmentation boundary). */
  next: Leg | null;
  reassembleNext: boolean;
  /** Per packet: wire seconds, ready time at the hop's sender, start and end on the wire, busy-period start after it (s). */
  readonly wireS: number[];
  readonly ready: number[];
  readonly start: number[];
  readonly end: number[];
  /** (A packet follows its train's previous one with the wire busy throughout when since_j ≤ end_{j−1}.) */
  readonly since: number[];
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
  /** During a plan: the leg whose next packet is ready first, and when (Infinity when none). */
  headLeg: Leg | null;
  headS: Seconds;
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
 */
export class MessageTransport implements Transport {
  private active: Train[] = [];
  private pending: Train[] = [];
  private readonly wireOf = new Map<object, Wire>();
  private seq = 0;
  private planPending = false;

  constructor(private readonly env: Environment) {}

  start(message: Message, path: readonly Hop[], deliver: () => void): void {
    const legs: Leg[] = [];
    let prev: Leg | null = null;
    for (const hop of path) {
      if (hop.serveTrain === undefined || !hop.fifo) throw new Error(`hop ${hop.name} is not a lossless FIFO link: use fidelity "packet"`);
      const mode = prev === null ? 'forward' : relayMode(prev.message.train.framing, hop.framing);
      const m = prev === null ? message : mode === 'forward' ? prev.message : reframe(prev.message, hop.framing);
      const leg = newLeg(hop, m, this.wire(hop));
      if (prev !== null) {
        prev.next = leg;
        prev.reassembleNext = mode === 'reframe';
      }
      legs.push(leg);
      prev = leg;
    }
    (legs[0] as Leg).ready.fill(this.env.now);
    this.pending.push({ seq: this.seq++, legs, deliver, headLeg: null, headS: Infinity });
    if (this.planPending) return;
    this.planPending = true;
    // every message sent at this instant joins one plan
    this.env.timeout(0).addCallback(() => {
      this.planPending = false;
      this.plan();
    });
  }

  private wire(hop: Hop): Wire {
    const key = hop instanceof Port ? hop.channel : hop;
    let w = this.wireOf.get(key);
    if (w === undefined) this.wireOf.set(key, (w = { committedS: -Infinity, freeS: -Infinity, busySinceS: -Infinity }));
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
        const ready = leg.ready;
        let k = leg.fixed;
        while (k < leg.known && (ready[k] as number) <= now) k++;
        leg.fixed = k;
        if (k < ready.length) all = false;
      }
      if (all) retire(t);
      else kept.push(t);
    }
    for (const w of this.wireOf.values()) {
      w.freeS = w.committedS;
      w.busySinceS = w.committedS;
    }
    for (const t of kept) {
      for (const leg of t.legs) {
        const k = leg.fixed;
        if (k > 0 && (leg.end[k - 1] as number) > leg.wire.freeS) {
          leg.wire.freeS = leg.end[k - 1] as number;
          leg.wire.busySinceS = leg.since[k - 1] as number;
        }
      }
    }
    // 2. What each kept train knows: ready times that follow from packets fixed upstream.
    for (const t of kept) {
      (t.legs[0] as Leg).known = (t.legs[0] as Leg).ready.length;
      for (const leg of t.legs) {
        leg.served = leg.fixed;
        const next = leg.next;
        if (next === null) continue;
        if (leg.reassembleNext) next.known = leg.fixed === leg.ready.length ? next.ready.length : 0;
        else next.known = leg.fixed;
      }
    }
    for (const t of this.pending) (t.legs[0] as Leg).known = (t.legs[0] as Leg).ready.length;
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
      const second = heap.second();
      const boundS = heap.timeAt(second);
      const boundSeq = heap.seqAt(second);
      for (;;) {
        const leg = t.headLeg;
        const head = t.headS;
        if (leg === null || !(head < boundS || (head === boundS && t.seq < boundSeq))) break;
        serve(leg, t.seq, boundS, boundSeq);
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
    const last = t.legs[t.legs.length - 1] as Leg;
    for (const leg of t.legs) {
      const txAt = leg.end[leg.end.length - 1] as number;
      const rxAt = txAt + leg.latencyS;
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

/** Per-message setup of a hop: a Port's `setupS` and setup bytes; other hops have none. */
function setupS(hop: Hop): Seconds {
  return hop instanceof Port ? hop.setupS() : 0;
}
function setupBytes(hop: Hop): number {
  return hop instanceof Port ? hop.config.setup.bytes : 0;
}

/** A leg with nothing planned yet. */
function newLeg(hop: Hop, message: Message, wire: Wire): Leg {
  const bytes = message.train.wireBytes;
  const n = bytes.length;
  // plain double arrays: young-generation garbage, where typed arrays of this size would be external memory
  const wireS = new Array<number>(n);
  const bw = hop.bandwidthBps;
  for (let j = 0; j < n; j++) wireS[j] = txTimeS(bytes[j] as number, bw);
  const array = () => new Array<number>(n).fill(NaN);
  return {
    hop, message, wire, latencyS: hop.latencyS, setupS: setupS(hop), next: null, reassembleNext: false,
    wireS, ready: array(), start: array(), end: array(), since: array(),
    known: 0, served: 0, fixed: 0, txAtS: NaN, rxAtS: NaN, txVersion: 0, rxVersion: 0,
  };
}

/** Set the train's head: its leg whose next unserved packet is ready first. */
function findHead(t: Train): void {
  let best = Infinity;
  let at: Leg | null = null;
  for (const leg of t.legs) {
    if (leg.served < leg.known) {
      const r = leg.ready[leg.served] as number;
      if (r < best) {
        best = r;
        at = leg;
      }
    }
  }
  t.headLeg = at;
  t.headS = best;
}

/** Serve a leg's packets, FIFO on its wire, while they come before (boundS, boundSeq). */
function serve(leg: Leg, seq: number, boundS: Seconds, boundSeq: number): void {
  const { wire, ready, start, end, since, wireS, known, latencyS } = leg;
  const n = ready.length;
  const next = leg.next;
  const nextReady = next === null || leg.reassembleNext ? null : next.ready;
  let j = leg.served;
  let free = wire.freeS;
  let busySince = wire.busySinceS;
  while (j < known) {
    const r = ready[j] as number;
    if (!(r < boundS || (r === boundS && seq < boundSeq))) break;
    let s = r > free ? r : free;
    if (j === 0) s += leg.setupS;
    if (s > free) busySince = s;
    const e = s + (wireS[j] as number);
    start[j] = s;
    end[j] = e;
    since[j] = busySince;
    free = e;
    if (nextReady !== null) nextReady[j] = e + latencyS;
    j++;
  }
  wire.freeS = free;
  wire.busySinceS = busySince;
  leg.served = j;
  if (next !== null) {
    if (nextReady !== null) next.known = j;
    else if (j === n) {
      next.ready.fill((end[n - 1] as number) + latencyS);
      next.known = next.ready.length;
    }
  }
}

/** A train no plan can change any more: its wires keep its last packets' ends. */
function retire(t: Train): void {
  for (const leg of t.legs) leg.wire.committedS = Math.max(leg.wire.committedS, leg.end[leg.end.length - 1] as number);
}

/** The train's time on a leg's wire: its packets, back-to-back runs (and runs the wire never idled between) merged. */
function spansOf(leg: Leg): number[] {
  const { start, end, since } = leg;
  const out: number[] = [];
  for (let j = 0; j < start.length; j++) {
    // contiguous with the previous packet, or the wire never idled in between
    if (j > 0 && ((since[j] as number) <= (end[j - 1] as number) || start[j] === end[j - 1])) out[out.length - 1] = end[j] as number;
    else out.push(start[j] as number, end[j] as number);
  }
  return out;
}

function wireSum(leg: Leg): Seconds {
  let s = 0;
  for (let j = 0; j < leg.wireS.length; j++) s += leg.wireS[j] as number;
  return s;
}

function emitTx(leg: Leg): void {
  const { hop, message } = leg;
  const bytes = setupBytes(hop);
  const setupWireS = txTimeS(bytes, hop.bandwidthBps);
  const spans = spansOf(leg);
  if (setupWireS > 0) spans[0] = (spans[0] as number) - setupWireS;
  const e: HopEvent = { hop, message, packets: message.train.wireBytes.length, wireBytes: message.train.totalWireBytes + bytes, seconds: wireSum(leg) + setupWireS, spans };
  for (const hook of hop.trace.tx) hook(e);
}

function emitRx(leg: Leg): void {
  const { hop, message } = leg;
  const e: HopEvent = { hop, message, packets: message.train.wireBytes.length, wireBytes: message.train.totalWireBytes, seconds: wireSum(leg), spans: spansOf(leg) };
  for (const hook of hop.trace.rx) hook(e);
}

/** Trains by (head time, send order): a binary min-heap on parallel arrays. */
class TrainHeap {
  private readonly items: Train[] = [];
  private readonly keys: number[] = [];
  private readonly seqs: number[] = [];

  get size(): number {
    return this.items.length;
  }
  /** The first train (the heap must not be empty). */
  top(): Train {
    return this.items[0] as Train;
  }
  /** Index of the second train in order (a child of the top), or −1. */
  second(): number {
    const n = this.items.length;
    if (n < 2) return -1;
    if (n === 2) return 1;
    return this.less(2, 1) ? 2 : 1;
  }
  /** Head time and send order of the train at index i, (Infinity, Infinity) for −1. */
  timeAt(i: number): Seconds {
    return i < 0 ? Infinity : (this.keys[i] as number);
  }
  seqAt(i: number): number {
    return i < 0 ? Infinity : (this.seqs[i] as number);
  }
  private less(i: number, j: number): boolean {
    const a = this.keys[i] as number;
    const b = this.keys[j] as number;
    return a < b || (a === b && (this.seqs[i] as number) < (this.seqs[j] as number));
  }
  private swap(i: number, j: number): void {
    const it = this.items[i] as Train;
    this.items[i] = this.items[j] as Train;
    this.items[j] = it;
    const k = this.keys[i] as number;
    this.keys[i] = this.keys[j] as number;
    this.keys[j] = k;
    const q = this.seqs[i] as number;
    this.seqs[i] = this.seqs[j] as number;
    this.seqs[j] = q;
  }
  /** Add a train, keyed by its current head time. */
  push(t: Train): void {
    this.items.push(t);
    this.keys.push(t.headS);
    this.seqs.push(t.seq);
    let i = this.items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  /** The top train's head moved later: re-key it (or drop it when it has none). */
  update(): void {
    const t = this.items[0] as Train;
    if (t.headLeg === null) {
      const lastT = this.items.pop() as Train;
      const lastK = this.keys.pop() as number;
      const lastQ = this.seqs.pop() as number;
      if (this.items.length === 0) return;
      this.items[0] = lastT;
      this.keys[0] = lastK;
      this.seqs[0] = lastQ;
    } else {
      this.keys[0] = t.headS;
    }
    let i = 0;
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
}
