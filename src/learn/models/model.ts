import type { RandomStream } from '../../sim/index.js';

/** The optimum of a model whose minimiser is known in closed form. */
export interface Optimum {
  /** w* */
  readonly w: Float32Array;
  /** F* = F(w*) */
  readonly loss: number;
}

/**
 * A differentiable model over a fixed data set, seen by the learning schemes
 * only through flat float32 parameter vectors (the boundary to compressors).
 * Implementations own their tensors; call `dispose()` when the run ends.
 */
export interface Model {
  /** Short name for messages and metrics, e.g. "logistic-regression", "mnist-mlp". */
  readonly name: string;
  /** Number of parameters d (length of every parameter and gradient vector). */
  readonly dim: number;
  /** Floating-point operations of one sample's forward + backward pass (for compute time). */
  readonly flopsPerSample: number;
  /** Training samples; valid mini-batch indices are [0, nTrain). */
  readonly nTrain: number;
  /** The initial parameters w₀ (seeded where random, e.g. neural-network weights; zeros for convex models). */
  init(stream: RandomStream): Float32Array;
  /**
   * Mini-batch gradient of the training objective at `w`, averaged over the
   * given training-sample indices (regulariser included once). Written into
   * `out` when given (a worker's buffer, reused every iteration, so the
   * iteration loop allocates nothing of size d) and returned; else a new array.
   */
  gradient(w: Float32Array, indices: Int32Array | readonly number[], out?: Float32Array): Float32Array;
  /** The training objective F(w) (as the model's paper defines it: see each model). */
  loss(w: Float32Array): number;
  /** Fraction of the test set classified correctly at `w`, in [0, 1] (classifiers only). */
  accuracy?(w: Float32Array): number;
  /** ∇F(w) over the whole training set, for ‖∇F‖² (where cheap). */
  fullGradient?(w: Float32Array): Float32Array;
  /** w* and F*, where known in closed form. */
  readonly optimum?: Optimum;
  /** Smoothness constant L of F (an estimate, e.g. by power iteration), for step sizes such as CAT's 1/L. */
  smoothness?(): number;
  /** Release the model's tensors; the model is unusable afterwards. */
  dispose(): void;
}
