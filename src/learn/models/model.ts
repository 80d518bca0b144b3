/**
 * A differentiable model over a fixed data set, seen by the learning schemes
 * only through flat float32 parameter vectors. Implementations own their
 * tensors; call `dispose()` when the run ends.
 */
export interface Model {
  /** Number of parameters d (length of every parameter and gradient vector). */
  readonly dim: number;
  /** Floating-point operations of one sample's forward + backward pass (for compute time). */
  readonly flopsPerSample: number;
  /**
   * Mini-batch gradient of the training objective at `w`, averaged over the
   * given training-sample indices (regulariser included once). Returns a new array.
   */
  gradient(w: Float32Array, indices: Int32Array | readonly number[]): Float32Array;
  /** Full training objective at `w` (data term averaged over all samples, plus regulariser). */
  loss(w: Float32Array): number;
  /** Fraction of the test set classified correctly at `w`, in [0, 1]. */
  accuracy(w: Float32Array): number;
  /** Release the model's tensors; the model is unusable afterwards. */
  dispose(): void;
}
