import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../../sim/random.js';
import type { MnistDataset } from '../data/mnist.js';
import * as msg from '../messages.js';
import type { Model } from './model.js';
import { checkBatch, readScalar, checkWeights } from './checks.js';

/**
 * How a parameter block is initialised by `ParamLayout.init`:
 * - `glorot-uniform`: U(−a, a), a = √(6 / (fanIn + fanOut)) (Glorot & Bengio 2010), for layers feeding a softmax;
 * - `he-uniform`: U(−a, a), a = √(6 / fanIn) (He et al. 2015), for layers feeding a ReLU;
 * - `zeros`: all zeros (biases).
 */
export type InitScheme = 'glorot-uniform' | 'he-uniform' | 'zeros';

/** One named tensor inside a flat parameter vector. */
export interface ParamBlock {
  /** Name for diagnostics, e.g. `dense1/kernel`. */
  readonly name: string;
  /** Tensor shape; the block's values are this tensor, row-major (last axis fastest). */
  readonly shape: readonly number[];
  /** Initialisation scheme. */
  readonly init: InitScheme;
  /** Fan-in (inputs per output unit), for the initialisers. */
  readonly fanIn: number;
  /** Fan-out (outputs per input unit), for the initialisers. */
  readonly fanOut: number;
}

/**
 * A dense layer `y = x·W + b`: kernel `W` of shape `[inputs, outputs]`
 * (row = input unit) followed by bias `b` of shape `[outputs]` (zeros at init).
 */
export function denseBlocks(name: string, inputs: number, outputs: number, init: InitScheme): ParamBlock[] {
  return [
    { name: `${name}/kernel`, shape: [inputs, outputs], init, fanIn: inputs, fanOut: outputs },
    { name: `${name}/bias`, shape: [outputs], init: 'zeros', fanIn: inputs, fanOut: outputs },
  ];
}

/**
 * A 2-D convolution (NHWC): filter of shape `[kh, kw, inChannels, outChannels]`
 * (tfjs layout) followed by bias `[outChannels]` (zeros at init). Fans follow
 * Keras: fanIn = kh·kw·in, fanOut = kh·kw·out.
 */
export function convBlocks(
  name: string,
  kh: number,
  kw: number,
  inChannels: number,
  outChannels: number,
  init: InitScheme,
): ParamBlock[] {
  const fanIn = kh * kw * inChannels;
  const fanOut = kh * kw * outChannels;
  return [
    { name: `${name}/kernel`, shape: [kh, kw, inChannels, outChannels], init, fanIn, fanOut },
    { name: `${name}/bias`, shape: [outChannels], init: 'zeros', fanIn, fanOut },
  ];
}

/**
 * The packing of a network's layer tensors into one flat Float32Array: blocks
 * are concatenated in the given order, each block row-major. This flat vector
 * is what compressors, schemes and error-feedback memories see.
 */
export class ParamLayout {
  /** The blocks, in packing order. */
  readonly blocks: readonly ParamBlock[];
  /** Offset of each block in the flat vector. */
  readonly offsets: readonly number[];
  /** Number of values of each block. */
  readonly sizes: readonly number[];
  /** Total number of parameters d. */
  readonly dim: number;

  constructor(blocks: readonly ParamBlock[]) {
    this.blocks = Object.freeze([...blocks]);
    const sizes = blocks.map((b) => b.shape.reduce((p, n) => p * n, 1));
    const offsets: number[] = [];
    let dim = 0;
    for (const size of sizes) {
      offsets.push(dim);
      dim += size;
    }
    this.sizes = Object.freeze(sizes);
    this.offsets = Object.freeze(offsets);
    this.dim = dim;
  }

  /**
   * Seeded initial parameters: block by block in packing order, value by
   * value row-major, one `stream.uniform()` draw per non-zero-initialised value.
   */
  init(stream: RandomStream): Float32Array {
    const w = new Float32Array(this.dim);
    this.blocks.forEach((block, k) => {
      const limit = initLimit(block);
      if (limit === 0) return;
      const start = this.offsets[k] as number;
      const end = start + (this.sizes[k] as number);
      for (let i = start; i < end; i++) w[i] = (2 * stream.uniform() - 1) * limit;
    });
    return w;
  }

  /**
   * One tensor per block, holding a copy of its slice of `w`. Call inside
   * `tf.tidy` (or dispose the result).
   */
  tensors(w: Float32Array): tf.Tensor[] {
    // The wasm backend copies into its heap on upload, so a view suffices; the
    // cpu backend would keep the caller's array itself, so it gets a copy.
    const copies = heapBackend() === undefined;
    return this.blocks.map((block, k) => {
      const start = this.offsets[k] as number;
      const end = start + (this.sizes[k] as number);
      return tf.tensor(copies ? w.slice(start, end) : w.subarray(start, end), [...block.shape], 'float32');
    });
  }

  /** The inverse of `tensors`: concatenate per-block tensors (e.g. gradients) into one flat vector. */
  flatten(parts: readonly tf.Tensor[]): tf.Tensor1D {
    return tf.concat(parts.map((p) => tf.reshape(p, [-1])) as tf.Tensor1D[]);
  }

  /**
   * The inverse of `tensors` on the host: each block tensor's values written
   * into its slice of `out` (no concatenation, and no copy but the write on
   * wasm and cpu: see `hostValues`). Returns `out`.
   */
  read(parts: readonly tf.Tensor[], out: Float32Array): Float32Array {
    parts.forEach((part, k) => out.set(hostValues(part), this.offsets[k] as number));
    return out;
  }

  /** One line per block: `name [shape] @offset+size (init)`, for documentation and diagnostics. */
  describe(): string[] {
    return this.blocks.map(
      (b, k) => `${b.name} [${b.shape.join('×')}] @${this.offsets[k] as number}+${this.sizes[k] as number} (${b.init})`,
    );
  }
}

function initLimit(block: ParamBlock): number {
  switch (block.init) {
    case 'glorot-uniform':
      return Math.sqrt(6 / (block.fanIn + block.fanOut));
    case 'he-uniform':
      return Math.sqrt(6 / block.fanIn);
    case 'zeros':
      return 0;
  }
}

/**
 * `x · w` for a batch `x` `[n, k]` and a kernel `w` `[k, m]`, with a gradient
 * that multiplies explicitly transposed matrices: tfjs's own matMul gradient
 * passes transpose flags, which tfjs-backend-wasm 4.22 serves ~7× slower
 * (4.9 ms instead of 0.7 ms for 784×32 by 32×128).
 *
 * @param inputGradient false when `x` is data (its gradient is never needed and not computed)
 */
export function matMulLayer(x: tf.Tensor2D, w: tf.Tensor2D, inputGradient: boolean): tf.Tensor2D {
  // Tensors the gradient needs go through `save`: the engine keeps them until
  // backprop (and only while a tape records), whereas a closure's tensors are
  // freed when the forward pass's scope ends.
  if (!inputGradient) {
    return tf.customGrad((...inputs) => {
      const [kernel, save] = inputs as [tf.Tensor2D, tf.GradSaveFunc];
      save([x]);
      return {
        value: tf.matMul(x, kernel) as tf.Tensor2D,
        gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => tf.matMul(tf.transpose(saved[0] as tf.Tensor2D), dy),
      };
    })(w);
  }
  return tf.customGrad((...inputs) => {
    const [a, kernel, save] = inputs as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([a, kernel]);
    return {
      value: tf.matMul(a, kernel) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [sa, sk] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [tf.matMul(dy, tf.transpose(sk)), tf.matMul(tf.transpose(sa), dy)];
      },
    };
  })(x, w);
}

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

/**
 * The parts of tfjs-backend-wasm 4.22's backend used to read and write
 * tensors in place in its heap (its own JS kernels do the same).
 */
interface HeapBackend {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

function heapBackend(): HeapBackend | undefined {
  const b = tf.backend() as Partial<HeapBackend>;
  return typeof b.typedArrayFromHeap === 'function' && typeof b.makeOutput === 'function' ? (b as HeapBackend) : undefined;
}

/**
 * A float32 tensor's values on the host, read-only, without a copy where the
 * backend allows: on wasm a view of its heap (`dataSync()` would copy), valid
 * only until the next tensor is allocated (heap growth detaches it); on cpu
 * the tensor's own storage (what `dataSync()` returns); elsewhere a copy.
 */
export function hostValues(t: tf.Tensor): Float32Array {
  if (t.dtype !== 'float32') throw new TypeError(`hostValues: ${t.dtype} tensor, float32 expected`);
  const heap = heapBackend();
  return (heap ? heap.typedArrayFromHeap(t) : t.dataSync()) as Float32Array;
}

/**
 * A new float32 tensor of `shape` whose values `fill` writes, given them
 * zeroed: on wasm they are the tensor's heap memory (no JS array; `fill` must
 * not create tensors, which could grow the heap and detach the view, but may
 * read `hostValues`), elsewhere a new array the tensor is made from.
 */
export function hostTensor(shape: number[], fill: (values: Float32Array) => void): tf.Tensor {
  const heap = heapBackend();
  if (!heap) {
    const values = new Float32Array(shape.reduce((p, n) => p * n, 1));
    fill(values);
    return tf.tensor(values, shape, 'float32');
  }
  const t = tf.engine().makeTensorFromTensorInfo(heap.makeOutput(shape, 'float32'));
  const values = heap.typedArrayFromHeap(t) as Float32Array;
  values.fill(0); // malloc'd memory is not zeroed
  fill(values);
  return t;
}
