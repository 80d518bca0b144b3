import * as msg from '../messages.js';
import { topKIndices } from '../compress/select.js';

/**
 * The constants of the bidirectional Top-K convergence bound, measured along
 * a run (W. Zou, "Bidirectional Top_K Sparsification for Distributed
 * Learning", MMath thesis, Waterloo 2022, §6.6, eqs. 6.3–6.7):
 *
 * - ρ̂_t, the "distributed error" of Assumption 5.5 (bidirectional, eq. 6.3)
 *   or 5.6 (uplink only, eq. 6.6) over the size of the SGD step;
 * - 1 − γ̂_t, the compression error of the Top-K operator of Assumption 5.2,
 *   per direction (eqs. 6.4, 6.5, 6.7).
 *
 * Notation (Algorithms 6–11): worker q's error-feedback accumulator
 * a_t^q = ε_{t−1}^q + α_{t−1} g^q(w_{t−1}) (the uplink compressor's input),
 * its weight p_q (1/N for a mean, 1 for a sum), the server's memory δ_{t−1}.
 * Top_K here is the Top-K operator itself (largest magnitudes, ties to the
 * lower index — the same choice as the `TopK` compressor), re-applied to
 * those vectors: the definitions are the thesis's, for Top-K in both
 * directions. For other compressors the functions still measure what Top-K
 * with the same budgets would have done (thesis eq. 5.33 generalises ρ to any
 * pair C₁, C₂; that is not implemented here).
 *
 * Every function is pure: inputs are never mutated, results are new arrays
 * or float64 numbers. Vector arithmetic is float32, in the server's order
 * (Σ accumulated worker by worker, as `addMessage` does); norms are float64.
 */

/** A budget per worker, or one budget for all. */
export type Budgets = number | readonly number[];

/**
 * Top_K(v) as a dense vector: the k coordinates of largest magnitude kept
 * (ties to the lower index, as the `TopK` compressor), the rest zero.
 * @param v finite vector (not mutated)
 * @param k integer in [1, v.length] (k = v.length keeps everything)
 */
export function topKDense(v: Float32Array, k: number): Float32Array {
  if (!Number.isInteger(k) || k < 1 || k > v.length) throw new RangeError(msg.budgetOutOfRange(k, v.length));
  const out = new Float32Array(v.length);
  for (const i of topKIndices(v, k)) out[i] = v[i] as number;
  return out;
}

/**
 * Σ_q p_q v_q in float32, accumulated in worker order as the server does
 * (`acc[i] = fp32(acc[i] + p_q·v_q[i])`, as `addMessage`).
 * @param vectors N vectors of one length d ≥ 1 (N ≥ 1)
 * @param weights N weights p_q
 */
export function weightedSum(vectors: readonly Float32Array[], weights: readonly number[]): Float32Array {
  const d = checkVectors(vectors, weights);
  const acc = new Float32Array(d);
  vectors.forEach((v, q) => {
    const p = weights[q] as number;
    for (let i = 0; i < d; i++) acc[i] = (acc[i] as number) + p * (v[i] as number);
  });
  return acc;
}

/** ‖v‖₂ in float64. */
export function norm2(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
  return Math.sqrt(s);
}

/** ‖a − b‖₂ in float64 (a and b of one length). */
export function distance2(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(msg.dimensionMismatch('second vector', b.length, a.length));
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] as number) - (b[i] as number)) ** 2;
  return Math.sqrt(s);
}

/**
 * Σ_q Top_{K_q}(p_q a_t^q): what the server aggregates from Top-K workers
 * (Algorithm 7/9 line 6; Top_K(p·a) = p·Top_K(a) for p > 0), in the
 * server's float32 arithmetic.
 * @param a the workers' accumulators a_t^q
 * @param p the weights p_q
 * @param kUp uplink budget K_up, one for all or one per worker
 */
export function sparseAggregate(a: readonly Float32Array[], p: readonly number[], kUp: Budgets): Float32Array {
  const d = checkVectors(a, p);
  const acc = new Float32Array(d);
  a.forEach((v, q) => {
    const p_q = p[q] as number;
    // select on a_t^q and scale on adding, exactly as the server adds a Top-K message
    for (const i of topKIndices(v, budgetOf(kUp, q, d))) acc[i] = (acc[i] as number) + p_q * (v[i] as number);
  });
  return acc;
}

/**
 * Numerator of ρ̂ for uplink-only Top-K SGD (thesis eq. 6.6, Assumption 5.6):
 *   ‖Top_K(Σ_q p_q a_t^q) − Σ_q Top_K(p_q a_t^q)‖₂.
 * @param kUp the workers' budget(s) K
 * @param kOuter the K of the outer Top_K on the full sum (the thesis uses one K; default: the largest of kUp)
 */
export function uplinkDistributedError(a: readonly Float32Array[], p: readonly number[], kUp: Budgets, kOuter?: number): number {
  const full = weightedSum(a, p);
  return distance2(topKDense(full, kOuter ?? maxBudget(kUp, a.length, full.length)), sparseAggregate(a, p, kUp));
}

/**
 * Numerator of ρ̂ for bidirectional Top-K SGD (thesis eq. 6.3, Assumption 5.5):
 *   ‖Top_{K_down}(δ_{t−1} + Σ_q p_q a_t^q) − Top_{K_down}(δ_{t−1} + Σ_q Top_{K_up}(p_q a_t^q))‖₂.
 * With a dense uplink (K_up = d: downlink-only, Algorithms 10–11) it is 0.
 * @param delta the server memory δ_{t−1} (zeros without server error feedback)
 */
export function bidirectionalDistributedError(delta: Float32Array, a: readonly Float32Array[], p: readonly number[], kUp: Budgets, kDown: number): number {
  const exact = addVectors(delta, weightedSum(a, p));
  const applied = addVectors(delta, sparseAggregate(a, p, kUp));
  return distance2(topKDense(exact, kDown), topKDense(applied, kDown));
}

/**
 * Denominator of ρ̂ (eqs. 6.3, 6.6): ‖α_{t−1} Σ_q p_q g^q(w_{t−1}, ξ_{t−1}^q)‖₂,
 * from the workers' scaled gradients α_{t−1} g^q.
 */
export function stepNorm(scaledGradients: readonly Float32Array[], p: readonly number[]): number {
  return norm2(weightedSum(scaledGradients, p));
}

/**
 * ρ̂ = distributed error / step norm. 0 when both are 0 (nothing sent, nothing
 * lost); +∞ when only the step is 0 (the ratio is unbounded).
 */
export function rhoHat(distributedError: number, step: number): number {
  if (step > 0) return distributedError / step;
  return distributedError === 0 ? 0 : Infinity;
}

/**
 * 1 − γ̂_t^uplink (thesis eqs. 6.5 and 6.7):
 *   max_q ‖Top_K(p_q a_t^q) − p_q a_t^q‖₂ / ‖p_q a_t^q‖₂.
 * As printed in the thesis this is a ratio of norms (not of squared norms as
 * in eq. 3.2/5.1, whose γ satisfies 1 − γ ≥ this value squared). A worker
 * with a_t^q = 0 contributes 0 (Top-K loses nothing of it).
 */
export function uplinkCompressionError(a: readonly Float32Array[], p: readonly number[], kUp: Budgets): number {
  const d = checkVectors(a, p);
  let worst = 0;
  // p_q > 0 cancels from the ratio: measured on a_t^q itself
  a.forEach((v, q) => {
    worst = Math.max(worst, relativeError(v, topKDense(v, budgetOf(kUp, q, d))));
  });
  return worst;
}

/**
 * 1 − γ̂_t^downlink (thesis eq. 6.4), with x = δ_{t−1} + Σ_q Top_{K_up}(p_q a_t^q)
 * the server's downlink compressor input g_t (Algorithm 9 line 6):
 *   ‖Top_{K_down}(x) − x‖₂ / ‖x‖₂   (0 when x = 0).
 */
export function downlinkCompressionError(delta: Float32Array, a: readonly Float32Array[], p: readonly number[], kUp: Budgets, kDown: number): number {
  const x = addVectors(delta, sparseAggregate(a, p, kUp));
  return relativeError(x, topKDense(x, kDown));
}

/**
 * What one synchronous round of a parameter-server Top-K scheme exposes for
 * the diagnostics (see `parameterServer`'s `onRound` hook). Vectors are
 * copies owned by the receiver.
 */
export interface TopKRound {
  /** Iteration t (1-based; the thesis's t). */
  readonly iteration: number;
  /** α_{t−1}, the step size of this iteration. */
  readonly stepSize: number;
  /** p_q of each worker (1/N for `mean` aggregation, 1 for `sum`). */
  readonly weights: readonly number[];
  /** α_{t−1} g^q(w_{t−1}, ξ_{t−1}^q) of each worker. */
  readonly scaledGradients: readonly Float32Array[];
  /** a_t^q = ε_{t−1}^q + α_{t−1} g^q of each worker: the uplink compressor input (= the scaled gradient without worker error feedback). */
  readonly accumulators: readonly Float32Array[];
  /** Coordinates each worker sent, K_up (d for a dense message). */
  readonly uplinkBudgets: readonly number[];
  /** The downlink of a bidirectional or downlink-only round; absent when the server sends the dense model. */
  readonly downlink?: {
    /** δ_{t−1}: the server's error-feedback memory before this round (zeros without server error feedback). */
    readonly memory: Float32Array;
    /** Coordinates the server sent, K_down (d for a dense message). */
    readonly budget: number;
  };
}

/** The §6.6 constants of one round. */
export interface TopKDiagnostics {
  readonly iteration: number;
  /** ρ̂_t (eq. 6.3 with a compressed downlink, eq. 6.6 without). */
  readonly rhoHat: number;
  /** Its numerator, the distributed error (plotted on the left of thesis Figs. 6.8, 6.10). */
  readonly distributedError: number;
  /** Its denominator ‖α_{t−1} Σ p_q g^q‖ (right of Figs. 6.8, 6.10). */
  readonly stepNorm: number;
  /** 1 − γ̂_t^uplink (eqs. 6.5, 6.7). */
  readonly oneMinusGammaUplink: number;
  /** 1 − γ̂_t^downlink (eq. 6.4); null without a compressed downlink. */
  readonly oneMinusGammaDownlink: number | null;
}

/**
 * ρ̂_t and 1 − γ̂_t of one round: eqs. 6.3–6.5 when the downlink is
 * compressed (Algorithms 8–11), eqs. 6.6–6.7 when it is not (Algorithms 6–7).
 * The thesis estimates ρ and γ as the maxima of these sequences (Table D.1).
 */
export function topKDiagnostics(round: TopKRound): TopKDiagnostics {
  const { accumulators: a, weights: p, uplinkBudgets: kUp, downlink } = round;
  const step = stepNorm(round.scaledGradients, p);
  const distributedError = downlink ? bidirectionalDistributedError(downlink.memory, a, p, kUp, downlink.budget) : uplinkDistributedError(a, p, kUp);
  return {
    iteration: round.iteration,
    rhoHat: rhoHat(distributedError, step),
    distributedError,
    stepNorm: step,
    oneMinusGammaUplink: uplinkCompressionError(a, p, kUp),
    oneMinusGammaDownlink: downlink ? downlinkCompressionError(downlink.memory, a, p, kUp, downlink.budget) : null,
  };
}

function checkVectors(vectors: readonly Float32Array[], weights: readonly number[]): number {
  if (vectors.length < 1) throw new RangeError(msg.notPositiveInteger('number of workers', vectors.length));
  if (weights.length !== vectors.length) throw new RangeError(msg.dimensionMismatch('weights p_q', weights.length, vectors.length));
  const d = (vectors[0] as Float32Array).length;
  vectors.forEach((v, q) => {
    if (v.length !== d) throw new RangeError(msg.dimensionMismatch(`vector of worker ${q}`, v.length, d));
  });
  weights.forEach((p, q) => {
    if (!(p > 0 && Number.isFinite(p))) throw new RangeError(msg.notPositive(`weight p_${q}`, p));
  });
  return d;
}

function budgetOf(k: Budgets, q: number, d: number): number {
  const b = typeof k === 'number' ? k : k[q];
  if (b === undefined) throw new RangeError(msg.dimensionMismatch('budgets K_q (one per worker)', (k as readonly number[]).length, q + 1));
  if (!Number.isInteger(b) || b < 1 || b > d) throw new RangeError(msg.budgetOutOfRange(b, d));
  return b;
}

function maxBudget(k: Budgets, n: number, d: number): number {
  let m = 0;
  for (let q = 0; q < n; q++) m = Math.max(m, budgetOf(k, q, d));
  return m;
}

function addVectors(a: Float32Array, b: Float32Array): Float32Array {
  if (a.length !== b.length) throw new RangeError(msg.dimensionMismatch('second vector', b.length, a.length));
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) + (b[i] as number);
  return out;
}

function relativeError(x: Float32Array, kept: Float32Array): number {
  const n = norm2(x);
  return n > 0 ? distance2(kept, x) / n : 0;
}
