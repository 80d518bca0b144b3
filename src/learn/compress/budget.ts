import * as msg from '../messages.js';

/**
 * How many coordinates a sparsifier sends: an absolute count `k`
 * (integer in [1, d]) or a `ratio` of d in (0, 1], turned into
 * k = max(1, ⌈ratio·d⌉).
 */
export type Budget = { readonly k: number } | { readonly ratio: number };

/**
 * Resolve a budget to a coordinate count k ∈ [1, dim].
 * ⌈ratio·d⌉ is taken with a 1e-9 relative tolerance, so that float products
 * such as 0.07 × 100 = 7.000000000000001 give 7, not 8.
 */
export function resolveBudget(budget: Budget, dim: number): number {
  let k: number;
  if ('k' in budget) {
    k = budget.k;
  } else {
    const { ratio } = budget;
    if (!(ratio > 0 && ratio <= 1)) throw new RangeError(msg.ratioOutOfRange(ratio));
    const exact = ratio * dim;
    const nearest = Math.round(exact);
    k = Math.max(1, Math.abs(exact - nearest) <= 1e-9 * Math.max(1, exact) ? nearest : Math.ceil(exact));
  }
  if (!Number.isInteger(k) || k < 1 || k > dim) throw new RangeError(msg.budgetOutOfRange(k, dim));
  return k;
}
