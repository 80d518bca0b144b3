/**
 * What one CAT search evaluates: C(T), memoised and checked; the exact ratios
 * a pass evaluated (its candidates); the T at which the maximum may lie
 * (every T, or the packet plateau ends of Prop. 1).
 */
import * as cmsg from './messages.js';
import type { CatCandidate } from './types.js';

/** C(T), memoised for one search, checked finite and > 0. */
export class Costs {
  private readonly memo = new Map<number, number>();
  constructor(
    private readonly cost: (budget: number) => number,
    private readonly payloadBits: (budget: number) => number,
  ) {}

  at(budget: number): number {
    let c = this.memo.get(budget);
    if (c === undefined) {
      c = this.cost(budget);
      if (!(Number.isFinite(c) && c > 0)) throw new RangeError(cmsg.costNotPositive(budget, this.payloadBits(budget), c));
      this.memo.set(budget, c);
    }
    return c;
  }

  get evaluations(): number {
    return this.memo.size;
  }
}

/** The exact ratios one pass evaluated, by T (a later evaluation of the same T computes the same value). */
export class Evaluated {
  private readonly byBudget = new Map<number, CatCandidate>();

  add(budget: number, measure: number, cost: number): void {
    this.byBudget.set(budget, { budget, measure, cost, efficiency: measure / cost });
  }

  /** Ascending in T. */
  list(): CatCandidate[] {
    return [...this.byBudget.values()].sort((a, b) => a.budget - b.budget);
  }
}

/** The T at which the maximum may lie: every T, or packet plateau ends (and d). */
export interface Candidates {
  /** Smallest candidate ≥ t (d + 1 if none). */
  first(t: number): number;
  /** Largest candidate ≤ t (0 if none). */
  last(t: number): number;
  /** An upper bound on the number of candidates in [c1, c2]. */
  count(c1: number, c2: number): number;
}

export function everyT(): Candidates {
  return { first: (t) => t, last: (t) => t, count: (c1, c2) => c2 - c1 + 1 };
}

/**
 * Prop. 1, packet model: C is constant while n(T) = ⌈P(T)/Pmax⌉ is, so with
 * a non-decreasing measure the last T of each n — max{T : P(T) ≤ n·Pmax},
 * CAT's multiples of τmax — and d are the only candidates.
 */
export function plateauEnds(d: number, payloadBits: (t: number) => number, pMaxBits: number): Candidates {
  const packets = (t: number) => Math.ceil(payloadBits(t) / pMaxBits);
  // max{T ∈ [0, d] : P(T) ≤ limit}, P(0) taken as −∞: closed form when P is affine in T, else bisection.
  const p1 = payloadBits(1);
  const slope = payloadBits(2) - p1;
  const affine = d < 3 || payloadBits(d) === p1 + slope * (d - 1);
  const maxWithin = (limit: number): number => {
    if (affine && slope > 0) {
      let t = Math.max(0, Math.min(d, Math.floor((limit - p1) / slope) + 1));
      while (t > 0 && payloadBits(t) > limit) t--;
      while (t < d && payloadBits(t + 1) <= limit) t++;
      return t;
    }
    let lo = 0;
    let hi = d;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (payloadBits(mid) <= limit) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const endOf = (n: number) => Math.min(d, maxWithin(n * pMaxBits));
  return {
    first: (t) => (t > d ? d + 1 : Math.max(t, endOf(packets(t)))),
    last: (t) => {
      if (t < 1) return 0;
      const t0 = Math.min(t, d);
      const end = endOf(packets(t0));
      return end === t0 ? t0 : endOf(packets(t0) - 1);
    },
    count: (c1, c2) => packets(c2) - packets(c1) + 1,
  };
}
