import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../../sim/random.js';
import type { MnistDataset } from '../data/mnist.js';
import * as msg from '../messages.js';
import type { Model } from './model.js';
import { checkBatch, readScalar, checkWeights } from './checks.js';
import { ParamLayout } from './tf-params.js';

/** Options shared by the TensorFlow.js classifiers. */
export interface ClassifierOptions {
  /** L2 coefficient λ ≥ 0 of the regulariser λ/2‖w‖² over the whole flat vector (biases included). Default 0. */
  readonly l2?: number;
}

/** Samples per forward pass in `loss`, `accuracy` and `fullGradient` (bounds peak memory). */
const EVAL_CHUNK = 500;

/**
 * Base class of the multi-class classifiers over an image data set (softmax
 * regression, MLP, CNN) with flat float32 parameters packed by a `ParamLayout`.
 *
 * Objective: mean softmax cross-entropy over the samples plus λ/2‖w‖².
 * Gradients come from TensorFlow.js autodiff (`tf.grads` with respect to the
 * per-block tensors sliced from `w`, each read back into its slice of the
 * flat vector: see `gradient` for what a call allocates).
 * The data set is uploaded once, at construction, as tensors of ≤ 500
 * samples (two per chunk: images and labels; the training set is also kept
 * on the host, where mini-batches are assembled); every method creates its
 * temporaries inside `tf.tidy`, so the live tensor count stays constant
 * across calls.
 *
 * The base class checks arguments and owns the data tensors; a subclass only
 * defines `logits` (the forward pass).
 */
export abstract class TfClassifier implements Model {
  abstract readonly name: string;
  abstract readonly flopsPerSample: number;
  /** Number of parameters d. */
  readonly dim: number;
  /** Number of training samples (valid batch indices are `[0, nTrain)`). */
  readonly nTrain: number;
  /** Number of test samples. */
  readonly nTest: number;
  /** Number of classes. */
  readonly classes: number;
  /** L2 coefficient λ. */
  readonly l2: number;
  /** The packing of the layer tensors in the flat parameter vector. */
  readonly layout: ParamLayout;
  /** Features per sample. */
  private readonly d: number;
  /** Host copies of the training set, from which mini-batches are assembled. */
  private readonly xTrainHost: Float32Array;
  private readonly yTrainHost: Int32Array;
  /** The training and test sets as tensors of ≤ 500 samples each (for loss, accuracy, full gradient). */
  private readonly trainChunks: readonly Chunk[];
  private readonly testChunks: readonly Chunk[];
  /** `gradient`'s mini-batch images and labels, reused while the batch size stays the same. */
  private xBatch = new Float32Array(0);
  private yBatch = new Int32Array(0);

  /** Call only after `initBackend()` has settled (the subclasses' `create()` do). */
  protected constructor(data: MnistDataset, layout: ParamLayout, options: ClassifierOptions) {
    const l2 = options.l2 ?? 0;
    if (!Number.isFinite(l2) || l2 < 0) throw new RangeError(msg.notNonNegative('l2', l2));
    for (const labels of [data.yTrain, data.yTest]) {
      for (const y of labels) if (y < 0 || y >= data.classes) throw new RangeError(msg.labelOutOfRange(y, data.classes));
    }
    this.layout = layout;
    this.dim = layout.dim;
    this.nTrain = data.nTrain;
    this.nTest = data.nTest;
    this.classes = data.classes;
    this.l2 = l2;
    this.d = data.d;
    // Copies: later changes to the caller's arrays must not be seen.
    this.xTrainHost = data.xTrain.slice(0, data.nTrain * data.d);
    this.yTrainHost = data.yTrain.slice(0, data.nTrain);
    this.trainChunks = uploadChunks(this.xTrainHost, this.yTrainHost, data.d);
    this.testChunks = uploadChunks(data.xTest, data.yTest, data.d);
  }

  /**
   * Forward pass: class scores (pre-softmax) `[batch, classes]` for the images
   * `x` (`[batch, d]`, row-major pixels) under the per-block parameters `params`
   * (in `layout` order). Called inside `tf.tidy`.
   */
  protected abstract logits(params: readonly tf.Tensor[], x: tf.Tensor2D): tf.Tensor2D;

  /** Seeded initial parameters (see `ParamLayout.init` and each model's layout). */
  init(stream: RandomStream): Float32Array {
    return this.layout.init(stream);
  }

  /**
   * Mini-batch gradient at `w` over the training samples `indices` (repeats
   * allowed, counted with multiplicity):
   * ∇[mean_{i∈batch} CE(softmax(f(x_i; w)), y_i)] + λw.
   *
   * With `out` given, on the wasm backend, a call allocates no array of size
   * d or of the batch: the weights are uploaded from views of `w`, the batch
   * is assembled in buffers reused across calls, and each gradient block is
   * copied from the wasm heap straight into `out` (`dataSync()` would copy
   * it out first). What remains is tfjs's per-kernel bookkeeping, independent
   * of d: 3.0, 3.1 and 3.4 kB of small ArrayBuffers per batch-32 call of
   * mnist-softmax, -mlp and -cnn (`npm run bench -- compress`, `bytesPerCall`;
   * before: 198 kB, 1.32 MB, 1.80 MB) and 0.3–0.6 MB of JS objects (tensors,
   * tape nodes; V8 heap growth per call). The cpu backend also copies the
   * weights (4d bytes: it keeps the arrays it is given); tfjs-node copies
   * each block on read.
   *
   * @param out written and returned when given (length `dim`); else a new array
   * @returns the gradient, length `dim`, in `layout` order
   */
  gradient(w: Float32Array, indices: Int32Array | readonly number[], out?: Float32Array): Float32Array {
    this.checkWeights(w);
    checkBatch(indices, this.nTrain);
    if (out !== undefined && out.length !== this.dim) {
      throw new RangeError(msg.dimensionMismatch('gradient buffer', out.length, this.dim));
    }
    const n = indices.length;
    // The batch is assembled on the host: on wasm, tf.gather costs ~1.5 ms for
    // 32 × 784 values, ten times a host copy plus upload. The buffers are
    // reused: the tensors made from them die within this call.
    if (this.yBatch.length !== n) {
      this.xBatch = new Float32Array(n * this.d);
      this.yBatch = new Int32Array(n);
    }
    const { xBatch, yBatch } = this;
    for (let b = 0; b < n; b++) {
      const i = indices[b] as number;
      xBatch.set(this.xTrainHost.subarray(i * this.d, (i + 1) * this.d), b * this.d);
      yBatch[b] = this.yTrainHost[i] as number;
    }
    const parts = tf.tidy(() => {
      const x = tf.tensor2d(xBatch, [n, this.d]);
      const y = tf.tensor1d(yBatch, 'int32');
      return tf.grads((...params: tf.Tensor[]) => {
        const data = tf.mean(this.crossEntropy(params, x, y));
        return this.l2 === 0 ? data : tf.add(data, tf.mul(this.l2 / 2, tf.addN(params.map((p) => tf.sum(tf.square(p))))));
      })(this.layout.tensors(w));
    });
    try {
      return this.layout.read(parts, out ?? new Float32Array(this.dim));
    } finally {
      tf.dispose(parts);
    }
  }

  /**
   * The training objective F(w): mean cross-entropy over all `nTrain` training
   * samples (in chunks of 500) plus λ/2‖w‖² (accumulated in float64).
   */
  loss(w: Float32Array): number {
    this.checkWeights(w);
    let sum = 0;
    this.withParams(w, (params) => {
      for (const { x, y } of this.trainChunks) sum += readScalar(() => tf.sum(this.crossEntropy(params, x, y)));
    });
    return sum / this.nTrain + this.penalty(w);
  }

  /** Fraction of the test set whose largest logit is the true class, in [0, 1] (ties: lowest class index). */
  accuracy(w: Float32Array): number {
    this.checkWeights(w);
    let correct = 0;
    this.withParams(w, (params) => {
      for (const { x, y } of this.testChunks) {
        correct += readScalar(() => tf.sum(tf.cast(tf.equal(tf.argMax(this.logits(params, x), 1), y), 'int32')));
      }
    });
    return correct / this.nTest;
  }

  /** ∇F(w) over the whole training set (in chunks of 500, accumulated in float64), regulariser included. */
  fullGradient(w: Float32Array): Float32Array {
    this.checkWeights(w);
    const acc = new Float64Array(this.dim);
    const g = new Float32Array(this.dim);
    this.withParams(w, (params) => {
      for (const { x, y } of this.trainChunks) {
        const parts = tf.tidy(() => tf.grads((...p: tf.Tensor[]) => tf.sum(this.crossEntropy(p, x, y)))(params));
        try {
          this.layout.read(parts, g);
        } finally {
          tf.dispose(parts);
        }
        for (let j = 0; j < this.dim; j++) acc[j] = (acc[j] as number) + (g[j] as number);
      }
    });
    const out = new Float32Array(this.dim);
    for (let j = 0; j < this.dim; j++) out[j] = (acc[j] as number) / this.nTrain + this.l2 * (w[j] as number);
    return out;
  }

  /** Release the data-set tensors; the model is unusable afterwards. */
  dispose(): void {
    for (const { x, y } of [...this.trainChunks, ...this.testChunks]) tf.dispose([x, y]);
  }

  /** Per-sample cross-entropy `logsumexp(z) − z_y`, `[batch]`. */
  private crossEntropy(params: readonly tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor1D): tf.Tensor1D {
    const z = this.logits(params, x);
    const picked = tf.sum(tf.mul(z, tf.oneHot(y, this.classes)), 1);
    return tf.sub(tf.logSumExp(z, 1), picked) as tf.Tensor1D;
  }

  /** Run `f` with the block tensors of `w`, uploaded once for all chunks and disposed afterwards. */
  private withParams(w: Float32Array, f: (params: tf.Tensor[]) => void): void {
    const params = this.layout.tensors(w);
    try {
      f(params);
    } finally {
      tf.dispose(params);
    }
  }

  private penalty(w: Float32Array): number {
    if (this.l2 === 0) return 0;
    let sq = 0;
    for (const v of w) sq += v * v;
    return (this.l2 / 2) * sq;
  }

  private checkWeights(w: Float32Array): void {
    checkWeights(w, this.dim);
  }
}

/** A slice of a data set, uploaded once. */
interface Chunk {
  /** Images `[n, d]`. */
  readonly x: tf.Tensor2D;
  /** Labels `[n]`, int32. */
  readonly y: tf.Tensor1D;
}

/**
 * Upload a data set as tensors of ≤ EVAL_CHUNK samples. Chunks are kept
 * rather than one big tensor because slicing one on wasm copies all of it.
 */
function uploadChunks(x: Float32Array, y: Int32Array, d: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (let start = 0; start < y.length; start += EVAL_CHUNK) {
    const n = Math.min(EVAL_CHUNK, y.length - start);
    chunks.push({
      // slice() copies: the cpu backend would otherwise keep a view of the caller's array.
      x: tf.tensor2d(x.slice(start * d, (start + n) * d), [n, d]),
      y: tf.tensor1d(y.slice(start, start + n), 'int32'),
    });
  }
  return chunks;
}
