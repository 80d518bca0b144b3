/**
 * How a CAT search certifies T*: branch and bound over the pieces of T, or
 * under an affine cost Prop. 1's scan to the first decrease (and the check
 * that a cost declared affine is).
 */
import * as cmsg from './messages.js';
import type { Candidates, Costs, Evaluated } from './candidates.js';
import { SLACK, type Piece } from './pieces.js';
import type { MagnitudeProfile } from './profile.js';

/** A range is evaluated point by point when it holds at most this many candidates. */
const LEAF = 8;
/** Bisection depth after which an undecided bounded range asks for its segment to be resolved. */
const MAX_DEPTH = 12;

export interface Outcome {
  readonly budget: number;
  readonly efficiency: number;
  /** Segments to resolve before the optimum is certified (empty: certified). */
  readonly unresolved: ReadonlySet<number>;
}

/**
 * Branch and bound over T. Exact pieces are evaluated where their upper
 * bound (measure bound over a range / C at its first candidate, C being
 * non-decreasing) reaches the best lower bound; bounded pieces are bisected
 * until pruned, else their segment is reported unresolved. The best exact
 * value is the answer once nothing is unresolved; ties go to the smaller T.
 */
export function branchAndBound(pieces: readonly Piece[], costs: Costs, cands: Candidates, log?: Evaluated): Outcome {
  let bestE = -Infinity;
  let bestT = 0;
  let floor = -Infinity; // ≤ max E: best exact value or any proven lower bound
  const consider = (t: number, e: number) => {
    if (e > bestE || (e === bestE && t < bestT)) {
      bestE = e;
      bestT = t;
    }
    if (e > floor) floor = e;
  };
  const evaluate = (piece: Piece, t: number) => {
    const measure = (piece.exact as (t: number) => number)(t);
    const cost = costs.at(t);
    log?.add(t, measure, cost);
    consider(t, measure / cost);
  };
  const exactRange = (piece: Piece, c1: number, c2: number): void => {
    if (c1 > c2) return;
    if (cands.count(c1, c2) <= LEAF) {
      for (let t = c1; t <= c2; t = cands.first(t + 1)) evaluate(piece, t);
      return;
    }
    if ((piece.ub(c1, c2) * (1 + SLACK)) / costs.at(c1) < floor) return;
    const mid = Math.max(c1, cands.last((c1 + c2) >> 1));
    exactRange(piece, c1, mid);
    exactRange(piece, cands.first(mid + 1), c2);
  };
  const unresolved = new Set<number>();
  const boundedRange = (piece: Piece, c1: number, c2: number, depth: number): boolean => {
    if (c1 > c2) return true;
    if ((piece.ub(c1, c2) * (1 + SLACK)) / costs.at(c1) < floor) return true;
    const lb = piece.lb as (t: number) => number;
    const lower = lb(c2) / costs.at(c2);
    if (lower > floor) floor = lower;
    if (c1 === c2 || depth >= MAX_DEPTH) return false;
    const mid = Math.max(c1, cands.last((c1 + c2) >> 1));
    return boundedRange(piece, c1, mid, depth + 1) && boundedRange(piece, cands.first(mid + 1), c2, depth + 1);
  };
  const span = (piece: Piece): [number, number] => [cands.first(piece.t1), cands.last(piece.t2)];
  // Seed the floor with every exact piece's last candidate, then search exact pieces, then prune bounded ones.
  for (const piece of pieces) {
    const [c1, c2] = span(piece);
    if (c1 <= c2 && piece.exact !== undefined) evaluate(piece, c2);
  }
  for (const piece of pieces) {
    const [c1, c2] = span(piece);
    if (piece.exact !== undefined) exactRange(piece, c1, c2);
  }
  for (const piece of pieces) {
    const [c1, c2] = span(piece);
    if (piece.exact === undefined && !boundedRange(piece, c1, c2, 0)) unresolved.add(piece.segment);
  }
  return { budget: bestT, efficiency: bestE, unresolved };
}

/**
 * Prop. 1, affine model, sparsification: α/C is quasi-concave (semi-strictly),
 * so along T it rises, then falls. Scan the window's ranks from its first one
 * and stop at the first strict decrease; certified when the scan starts on a
 * rise (or at T = 1) and finds that decrease (or reaches T = d).
 */
export function affineScan(profile: MagnitudeProfile, costs: Costs, log?: Evaluated): Outcome | undefined {
  const { segments, q2, dim } = profile;
  let r0 = 0;
  let before = 0;
  let k = 0;
  while (k < segments.length && (segments[k] as (typeof segments)[number]).sorted === undefined) {
    r0 += (segments[k] as (typeof segments)[number]).count;
    before += (segments[k] as (typeof segments)[number]).s2;
    k++;
  }
  const window = segments[k];
  if (window === undefined || window.sorted === undefined || window.count === 0) return undefined;
  const v = window.sorted;
  let s = before;
  const e = (t: number) => {
    const measure = s / q2;
    const cost = costs.at(t);
    log?.add(t, measure, cost);
    return measure / cost;
  };
  let prev = r0 > 0 ? e(r0) : -Infinity;
  let bestE = -Infinity;
  let bestT = 0;
  for (let j = 0; j < window.count; j++) {
    const a = v[j] as number;
    s += a * a;
    const t = r0 + j + 1;
    const cur = e(t);
    if (j === 0 && !(cur > prev)) return undefined; // the peak is at or before r0
    if (cur < prev) return { budget: bestT, efficiency: bestE, unresolved: new Set() };
    if (cur > bestE) {
      bestE = cur;
      bestT = t;
    }
    prev = cur;
  }
  return r0 + window.count === dim ? { budget: bestT, efficiency: bestE, unresolved: new Set() } : undefined;
}

/** Check C(T) = c̃1·T + c0 on T = 1, 2, d (relative tolerance 1e-9). */
export function checkAffine(costs: Costs, d: number): void {
  if (d < 3) return;
  const c1 = costs.at(1);
  const c2 = costs.at(2);
  const cd = costs.at(d);
  const predicted = c1 + (c2 - c1) * (d - 1);
  if (Math.abs(predicted - cd) > 1e-9 * Math.max(Math.abs(cd), Math.abs(predicted))) {
    throw new RangeError(cmsg.notAffine(`C(1) = ${c1}, C(2) = ${c2}, C(${d}) = ${cd} (affine would give ${predicted})`));
  }
}
