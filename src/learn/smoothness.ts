import { RandomStream } from '../sim/random.js';
import type { CsrMatrix } from './data/dataset.js';
import * as msg from './messages.js';

/** A symmetric positive semi-definite linear operator A, given by its product: v ↦ A v (a new array of the same length). */
export type MatVec = (v: Float64Array) => Float64Array;

/** Options of `powerIteration`. */
export interface PowerIterationOptions {
  /**
   * Stop when two successive Rayleigh quotients differ by at most
   * `tolerance · λ` (relative). Default 1e-9. Finite, > 0.
   */
  readonly tolerance?: number;
  /** Give up (with `converged: false`) after this many products. Default 10 000. Positive integer. */
  readonly maxIterations?: number;
  /**
   * Start vector: the stream its N(0, 1) entries are drawn from (dim draws),
   * or the vector itself (copied; must not be 0). Default: a stream with the
   * fixed key `gradwire/smoothness/0/power-iteration`, so that a model's
   * `smoothness()`, which takes no stream, is still reproducible.
   */
  readonly start?: RandomStream | Float64Array;
}

/** The outcome of `powerIteration`. */
export interface PowerIterationResult {
  /** The last Rayleigh quotient vᵀAv, ‖v‖ = 1: an estimate of λ_max from below (exact arithmetic). */
  readonly value: number;
  /** The last unit iterate v (approximate top eigenvector). */
  readonly vector: Float64Array;
  /** Number of products A v computed. */
  readonly iterations: number;
  /** Whether the stopping rule was met before `maxIterations`. */
  readonly converged: boolean;
}

/** The stream of the default start vector (see `PowerIterationOptions.start`). */
export function defaultStartStream(): RandomStream {
  return new RandomStream('smoothness', 0, 'power-iteration');
}

/**
 * Largest eigenvalue λ_max of a symmetric PSD operator by power iteration:
 * v₀ = start/‖start‖; for k = 1, 2, …: u = A v_{k−1}, μ_k = v_{k−1}ᵀu (the
 * Rayleigh quotient), v_k = u/‖u‖.
 *
 * Stopping rule: stop after the first k ≥ 2 with |μ_k − μ_{k−1}| ≤ tolerance·μ_k,
 * or when u = 0 (then A v = 0 and, A being PSD with v a random start, λ_max = 0
 * almost surely), or after `maxIterations` products. For symmetric A the
 * Rayleigh quotient is ≤ λ_max and its error shrinks by ρ = (λ₂/λ₁)² per step,
 * so at the stop the relative error is about tolerance·ρ/(1 − ρ): tight when
 * the top eigenvalue is well separated, looser (but still an under-estimate by
 * a small relative amount) when λ₂ ≈ λ₁. A random start is orthogonal to the
 * top eigenvector with probability 0.
 *
 * @param dim operator dimension (positive integer)
 * @param matVec v ↦ A v; A must be symmetric PSD (then |λ|_max = λ_max)
 */
export function powerIteration(dim: number, matVec: MatVec, options: PowerIterationOptions = {}): PowerIterationResult {
  const tolerance = options.tolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 10_000;
  let v: Float64Array = startVector(dim, options, tolerance, maxIterations);
  let previous = NaN;
  let value = 0;
  for (let k = 1; k <= maxIterations; k++) {
    const u = matVec(v);
    if (u.length !== dim) throw new RangeError(msg.dimensionMismatch('A v', u.length, dim));
    value = dot(v, u);
    const nu = norm(u);
    if (nu === 0) return { value: 0, vector: v, iterations: k, converged: true };
    scale(u, 1 / nu);
    v = u;
    if (k >= 2 && Math.abs(value - previous) <= tolerance * Math.abs(value)) {
      return { value, vector: v, iterations: k, converged: true };
    }
    previous = value;
  }
  return { value, vector: v, iterations: maxIterations, converged: false };
}

/** λ_max of a symmetric PSD operator (`powerIteration(...).value`). */
export function lambdaMax(dim: number, matVec: MatVec, options?: PowerIterationOptions): number {
  return powerIteration(dim, matVec, options).value;
}

/** The outcome of `lanczos`. */
export interface LanczosResult {
  /** The largest Ritz value θ_max(T_k): an estimate of λ_max from below (exact arithmetic). */
  readonly value: number;
  /** Number of products A v computed (k). */
  readonly iterations: number;
  /** Whether the stopping rule was met before `maxIterations`. */
  readonly converged: boolean;
}

/**
 * Largest eigenvalue λ_max of a symmetric PSD operator by the Lanczos
 * process (C. Lanczos 1950; see Golub & Van Loan, Matrix Computations, 4th
 * ed., Alg. 10.1.1): k products build the tridiagonal T_k of A on the Krylov
 * space span{v, Av, …, A^(k−1)v}, whose largest eigenvalue θ_k (found by
 * Sturm-sequence bisection) rises to λ_max. Its error after k steps falls
 * like exp(−4k·√(gap)) against power iteration's (1 − gap)^(2k), gap =
 * (λ₁ − λ₂)/λ₁: where the top of the spectrum is crowded (random dense
 * features, whose top eigenvalues bunch at the Marchenko–Pastur edge) that is
 * about a tenth of the products — at 16 000 × 2 000 power iteration needed 799.
 *
 * No reorthogonalisation beyond the local one (v_k against w once more): the
 * lost orthogonality makes later Ritz values repeat converged ones ("ghosts")
 * but does not move the largest. Three d-vectors of memory.
 *
 * Stopping rule: stop after two successive steps with θ_k − θ_{k−1} ≤
 * tolerance·θ_k, when the Krylov space is invariant (β_k ≈ 0, then θ_k is an
 * exact eigenvalue and, from a random start, λ_max almost surely), or after
 * `maxIterations` products. Options as `powerIteration`'s (same default
 * start vector) but default tolerance 1e-10 and at most 2 000 products.
 *
 * @param dim operator dimension (positive integer)
 * @param matVec v ↦ A v; A must be symmetric PSD
 */
export function lanczos(dim: number, matVec: MatVec, options: PowerIterationOptions = {}): LanczosResult {
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 2000;
  let v: Float64Array = startVector(dim, options, tolerance, maxIterations);
  let vPrev: Float64Array = new Float64Array(dim);
  let betaPrev = 0;
  const alpha: number[] = [];
  const beta: number[] = [];
  let theta = 0;
  let calm = 0;
  for (let k = 1; k <= maxIterations; k++) {
    const w = matVec(v);
    if (w.length !== dim) throw new RangeError(msg.dimensionMismatch('A v', w.length, dim));
    for (let j = 0; j < dim; j++) w[j] = (w[j] as number) - betaPrev * (vPrev[j] as number);
    let a = dot(w, v);
    for (let j = 0; j < dim; j++) w[j] = (w[j] as number) - a * (v[j] as number);
    const c = dot(w, v); // local reorthogonalisation
    for (let j = 0; j < dim; j++) w[j] = (w[j] as number) - c * (v[j] as number);
    a += c;
    alpha.push(a);
    const previous = theta;
    theta = largestTridiagonalEigenvalue(alpha, beta);
    const b = norm(w);
    if (!(b > 1e-14 * Math.max(Math.abs(theta), Math.abs(a), betaPrev))) return { value: theta, iterations: k, converged: true };
    if (k >= 2 && theta - previous <= tolerance * Math.abs(theta)) {
      if (++calm >= 2) return { value: theta, iterations: k, converged: true };
    } else {
      calm = 0;
    }
    beta.push(b);
    scale(w, 1 / b);
    vPrev = v;
    v = w;
    betaPrev = b;
  }
  return { value: theta, iterations: maxIterations, converged: false };
}

/** The unit start vector of `powerIteration` and `lanczos`, after checking their options. */
function startVector(dim: number, options: PowerIterationOptions, tolerance: number, maxIterations: number): Float64Array {
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(msg.notPositiveInteger('dim', dim));
  if (!(Number.isFinite(tolerance) && tolerance > 0)) throw new RangeError(msg.notPositive('tolerance', tolerance));
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(msg.notPositiveInteger('maxIterations', maxIterations));
  }
  let v: Float64Array;
  const start = options.start ?? defaultStartStream();
  if (start instanceof Float64Array) {
    if (start.length !== dim) throw new RangeError(msg.dimensionMismatch('start vector', start.length, dim));
    v = start.slice();
  } else {
    v = new Float64Array(dim);
    for (let j = 0; j < dim; j++) v[j] = start.normal();
  }
  const n0 = norm(v);
  if (!(n0 > 0 && Number.isFinite(n0))) throw new RangeError(msg.zeroStartVector());
  scale(v, 1 / n0);
  return v;
}

/**
 * Largest eigenvalue of the symmetric tridiagonal matrix with diagonal
 * `alpha` (k entries) and off-diagonal `beta` (k − 1 entries), by bisection
 * on the Sturm count (the number of negative pivots of T − xI = LDLᵀ is the
 * number of eigenvalues below x) inside the Gershgorin bounds, to about
 * 2 ulp of the largest bound.
 */
export function largestTridiagonalEigenvalue(alpha: readonly number[], beta: readonly number[]): number {
  const k = alpha.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < k; i++) {
    const radius = (i > 0 ? Math.abs(beta[i - 1] as number) : 0) + (i < k - 1 ? Math.abs(beta[i] as number) : 0);
    lo = Math.min(lo, (alpha[i] as number) - radius);
    hi = Math.max(hi, (alpha[i] as number) + radius);
  }
  const below = (x: number): number => {
    let count = 0;
    let pivot = 1;
    for (let i = 0; i < k; i++) {
      const b = i > 0 ? (beta[i - 1] as number) : 0;
      pivot = (alpha[i] as number) - x - (i > 0 ? (b * b) / pivot : 0);
      if (pivot === 0) pivot = -Number.EPSILON * (Math.abs(x) + Number.MIN_VALUE); // step past an exact zero pivot
      if (pivot < 0) count++;
    }
    return count;
  };
  const eps = 2 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi));
  for (let step = 0; step < 200 && hi - lo > eps; step++) {
    const mid = lo + (hi - lo) / 2;
    if (below(mid) === k) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The product v ↦ XᵀX v / n for a row-major `n × d` matrix X, computed in
 * float64 (2·n·d multiply-adds per call, no d × d matrix formed).
 * `λ_max(XᵀX/n)` is the smoothness of least squares mean ½(x·w − y)²; a
 * quarter of it bounds logistic regression's. Rows go eight at a time: their
 * eight products m = X_b v, then one sweep adding X_bᵀm to the result while
 * the rows are still in cache (≈ 3× faster than row by row at 16 000 × 2 000).
 */
export function gramMatVec(x: Float32Array | Float64Array, n: number, d: number): MatVec {
  if (x.length !== n * d) throw new RangeError(msg.dimensionMismatch('feature matrix', x.length, n * d));
  const rowDot = (row: number, v: Float64Array): number => {
    let m0 = 0;
    let m1 = 0;
    for (let j = 0; j + 1 < d; j += 2) {
      m0 += (x[row + j] as number) * (v[j] as number);
      m1 += (x[row + j + 1] as number) * (v[j + 1] as number);
    }
    if (d % 2 === 1) m0 += (x[row + d - 1] as number) * (v[d - 1] as number);
    return m0 + m1;
  };
  return (v: Float64Array): Float64Array => {
    if (v.length !== d) throw new RangeError(msg.dimensionMismatch('vector', v.length, d));
    const out = new Float64Array(d);
    let i = 0;
    for (; i + 7 < n; i += 8) {
      const r0 = i * d;
      const r1 = r0 + d;
      const r2 = r1 + d;
      const r3 = r2 + d;
      const r4 = r3 + d;
      const r5 = r4 + d;
      const r6 = r5 + d;
      const r7 = r6 + d;
      const m0 = rowDot(r0, v);
      const m1 = rowDot(r1, v);
      const m2 = rowDot(r2, v);
      const m3 = rowDot(r3, v);
      const m4 = rowDot(r4, v);
      const m5 = rowDot(r5, v);
      const m6 = rowDot(r6, v);
      const m7 = rowDot(r7, v);
      for (let j = 0; j < d; j++) {
        out[j] =
          (out[j] as number) +
          (m0 * (x[r0 + j] as number) + m1 * (x[r1 + j] as number) + (m2 * (x[r2 + j] as number) + m3 * (x[r3 + j] as number))) +
          (m4 * (x[r4 + j] as number) + m5 * (x[r5 + j] as number) + (m6 * (x[r6 + j] as number) + m7 * (x[r7 + j] as number)));
      }
    }
    for (; i < n; i++) {
      const row = i * d;
      const m = rowDot(row, v);
      if (m === 0) continue;
      for (let j = 0; j < d; j++) out[j] = (out[j] as number) + m * (x[row + j] as number);
    }
    for (let j = 0; j < d; j++) out[j] = (out[j] as number) / n;
    return out;
  };
}

/**
 * {@link gramMatVec} for a CSR matrix: v ↦ XᵀX v / n in float64, one pass
 * over the non-zeros per call (2·nnz multiply-adds, plus d divisions), no
 * d × d matrix and no dense copy of X.
 */
export function csrGramMatVec(x: CsrMatrix): MatVec {
  const { rows: n, cols: d, indptr, indices, values } = x;
  if (indptr.length !== n + 1) throw new RangeError(msg.dimensionMismatch('CSR indptr', indptr.length, n + 1));
  return (v: Float64Array): Float64Array => {
    if (v.length !== d) throw new RangeError(msg.dimensionMismatch('vector', v.length, d));
    const out = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const start = indptr[i] as number;
      const end = indptr[i + 1] as number;
      let m = 0;
      for (let k = start; k < end; k++) m += (values[k] as number) * (v[indices[k] as number] as number);
      if (m === 0) continue;
      for (let k = start; k < end; k++) {
        const j = indices[k] as number;
        out[j] = (out[j] as number) + m * (values[k] as number);
      }
    }
    for (let j = 0; j < d; j++) out[j] = (out[j] as number) / n;
    return out;
  };
}

/** The product v ↦ A v for a dense symmetric row-major `d × d` matrix A. */
export function denseMatVec(a: Float64Array, d: number): MatVec {
  if (a.length !== d * d) throw new RangeError(msg.dimensionMismatch('matrix', a.length, d * d));
  return (v: Float64Array): Float64Array => {
    const out = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let s = 0;
      const row = i * d;
      for (let j = 0; j < d; j++) s += (a[row + j] as number) * (v[j] as number);
      out[i] = s;
    }
    return out;
  };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] as number) * (b[j] as number);
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function scale(a: Float64Array, c: number): void {
  for (let j = 0; j < a.length; j++) a[j] = (a[j] as number) * c;
}
