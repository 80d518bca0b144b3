import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend.js';
import type { Dataset } from '../data/dataset.js';
import * as msg from '../messages.js';
import { gramMatVec, powerIteration } from '../smoothness.js';
import type { Model } from './model.js';
import { checkBatch, readScalar, checkWeights } from './checks.js';
import * as glm from './glm.js';

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
 * Losses and gradients are computed by TensorFlow.js, the gradient in closed
 * form (see glm.ts; test/learn/models checks it against a float64 reference
 * and finite differences). The data set is uploaded once, at construction, as four tensors; every
 * method creates its temporaries inside `tf.tidy`, so the live tensor count
 * stays constant across calls. Build with `LogisticRegression.create()`, which
 * initialises the backend first.
 */
export class LogisticRegression implements Model {
  /** Number of parameters (= number of features d). */
  readonly dim: number;
  readonly name = 'logistic-regression';

  /** w₀: zeros (the convex problem needs no random start) unless the `init` option set it; a new array each call. */
  init(): Float32Array {
    return this.w0.slice();
  }

  /** Forward x·w (2d) plus backward (σ(·) − y)·x (2d): 4d FLOPs per sample. */
  get flopsPerSample(): number {
    return 4 * this.dim;
  }
  /** L2 coefficient λ. */
  readonly l2: number;
  /** Number of training samples (valid batch indices are `[0, nTrain)`). */
  readonly nTrain: number;
  private readonly xTrain: tf.Tensor2D;
  /** Xᵀ (d × n) as well as X, for a faster Xw (see `glm.Rows`). */
  private readonly xTrainT: tf.Tensor2D;
  private readonly yTrain: tf.Tensor1D;
  private readonly xTestT: tf.Tensor2D;
  private readonly yTest: tf.Tensor1D;
  private readonly w0: Float32Array;
  /** The training set on the host, for mini-batches (see `batchTensors`) and L. */
  private readonly xHost: Float32Array;
  private readonly yHost: Float32Array;
  private cachedSmoothness: number | undefined;

  /**
   * Initialise the tfjs backend (see `initBackend`), then upload the data set.
   * The data set's arrays are copied into tensors; later changes to them are not seen.
   */
  static async create(data: Dataset, options: LogisticRegressionOptions = {}): Promise<LogisticRegression> {
    await initBackend();
    return new LogisticRegression(data, options);
  }

  private constructor(data: Dataset, options: LogisticRegressionOptions) {
    const l2 = options.l2 ?? 0;
    if (!Number.isFinite(l2) || l2 < 0) throw new RangeError(msg.notNonNegative('l2', l2));
    if (options.init !== undefined && options.init.length !== data.d) {
      throw new RangeError(msg.dimensionMismatch('init', options.init.length, data.d));
    }
    this.w0 = options.init?.slice() ?? new Float32Array(data.d);
    this.dim = data.d;
    this.l2 = l2;
    this.nTrain = data.nTrain;
    // Copies: the cpu backend would otherwise keep a live reference to the caller's arrays.
    this.xHost = data.xTrain.slice();
    this.yHost = data.yTrain.slice();
    this.xTrain = tf.tensor2d(data.xTrain.slice(), [data.nTrain, data.d]);
    this.xTrainT = tf.transpose(this.xTrain);
    this.yTrain = tf.tensor1d(data.yTrain.slice());
    this.xTestT = tf.tidy(() => tf.transpose(tf.tensor2d(data.xTest, [data.nTest, data.d])));
    this.yTest = tf.tensor1d(data.yTest.slice());
  }

  /**
   * Mini-batch gradient at `w` over the training samples `indices` (repeats
   * allowed, counted with multiplicity): ∇[mean_{i∈batch} log(1+exp(−y_i x_i·w))] + λw.
   * @returns a new Float32Array of length `dim`
   */
  gradient(w: Float32Array, indices: Int32Array | readonly number[]): Float32Array {
    this.checkWeights(w);
    checkBatch(indices, this.nTrain);
    return glm.batchGradient(w, this.xHost, this.yHost, this.dim, indices, this.l2, softplusSlope);
  }

  /** ∇F(w) over all nTrain training samples (regulariser included). */
  fullGradient(w: Float32Array): Float32Array {
    this.checkWeights(w);
    return glm.gradient(w, { x: this.xTrain, xT: this.xTrainT }, this.yTrain, this.l2, softplusSlope);
  }

  /**
   * Smoothness bound L = λ_max(XᵀX)/(4n) + λ of the training objective: the
   * Hessian is XᵀDX/n + λI with D = diag(σ(m_i)σ(−m_i)) ≤ ¼. λ_max by power
   * iteration in float64 on the training features (default options of
   * `powerIteration`: fixed-key start vector, relative tolerance 1e-9).
   * Computed on the first call (≈ 2·n·d multiply-adds per iteration), then cached.
   */
  smoothness(): number {
    if (this.cachedSmoothness === undefined) {
      const top = powerIteration(this.dim, gramMatVec(this.xHost, this.nTrain, this.dim)).value;
      this.cachedSmoothness = top / 4 + this.l2;
    }
    return this.cachedSmoothness;
  }

  /** Full training objective at `w` (all nTrain samples, regulariser included). */
  loss(w: Float32Array): number {
    this.checkWeights(w);
    return readScalar(() => glm.objective(tf.tensor1d(w), { xT: this.xTrainT }, this.yTrain, this.l2, softplusLoss));
  }

  /** Test objective at `w` (all nTest samples, regulariser included, so comparable to `loss`). */
  testLoss(w: Float32Array): number {
    this.checkWeights(w);
    return readScalar(() => glm.objective(tf.tensor1d(w), { xT: this.xTestT }, this.yTest, this.l2, softplusLoss));
  }

  /**
   * Test accuracy at `w`, in [0, 1]. A sample is predicted +1 when x·w ≥ 0
   * (σ(0) = ½ rounds up), −1 otherwise.
   */
  accuracy(w: Float32Array): number {
    this.checkWeights(w);
    return readScalar(() => {
      const positive = tf.greaterEqual(glm.predict(tf.tensor1d(w), { xT: this.xTestT }), 0);
      const predicted = tf.sub(tf.mul(tf.cast(positive, 'float32'), 2), 1);
      return tf.mean(tf.cast(tf.equal(predicted, this.yTest), 'float32'));
    });
  }

  /** Release the data-set tensors. */
  dispose(): void {
    tf.dispose([this.xTrain, this.xTrainT, this.yTrain, this.xTestT, this.yTest]);
  }

  private checkWeights(w: Float32Array): void {
    checkWeights(w, this.dim);
  }
}

/** ℓ(m, y) = softplus(−y·m) = log(1 + exp(−y·m)), evaluated stably by the kernel. */
const softplusLoss = (m: tf.Tensor1D, y: tf.Tensor1D) => tf.softplus(tf.neg(tf.mul(y, m)));
/** ℓ′(m, y) = −y·σ(−y·m) (softplus′ = σ). */
const softplusSlope = (m: tf.Tensor1D, y: tf.Tensor1D) => {
  const negY = tf.neg(y);
  return tf.mul(negY, tf.sigmoid(tf.mul(negY, m)));
};
