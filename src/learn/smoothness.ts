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
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(msg.notPositiveInteger('dim', dim));
  const tolerance = options.tolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 10_000;
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

/**
 * The product v ↦ XᵀX v / n for a row-major `n × d` matrix X, computed in
 * float64 (2·n·d multiply-adds per call, no d × d matrix formed).
 * `λ_max(XᵀX/n)` is the smoothness of least squares mean ½(x·w − y)²; a
 * quarter of it bounds logistic regression's.
 */
export function gramMatVec(x: Float32Array | Float64Array, n: number, d: number): MatVec {
  if (x.length !== n * d) throw new RangeError(msg.dimensionMismatch('feature matrix', x.length, n * d));
  return (v: Float64Array): Float64Array => {
    const out = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let m = 0;
      for (let j = 0; j < d; j++) m += (x[row + j] as number) * (v[j] as number);
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
