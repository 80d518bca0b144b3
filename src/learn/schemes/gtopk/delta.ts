import * as msg from '../../messages.js';
import type { SparseVector } from './merge.js';

/** The §5.2 diagnostic of one iteration (float64 sums). */
export interface GTopKDelta {
  /** ‖x̄ − x/P‖², x̄ = (1/P) Σ_p x^p, x the gTop-k result: Assumption 1's left side. */
  readonly gtopkErrorSq: number;
  /** E‖x̄ − randomK(x̄)‖² = (1 − k/d)‖x̄‖²: Assumption 1's right side. */
  readonly randkErrorSq: number;
  /** δ = gtopkErrorSq / randkErrorSq; Assumption 1 holds when δ ≤ 1. NaN when x̄ = 0 or k = d. */
  readonly delta: number;
}

/**
 * δ of §5.2 (Shi et al.) for one iteration:
 *   δ = ‖x̄ − gTopK(x¹ … x^P)/P‖² / E‖x̄ − randomK(x̄)‖²,  x̄ = (1/P) Σ_p x^p,
 * with x^p = G^p + ε^p each worker's accumulated vector before the exchange
 * (in Algorithm 1's scaling acc^p = ε^p + αG^p; δ is a ratio of squares, so
 * the common factor α cancels).
 *
 * The denominator is the exact expectation over randomK's uniform k-subset:
 * each coordinate is kept with probability k/d, so
 * E‖x̄ − randomK(x̄)‖² = (1 − k/d)‖x̄‖²; no random draw is involved. The
 * paper plots δ per iteration over training; averaging numerator and
 * denominator over iterations first gives its ratio of expectations.
 * O(P·d).
 * @param inputs x¹ … x^P (length d each; not mutated)
 * @param global the gTop-k result x (unscaled sum over the contributing workers)
 * @param k the budget (1 ≤ k ≤ d)
 */
export function gTopKDelta(inputs: readonly Float32Array[], global: SparseVector, k: number): GTopKDelta {
  const P = inputs.length;
  const d = global.dim;
  if (!Number.isInteger(k) || k < 1 || k > d) throw new RangeError(msg.budgetOutOfRange(k, d));
  const mean = new Float64Array(d);
  for (const x of inputs) {
    if (x.length !== d) throw new RangeError(msg.dimensionMismatch('gTop-k input', x.length, d));
    for (let i = 0; i < d; i++) mean[i] = (mean[i] as number) + (x[i] as number);
  }
  let normSq = 0;
  for (let i = 0; i < d; i++) {
    const m = (mean[i] as number) / P;
    mean[i] = m;
    normSq += m * m;
  }
  let errSq = 0;
  let j = 0;
  for (let i = 0; i < d; i++) {
    let e = mean[i] as number;
    if (j < global.indices.length && global.indices[j] === i) e -= (global.values[j++] as number) / P;
    errSq += e * e;
  }
  const gtopkErrorSq = errSq;
  const randkErrorSq = (1 - k / d) * normSq;
  return { gtopkErrorSq, randkErrorSq, delta: gtopkErrorSq / randkErrorSq };
}
