import * as msg from '../messages.js';
import { partitionContiguous } from '../partition.js';
import type { Model, Optimum } from './model.js';
import { checkWeights } from './checks.js';

/**
 * Q isotropic quadratics, one per worker (W. Zou, "Bidirectional Top_K
 * Sparsification for Distributed Learning", MMath thesis, Waterloo 2022, §4.1):
 *
 *   f_q(w) = ½‖w − c_q‖²,   F(w) = (1/Q) Σ_q f_q(w).
 *
 * F is the **mean** of the workers' functions, as the thesis defines it
 * ("min F(w) ≜ ⅓ Σ_{q=1}^{3} F^q(w)"); with this definition its example has
 * F* = 6100/9 (a sum would give 3× that, 6100/3).
 *
 * The data set is the list of centres: "sample" q is c_q, so
 * gradient(w, [q]) = w − c_q, a batch gives w − (mean of its centres), and the
 * natural partition gives worker q the single index q (`parts`).
 * Closed forms: w* = c̄ (the mean centre), ∇F(w) = w − c̄, the Hessian is I so
 * L = 1, and F(w) = F* + ½‖w − c̄‖² with F* = (1/Q) Σ_q ½‖c̄ − c_q‖².
 * Everything is computed in float64 in plain JS (no tensors; `dispose` is a no-op).
 */
export class QuadraticModel implements Model {
  readonly name = 'quadratic';
  /** Number of parameters d (the centres' length). */
  readonly dim: number;
  /** Number of centres Q (valid batch indices are [0, Q)). */
  readonly nTrain: number;
  /** The natural partition: worker q holds index q. */
  readonly parts: readonly Int32Array[];
  /** w* = c̄ (rounded to float32) and F* (float64, from the exact mean). */
  readonly optimum: Optimum;
  private readonly centres: readonly Float64Array[];
  private readonly mean: Float64Array;
  private readonly start: Float32Array;

  /**
   * @param centres the Q ≥ 1 centres c_q, all of one length d ≥ 1 (copied into float64)
   * @param initialPoint w₀: a number for w₀ = value·𝟙, or a vector of length d. Default 0.
   */
  constructor(centres: readonly (Float32Array | Float64Array | readonly number[])[], initialPoint: number | ArrayLike<number> = 0) {
    if (centres.length < 1) throw new RangeError(msg.notPositiveInteger('number of centres', centres.length));
    const d = (centres[0] as ArrayLike<number>).length;
    if (d < 1) throw new RangeError(msg.notPositiveInteger('d', d));
    this.centres = centres.map((c, q) => {
      if (c.length !== d) throw new RangeError(msg.dimensionMismatch(`centre ${q}`, c.length, d));
      const copy = Float64Array.from(c);
      for (let j = 0; j < d; j++) {
        if (!Number.isFinite(copy[j])) throw new RangeError(msg.notFinite(`centre ${q}[${j}]`, copy[j] as number));
      }
      return copy;
    });
    this.dim = d;
    this.nTrain = centres.length;
    this.parts = partitionContiguous(Array.from({ length: this.nTrain }, () => 1));
    this.mean = new Float64Array(d);
    for (const c of this.centres) for (let j = 0; j < d; j++) this.mean[j] = (this.mean[j] as number) + (c[j] as number);
    for (let j = 0; j < d; j++) this.mean[j] = (this.mean[j] as number) / this.nTrain;
    let spread = 0;
    for (const c of this.centres) spread += halfSquaredDistance(this.mean, c);
    this.optimum = { w: Float32Array.from(this.mean), loss: spread / this.nTrain };
    this.start = initialPointVector(initialPoint, d);
  }

  /**
   * 2d: forming w − c_q takes d subtractions and adding it into the batch
   * mean d additions (the loss term ½‖w − c_q‖², if wanted, another 2d).
   */
  get flopsPerSample(): number {
    return 2 * this.dim;
  }

  /** w₀: the constructor's initial point (default 0). A fresh copy. */
  init(): Float32Array {
    return this.start.slice();
  }

  /**
   * w − (mean of the centres in `indices`), repeats counted with multiplicity
   * (for a single index q: ∇f_q(w) = w − c_q).
   * @returns a new Float32Array of length `dim`
   */
  gradient(w: Float32Array, indices: Int32Array | readonly number[]): Float32Array {
    this.checkWeights(w);
    if (indices.length < 1) throw new RangeError(msg.notPositiveInteger('batch length', indices.length));
    const sum = new Float64Array(this.dim);
    for (let b = 0; b < indices.length; b++) {
      const q = indices[b] as number;
      if (!Number.isInteger(q) || q < 0 || q >= this.nTrain) throw new RangeError(msg.indexOutOfRange(q, this.nTrain));
      const c = this.centres[q] as Float64Array;
      for (let j = 0; j < this.dim; j++) sum[j] = (sum[j] as number) + (c[j] as number);
    }
    const g = new Float32Array(this.dim);
    for (let j = 0; j < this.dim; j++) g[j] = (w[j] as number) - (sum[j] as number) / indices.length;
    return g;
  }

  /** ∇F(w) = w − c̄. */
  fullGradient(w: Float32Array): Float32Array {
    this.checkWeights(w);
    const g = new Float32Array(this.dim);
    for (let j = 0; j < this.dim; j++) g[j] = (w[j] as number) - (this.mean[j] as number);
    return g;
  }

  /**
   * F(w) = (1/Q) Σ_q ½‖w − c_q‖², evaluated as F* + ½‖w − c̄‖² (equal in exact
   * arithmetic; this form keeps the gap F(w) − F* accurate near w*).
   */
  loss(w: Float32Array): number {
    this.checkWeights(w);
    return this.optimum.loss + halfSquaredDistance(w, this.mean);
  }

  /** L = 1: the Hessian of F is the identity. */
  smoothness(): number {
    return 1;
  }

  /** Nothing to release. */
  dispose(): void {}

  private checkWeights(w: Float32Array): void {
    checkWeights(w, this.dim);
  }
}

/** Parameters of the thesis's example; the defaults are the thesis's values. */
export interface ThesisQuadraticOptions {
  /** Dimension d. Default 100. */
  readonly d?: number;
  /** Centre levels: worker q's centre is levels[q]·𝟙. Default [1, 5, 10]. */
  readonly levels?: readonly number[];
  /** w₀: value·𝟙 for a number, or a vector of length d. Default 0 (see {@link makeThesisQuadratic} on the thesis's "2⃗0"). */
  readonly initialPoint?: number | readonly number[];
}

/**
 * The example of the bidirectional Top-k thesis, §4.1: three workers in
 * R^100 with centres 𝟙, 5·𝟙, 10·𝟙 ("F¹(w) ≜ ½(w − 1⃗)ᵀ(w − 1⃗)", likewise 5⃗
 * and 10⃗), F the mean of the three. Then w* = (16/3)·𝟙 and
 * F* = 100 · (1/3)·½·((13/3)² + (1/3)² + (14/3)²) = 6100/9, as the thesis
 * states. It runs with step α = 0.01, K = 1, for 500 iterations, comparing
 * uplink, downlink and bidirectional Top-K with error feedback. Its start is
 * printed "initialize w₀ as 2⃗0", which read literally is 0 (the default
 * here); read as 20·𝟙, a vector like 1⃗, 5⃗, 10⃗ with a digit lost, it gives
 * the §4.2 norms the thesis prints (test/papers/bidirectional.test.ts), so
 * `initialPoint: 20` is that reading.
 */
export function makeThesisQuadratic(options: ThesisQuadraticOptions = {}): QuadraticModel {
  const { d = 100, levels = [1, 5, 10], initialPoint = 0 } = options;
  if (!Number.isInteger(d) || d < 1) throw new RangeError(msg.notPositiveInteger('d', d));
  return new QuadraticModel(
    levels.map((level) => new Float64Array(d).fill(level)),
    initialPoint,
  );
}

/** w₀ = value·𝟙 for a number, or a float32 copy of a length-d vector; finite entries only. */
function initialPointVector(initialPoint: number | ArrayLike<number>, d: number): Float32Array {
  const w = typeof initialPoint === 'number' ? new Float32Array(d).fill(initialPoint) : Float32Array.from(initialPoint);
  if (w.length !== d) throw new RangeError(msg.dimensionMismatch('initial point', w.length, d));
  for (let j = 0; j < d; j++) {
    if (!Number.isFinite(w[j])) throw new RangeError(msg.notFinite(`initial point[${j}]`, w[j] as number));
  }
  return w;
}

function halfSquaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    const diff = (a[j] as number) - (b[j] as number);
    s += diff * diff;
  }
  return 0.5 * s;
}
