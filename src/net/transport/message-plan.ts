/** Message fidelity's plan (MessageTransport): serving legs' packets FIFO on their wires, train by train in order of readiness. */
import { txTimeS, type Seconds } from '../units.js';
import { type Leg, type Train, END, SINCE, START, before, knownAfter, lastEnd, readyAt, upEnd, upIndex, upStart } from './message-legs.js';

/** Set the train's head: its leg whose next unserved packet comes first. */
export function findHead(t: Train): void {
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
export const NO_BOUND = { headS: Infinity, headE: Infinity, headSt: Infinity, seq: Infinity };

/** Serve a leg's packets, FIFO on its wire, while they come before the bound train's head. */
export function serve(leg: Leg, seq: number, bound: { readonly headS: Seconds; readonly headE: Seconds; readonly headSt: Seconds; readonly seq: number }): void {
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
    if (!(
      r < boundS ||
      (r === boundS &&
        before(
          r,
          u < 0 ? -Infinity : ((prev as Leg).times[3 * u + END] as number),
          u < 0 ? -Infinity : ((prev as Leg).times[3 * u + START] as number),
          seq,
          boundS,
          bound.headE,
          bound.headSt,
          bound.seq,
        ))
    ))
      break;
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
export function retire(t: Train): void {
  for (const leg of t.legs) leg.wire.committedS = Math.max(leg.wire.committedS, lastEnd(leg));
}

/** Train a's head comes before train b's. */
export function lessTrain(a: Train, b: Train): boolean {
  return before(a.headS, a.headE, a.headSt, a.seq, b.headS, b.headE, b.headSt, b.seq);
}

/** Trains by their head packets' order (before()): a binary min-heap. */
export class TrainHeap {
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
