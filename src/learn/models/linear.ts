import type { CsrMatrix, RegressionDataset, SparseRegressionDataset } from '../data/dataset.js';
import { conjugateGradient } from '../conjugate-gradient.js';
import * as msg from '../messages.js';
import { denseMatVec, lanczos } from '../smoothness.js';
import type { Model, Optimum } from './model.js';
import { checkBatch, checkWeights } from './checks.js';
import { featureRows } from './features.js';
import { GlmObjective, squaredLoss } from './glm.js';

/** Largest d whose optimum is solved by Cholesky on XᵀX (2·8d² bytes, d³/3 flops); beyond it, or for CSR features, by conjugate gradients. */
export const CHOLESKY_MAX_DIM = 2048;

/** Options of the linear-regression model. */
export interface LinearRegressionOptions {
  /** L2 coefficient λ ≥ 0 of the regulariser λ/2‖w‖². Default 0 (none, as in the RegTop-k paper). */
  readonly l2?: number;
}

/**
 * Least-squares linear regression, no bias term:
 * `loss(w) = mean_i ½(x_i·w − y_i)² + λ/2 ‖w‖²`.
 *
 * With the RegTop-k data (`makeRegTopkLinear`, equal D_n per worker) the mean
 * over all samples is the paper's objective Σ_n ω_n F_n with ω_n = 1/N and
 * F_n worker n's mean loss (paper eqs. 3–4). The paper does not write the
 * per-sample loss; we take ½(x·w − y)² so that the Hessian is XᵀX/n + λI
 * (no factor 2) — with (x·w − y)² every gradient, and L, would double.
 *
 * Features dense (row-major) or sparse (CSR, e.g. `makeSparseLinear`): the
 * same code over either storage (features.ts). Gradients (in closed form) and
 * losses are host JavaScript over the data set's own arrays, as
 * `LogisticRegression`'s (see glm.ts); the closed forms are float64 too: the
 * optimum solves the normal equations (XᵀX/n + λI) w* = Xᵀy/n — by Cholesky
 * for dense d ≤ {@link CHOLESKY_MAX_DIM} (forming XᵀX costs n·d²/2
 * multiply-adds), else by conjugate gradients with no d × d matrix — and the
 * smoothness L = λ_max(XᵀX/n) + λ comes from the Lanczos process. Both are
 * computed on first use and cached. The data set's arrays are read in place,
 * not copied, so they must not change while the model is in use.
 */
export class LinearRegression implements Model {
  readonly name = 'linear-regression';
  /** Number of parameters (= number of features d). */
  readonly dim: number;
  /** L2 coefficient λ. */
  readonly l2: number;
  /** Number of training samples (valid batch indices are `[0, nTrain)`). */
  readonly nTrain: number;
  /** How the features are stored. */
  readonly storage: 'dense' | 'csr';
  private readonly objective: GlmObjective;
  /** The data set's own arrays, for the float64 closed forms. */
  private readonly xHost: Float32Array | CsrMatrix;
  private readonly yHost: Float32Array;
  private gram: Float64Array | undefined;
  private cachedOptimum: Optimum | null | undefined;
  private cachedSmoothness: number | undefined;

  /** Build the model over `data` (validated; its arrays are used in place). Async for the factories' common shape; it awaits nothing. */
  static async create(data: RegressionDataset | SparseRegressionDataset, options: LinearRegressionOptions = {}): Promise<LinearRegression> {
    return new LinearRegression(data, options);
  }

  private constructor(data: RegressionDataset | SparseRegressionDataset, options: LinearRegressionOptions) {
    const l2 = options.l2 ?? 0;
    if (!Number.isFinite(l2) || l2 < 0) throw new RangeError(msg.notNonNegative('l2', l2));
    if (!Number.isInteger(data.nTrain) || data.nTrain < 1) throw new RangeError(msg.notPositiveInteger('nTrain', data.nTrain));
    if (!Number.isInteger(data.d) || data.d < 1) throw new RangeError(msg.notPositiveInteger('d', data.d));
    if (data.yTrain.length !== data.nTrain) throw new RangeError(msg.dimensionMismatch('yTrain', data.yTrain.length, data.nTrain));
    this.dim = data.d;
    this.l2 = l2;
    this.nTrain = data.nTrain;
    this.storage = data.xTrain instanceof Float32Array ? 'dense' : 'csr';
    this.xHost = data.xTrain;
    this.yHost = data.yTrain;
    this.objective = new GlmObjective(featureRows(data.xTrain, data.nTrain, data.d, 'xTrain'), data.yTrain, l2, squaredLoss);
  }

  /** Forward x·w plus backward r·x, two multiply-adds each per stored entry: 4d FLOPs per sample dense, 4 × mean non-zeros sparse. */
  get flopsPerSample(): number {
    return (4 * this.objective.x.storedEntries) / this.nTrain;
  }

  /** Bytes of feature arrays the model reads (the data set's own; nothing is copied). */
  get featureBytes(): number {
    return this.objective.x.bytes;
  }

  /** w₀ = 0 (the convex problem needs no random start). */
  init(): Float32Array {
    return new Float32Array(this.dim);
  }

  /**
   * Mini-batch gradient at `w` over the training samples `indices` (repeats
   * allowed, counted with multiplicity): mean_{i∈batch} (x_i·w − y_i) x_i + λw.
   * Written into `out` when given (length d, not `w` itself), else a new array.
   */
  gradient(w: Float32Array, indices: Int32Array | readonly number[], out?: Float32Array): Float32Array {
    this.checkWeights(w);
    checkBatch(indices, this.nTrain);
    return this.objective.batchGradient(w, indices, out);
  }

  /** ∇F(w) over all training samples (regulariser included); a new array. */
  fullGradient(w: Float32Array): Float32Array {
    this.checkWeights(w);
    return this.objective.fullGradient(w);
  }

  /** Full training objective at `w` (all nTrain samples, regulariser included). */
  loss(w: Float32Array): number {
    this.checkWeights(w);
    return this.objective.objective(w);
  }

  /**
   * w* and F* from the normal equations (XᵀX/n + λI) w* = Xᵀy/n in float64
   * on the float32 data the model holds; F* is evaluated in float64 at the
   * unrounded w*. Dense d ≤ {@link CHOLESKY_MAX_DIM}: by Cholesky,
   * `undefined` when `choleskySolve` refuses XᵀX/n + λI as singular
   * (condition number beyond ~10¹²; e.g. λ = 0 and n < d, where the
   * minimiser is not unique). Otherwise by conjugate gradients to a relative
   * residual of 10⁻¹⁰ within 2000 products (2·nnz multiply-adds each),
   * `undefined` when λ = 0 and the minimiser is not unique (n < d, or a
   * feature that no sample has), or when CG does not get there.
   */
  get optimum(): Optimum | undefined {
    if (this.cachedOptimum === undefined) this.cachedOptimum = this.solveOptimum() ?? null;
    return this.cachedOptimum ?? undefined;
  }

  /**
   * L = λ_max(XᵀX/n) + λ, the largest eigenvalue of the Hessian, by the
   * Lanczos process (default options of `lanczos`: fixed-key start vector,
   * relative tolerance 1e-10). Cached.
   */
  smoothness(): number {
    if (this.cachedSmoothness === undefined) {
      // Reuse XᵀX if the optimum already formed it; otherwise d-vector products straight from X.
      const matVec = this.gram !== undefined ? denseMatVec(this.gram, this.dim) : this.objective.x.gram();
      this.cachedSmoothness = lanczos(this.dim, matVec).value + this.l2;
    }
    return this.cachedSmoothness;
  }

  /** Nothing to release: the model holds no tensors (kept for the `Model` lifecycle). */
  dispose(): void {}

  /** XᵀX/n in float64, row-major d × d (formed once). */
  private gramMatrix(x: Float32Array): Float64Array {
    if (this.gram === undefined) {
      const { dim: d, nTrain: n } = this;
      const g = new Float64Array(d * d);
      for (let i = 0; i < n; i++) {
        const row = i * d;
        for (let j = 0; j < d; j++) {
          const xj = x[row + j] as number;
          if (xj === 0) continue;
          const gj = j * d;
          for (let k = j; k < d; k++) g[gj + k] = (g[gj + k] as number) + xj * (x[row + k] as number);
        }
      }
      for (let j = 0; j < d; j++) {
        for (let k = j; k < d; k++) {
          const v = (g[j * d + k] as number) / n;
          g[j * d + k] = v;
          g[k * d + j] = v;
        }
      }
      this.gram = g;
    }
    return this.gram;
  }

  private solveOptimum(): Optimum | undefined {
    const x = this.xHost;
    if (!(x instanceof Float32Array) || this.dim > CHOLESKY_MAX_DIM) return this.solveIteratively();
    const { dim: d, nTrain: n, yHost: y } = this;
    const a = this.gramMatrix(x).slice();
    for (let j = 0; j < d; j++) a[j * d + j] = (a[j * d + j] as number) + this.l2;
    const b = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const yi = y[i] as number;
      for (let j = 0; j < d; j++) b[j] = (b[j] as number) + (x[i * d + j] as number) * yi;
    }
    for (let j = 0; j < d; j++) b[j] = (b[j] as number) / n;
    const w = choleskySolve(a, b, d);
    if (w === undefined) return undefined;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      let r = -(y[i] as number);
      for (let j = 0; j < d; j++) r += (x[i * d + j] as number) * (w[j] as number);
      sq += r * r;
    }
    let norm2 = 0;
    for (let j = 0; j < d; j++) norm2 += (w[j] as number) ** 2;
    return { w: Float32Array.from(w), loss: (0.5 * sq) / n + (this.l2 / 2) * norm2 };
  }

  /** The normal equations by conjugate gradients (no d × d matrix). */
  private solveIteratively(): Optimum | undefined {
    const { dim: d, nTrain: n, l2, objective } = this;
    if (l2 === 0 && (n < d || hasEmptyColumn(this.xHost, n, d))) return undefined;
    const b = new Float64Array(d);
    objective.x.addTransposeTimes(Float64Array.from(this.yHost), b);
    for (let j = 0; j < d; j++) b[j] = (b[j] as number) / n;
    const gram = objective.x.gram();
    const matVec = (v: Float64Array): Float64Array => {
      const out = gram(v);
      for (let j = 0; j < d; j++) out[j] = (out[j] as number) + l2 * (v[j] as number);
      return out;
    };
    const { z, converged } = conjugateGradient(d, matVec, b);
    if (!converged) return undefined;
    let norm2 = 0;
    for (let j = 0; j < d; j++) norm2 += (z[j] as number) ** 2;
    return { w: Float32Array.from(z), loss: (0.5 * residualSumSq(this.xHost, this.yHost, z, n, d)) / n + (l2 / 2) * norm2 };
  }

  private checkWeights(w: Float32Array): void {
    checkWeights(w, this.dim);
  }
}

/** Whether some column of X holds no non-zero (then XᵀX is singular). */
function hasEmptyColumn(x: Float32Array | CsrMatrix, n: number, d: number): boolean {
  const seen = new Uint8Array(d);
  if (x instanceof Float32Array) {
    for (let i = 0; i < n * d; i++) if (x[i] !== 0) seen[i % d] = 1;
  } else {
    for (let k = 0; k < x.indices.length; k++) seen[x.indices[k] as number] = 1;
  }
  return seen.includes(0);
}

/** Σ_i (x_i·w − y_i)² in float64 at a float64 w (dense row-major or CSR X). */
function residualSumSq(x: Float32Array | CsrMatrix, y: Float32Array, w: Float64Array, n: number, d: number): number {
  let sq = 0;
  for (let i = 0; i < n; i++) {
    let r = -(y[i] as number);
    if (x instanceof Float32Array) {
      for (let j = 0; j < d; j++) r += (x[i * d + j] as number) * (w[j] as number);
    } else {
      for (let k = x.indptr[i] as number, end = x.indptr[i + 1] as number; k < end; k++) r += (x.values[k] as number) * (w[x.indices[k] as number] as number);
    }
    sq += r * r;
  }
  return sq;
}

/**
 * Solve A z = b for a symmetric positive-definite row-major `d × d` matrix A
 * by Cholesky, A = R Rᵀ (R lower triangular), then forward and back
 * substitution, in float64. A and b are not modified.
 *
 * @returns z, or `undefined` if A is not safely positive definite: a pivot
 *   ≤ 10⁻¹²·max_j A_jj. Every pivot is ≥ λ_min(A), so any A with condition
 *   number below ~10¹² passes, while a singular A, whose pivots are rounding
 *   noise of order d·2⁻⁵²·max_j A_jj, is refused
 */
export function choleskySolve(a: Float64Array, b: Float64Array, d: number): Float64Array | undefined {
  if (a.length !== d * d) throw new RangeError(msg.dimensionMismatch('matrix', a.length, d * d));
  if (b.length !== d) throw new RangeError(msg.dimensionMismatch('right-hand side', b.length, d));
  let maxDiagonal = 0;
  for (let j = 0; j < d; j++) maxDiagonal = Math.max(maxDiagonal, Math.abs(a[j * d + j] as number));
  const threshold = 1e-12 * maxDiagonal;
  const r = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let pivot = a[j * d + j] as number;
    for (let k = 0; k < j; k++) pivot -= (r[j * d + k] as number) ** 2;
    if (!(pivot > threshold)) return undefined;
    const rjj = Math.sqrt(pivot);
    r[j * d + j] = rjj;
    for (let i = j + 1; i < d; i++) {
      let s = a[i * d + j] as number;
      for (let k = 0; k < j; k++) s -= (r[i * d + k] as number) * (r[j * d + k] as number);
      r[i * d + j] = s / rjj;
    }
  }
  // R u = b (forward), then Rᵀ z = u (back).
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (r[i * d + k] as number) * (z[k] as number);
    z[i] = s / (r[i * d + i] as number);
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = z[i] as number;
    for (let k = i + 1; k < d; k++) s -= (r[k * d + i] as number) * (z[k] as number);
    z[i] = s / (r[i * d + i] as number);
  }
  return z;
}
