import type { Dataset, SparseDataset } from '../data/dataset.js';
import * as msg from '../messages.js';
import { lanczos } from '../smoothness.js';
import type { Model } from './model.js';
import { checkBatch, checkWeights } from './checks.js';
import { featureRows } from './features.js';
import { GlmObjective, logisticLoss } from './glm.js';

/** Options of the logistic-regression model. */
export interface LogisticRegressionOptions {
  /** L2 coefficient λ ≥ 0 of the regulariser λ/2‖w‖². Default 0 (none). */
  readonly l2?: number;
  /**
   * The initial parameters w₀ returned by `init()` (copied; length d).
   * Default zeros. The RegTop-k two-point toy starts at w₀ = [0, 1].
   */
  readonly init?: Float32Array;
}

/**
 * Binary logistic regression, labels in {−1, +1}, no bias term:
 * `loss(w) = mean_i log(1 + exp(−y_i x_i·w)) + λ/2 ‖w‖²`.
 *
 * Features dense (`Dataset`, row-major) or sparse (`SparseDataset`, CSR):
 * the same code over either storage (`features.ts`), host JavaScript in
 * closed form (`glm.ts` says why not TensorFlow.js; test/learn/models checks
 * it against a float64 reference and finite differences, and the CSR path
 * against the dense one). The model reads the data set's own arrays — it
 * holds no copy and no tensor — so they must not change while it is in use.
 * Costs: a mini-batch gradient O(b·e + d), loss and accuracy O(n·e), e the
 * entries per row (d dense, its non-zeros sparse).
 */
export class LogisticRegression implements Model {
  readonly name = 'logistic-regression';
  /** Number of parameters (= number of features d). */
  readonly dim: number;
  /** L2 coefficient λ. */
  readonly l2: number;
  /** Number of training samples (valid batch indices are `[0, nTrain)`). */
  readonly nTrain: number;
  /** How the features are stored. */
  readonly storage: 'dense' | 'csr';
  private readonly train: GlmObjective;
  private readonly test: GlmObjective;
  private readonly w0: Float32Array;
  private cachedSmoothness: number | undefined;

  /**
   * Build the model over `data` (validated; its arrays are used in place, not
   * copied). Async for the factories' common shape; it awaits nothing.
   */
  static async create(data: Dataset | SparseDataset, options: LogisticRegressionOptions = {}): Promise<LogisticRegression> {
    return new LogisticRegression(data, options);
  }

  private constructor(data: Dataset | SparseDataset, options: LogisticRegressionOptions) {
    const l2 = options.l2 ?? 0;
    if (!Number.isFinite(l2) || l2 < 0) throw new RangeError(msg.notNonNegative('l2', l2));
    for (const [name, value] of [
      ['nTrain', data.nTrain],
      ['nTest', data.nTest],
      ['d', data.d],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(msg.notPositiveInteger(name, value));
    }
    if (options.init !== undefined && options.init.length !== data.d) {
      throw new RangeError(msg.dimensionMismatch('init', options.init.length, data.d));
    }
    this.w0 = options.init?.slice() ?? new Float32Array(data.d);
    this.dim = data.d;
    this.l2 = l2;
    this.nTrain = data.nTrain;
    this.storage = data.xTrain instanceof Float32Array ? 'dense' : 'csr';
    this.train = new GlmObjective(featureRows(data.xTrain, data.nTrain, data.d, 'xTrain'), data.yTrain, l2, logisticLoss);
    this.test = new GlmObjective(featureRows(data.xTest, data.nTest, data.d, 'xTest'), data.yTest, l2, logisticLoss);
  }

  /** w₀: zeros (the convex problem needs no random start) unless the `init` option set it; a new array each call. */
  init(): Float32Array {
    return this.w0.slice();
  }

  /**
   * Forward x·w plus backward ℓ′·x, two multiply-adds each per stored entry:
   * 4d FLOPs per sample dense, 4·nnz/nTrain (the training rows' mean
   * non-zeros) sparse. The per-batch λw term and the write of the d-vector
   * are not per sample and are not counted.
   */
  get flopsPerSample(): number {
    return (4 * this.train.x.storedEntries) / this.nTrain;
  }

  /** Bytes of feature arrays the model reads (the data set's own; nothing is copied). */
  get featureBytes(): number {
    return this.train.x.bytes + this.test.x.bytes;
  }

  /**
   * Mini-batch gradient at `w` over the training samples `indices` (repeats
   * allowed, counted with multiplicity): ∇[mean_{i∈batch} log(1+exp(−y_i x_i·w))] + λw.
   * Written into `out` when given (length d, not `w` itself), else a new array.
   */
  gradient(w: Float32Array, indices: Int32Array | readonly number[], out?: Float32Array): Float32Array {
    this.checkWeights(w);
    checkBatch(indices, this.nTrain);
    return this.train.batchGradient(w, indices, out);
  }

  /** ∇F(w) over all nTrain training samples (regulariser included); a new array. */
  fullGradient(w: Float32Array): Float32Array {
    this.checkWeights(w);
    return this.train.fullGradient(w);
  }

  /**
   * Smoothness bound L = λ_max(XᵀX)/(4n) + λ of the training objective: the
   * Hessian is XᵀDX/n + λI with D = diag(σ(m_i)σ(−m_i)) ≤ ¼. λ_max by the
   * Lanczos process in float64 on the training features (default options of
   * `lanczos`: fixed-key start vector, relative tolerance 1e-10), each step
   * one pass over the stored entries (2·n·d multiply-adds dense, 2·nnz
   * sparse): 67 steps, ≈ 3 s, at 16 000 × 2 000 dense, where power iteration
   * took 799. Computed on the first call, then cached.
   */
  smoothness(): number {
    if (this.cachedSmoothness === undefined) {
      const top = lanczos(this.dim, this.train.x.gram()).value;
      this.cachedSmoothness = top / 4 + this.l2;
    }
    return this.cachedSmoothness;
  }

  /** Full training objective at `w` (all nTrain samples, regulariser included). */
  loss(w: Float32Array): number {
    this.checkWeights(w);
    return this.train.objective(w);
  }

  /** Test objective at `w` (all nTest samples, regulariser included, so comparable to `loss`). */
  testLoss(w: Float32Array): number {
    this.checkWeights(w);
    return this.test.objective(w);
  }

  /**
   * Test accuracy at `w`, in [0, 1]. A sample is predicted +1 when x·w ≥ 0
   * (σ(0) = ½ rounds up), −1 otherwise.
   */
  accuracy(w: Float32Array): number {
    this.checkWeights(w);
    const m = this.test.margins(w);
    const y = this.test.y;
    let correct = 0;
    for (let i = 0; i < m.length; i++) if (((m[i] as number) >= 0 ? 1 : -1) === y[i]) correct++;
    return correct / m.length;
  }

  /** Nothing to release: the model holds no tensors (kept for the `Model` lifecycle). */
  dispose(): void {}

  private checkWeights(w: Float32Array): void {
    checkWeights(w, this.dim);
  }
}
