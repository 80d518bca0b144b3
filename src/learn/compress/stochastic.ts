import type { RandomStream } from '../../sim/random.js';
import { BudgetedCompressor, precisionCode } from './budgeted.js';
import type { Budget, BudgetTuner } from './budget.js';
import type { CompressorOptions } from './compressor.js';
import { INDICES_SENT, type MessageDraft, type ValueCode } from './message.js';
import { topKIndices } from './select.js';

/**
 * The variance-optimal keep probabilities for a budget T, in closed form:
 * p_i = 0 if g_i = 0; p_i = 1 if |g_i| ≥ `saturate`; else p_i = λ·|g_i|.
 * Equivalently p_i = min(1, λ|g_i|) with Σ p_i = T (when g has ≥ T non-zeros).
 */
export interface KeepProbabilities {
  /** λ = (T − n_s) / Σ_{unsaturated} |g_j|. */
  readonly lambda: number;
  /** Magnitudes at or above this are kept surely (Infinity: none). */
  readonly saturate: number;
  /** n_s: how many coordinates are kept surely. */
  readonly saturated: number;
  /** Σ p_i: the expected number of kept coordinates = min(T, non-zeros of g). */
  readonly expectedKept: number;
}

/**
 * CAT Appendix F: the p minimising E‖Q_{T,p}(g)‖² = Σ g_j²/p_j subject to
 * Σ p_j = T, 0 < p_j ≤ 1 — computed by Algorithm 1 of ATOMO (Wang et al.
 * 2018, CAT's [19]) on the magnitudes sorted in decreasing order:
 *
 *   i ← 1, s ← T
 *   while i ≤ d:
 *     if |g_(i)|·s ≤ Σ_{j≥i} |g_(j)|: p_(j) ← |g_(j)|·s / Σ_{l≥i}|g_(l)| for all j ≥ i; stop
 *     else: p_(i) ← 1; s ← s − 1; i ← i + 1
 *
 * At most T − 1 coordinates saturate (with s = 1 the test always passes), so
 * only the T largest magnitudes are selected (Top-k) and sorted, never the
 * whole vector. Saturated coordinates are exactly those with |g_i| ≥ the
 * smallest saturated magnitude (equal magnitudes never straddle the cut), so
 * p is stated by a threshold and λ. Zero coordinates get p = 0; if g has at
 * most T non-zeros, all of them get p = 1.
 *
 * @param g the vector (finite; not mutated)
 * @param budget T, an integer in [1, d]
 */
export function keepProbabilities(g: Float32Array, budget: number): KeepProbabilities {
  let nnz = 0;
  let total = 0;
  let smallest = Infinity;
  for (let i = 0; i < g.length; i++) {
    const a = Math.abs(g[i] as number);
    if (a !== 0) {
      nnz++;
      total += a;
      if (a < smallest) smallest = a;
    }
  }
  if (nnz <= budget) return { lambda: 0, saturate: smallest, saturated: nnz, expectedKept: nnz };
  // The T largest magnitudes, in decreasing order.
  const top = topKIndices(g, budget);
  const sorted = Float64Array.from(top, (i) => Math.abs(g[i] as number))
    .sort()
    .reverse();
  let s = budget;
  let rest = total;
  let saturate = Infinity;
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as number;
    if (a * s <= rest) break;
    saturate = a;
    s -= 1;
    rest -= a;
  }
  // Recount from the threshold, so that Σ p = T holds without rounding drift in `rest`.
  let saturated = 0;
  rest = 0;
  for (let i = 0; i < g.length; i++) {
    const a = Math.abs(g[i] as number);
    if (a >= saturate) saturated++;
    else rest += a;
  }
  const lambda = (budget - saturated) / rest;
  return { lambda, saturate, saturated, expectedKept: budget };
}

/** p_i for one magnitude a = |g_i| under `p`. */
export function keepProbability(p: KeepProbabilities, a: number): number {
  if (a === 0) return 0;
  if (a >= p.saturate) return 1;
  return Math.min(1, a * p.lambda);
}

/** All d keep probabilities (for tuners and tests; the compressor computes them on the fly). */
export function optimalProbabilities(g: Float32Array, budget: number): Float64Array {
  const p = keepProbabilities(g, budget);
  return Float64Array.from(g, (v) => keepProbability(p, Math.abs(v)));
}

/** Options of {@link StochasticSparsifier}. */
export interface StochasticSparsifierOptions extends CompressorOptions {
  /** The compressor's own random stream (one uniform draw per coordinate with 0 < p_i < 1, in index order). */
  readonly rng: RandomStream;
  /** Bits per value: 32 (default) or 64. */
  readonly precision?: 32 | 64;
}

/**
 * Stochastic sparsification, CAT eq. 4: [Q_{T,p}(g)]_j = (g_j/p_j)·ξ_j with
 * ξ_j ~ Bernoulli(p_j) and the variance-optimal p of Appendix F
 * ({@link keepProbabilities}), so Σ p_j = T: T coordinates are sent on
 * average, and E[Q(g)] = g (unbiased). Kept values are fp32(g_j/p_j); the
 * surely-kept ones (p_j = 1) are g_j verbatim. Indices are sent. The number
 * kept varies, and may be 0 (an empty message).
 */
export class StochasticSparsifier extends BudgetedCompressor {
  readonly name = 'stochastic-sparse';
  private readonly rng: RandomStream;
  private readonly valueCode: ValueCode;

  /**
   * @param dim dimension d
   * @param budget the expected count T as `{ k }`, `{ ratio }` or a budget tuner
   * @param options random stream (required), precision, encoding
   */
  constructor(dim: number, budget: Budget | BudgetTuner, options: StochasticSparsifierOptions) {
    const valueCode = precisionCode(options.precision);
    super(dim, budget, { ...options, mayBeEmpty: true, layout: { value: valueCode.kind } });
    this.rng = options.rng;
    this.valueCode = valueCode;
  }

  protected doCompressK(g: Float32Array, k: number): MessageDraft {
    const p = keepProbabilities(g, k);
    const { indices, values } = sampleKept(g, p, this.rng);
    return { kind: 'sparse', dim: this.dim, indices, indexing: INDICES_SENT, values, valueCode: this.valueCode };
  }
}

/**
 * One draw of eq. 4 with probabilities p (p_j = 1 above `saturate`, else
 * min(1, λ|g_j|)): coordinate j is kept with probability p_j — one uniform
 * draw per coordinate with 0 < p_j < 1, in index order — and sent as
 * scale·g_j/p_j (scale·g_j when surely kept). Shared by the stochastic
 * sparsifier (scale 1) and CAT's stochastic variant (scale ω, §5).
 */
export function sampleKept(g: Float32Array, p: { readonly saturate: number; readonly lambda: number }, rng: RandomStream, scale = 1): { indices: Int32Array; values: Float32Array } {
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < g.length; i++) {
    const v = g[i] as number;
    const a = Math.abs(v);
    if (a === 0) continue;
    if (a >= p.saturate) {
      indices.push(i);
      values.push(scale * v);
      continue;
    }
    const pi = Math.min(1, a * p.lambda);
    if (rng.uniform() < pi) {
      indices.push(i);
      values.push((scale * v) / pi);
    }
  }
  return { indices: Int32Array.from(indices), values: Float32Array.from(values) };
}
