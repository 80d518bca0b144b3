import type { BatchSampler } from '../batch-sampler.js';
import type { Model } from '../models/model.js';

/**
 * One layer's share of a worker step: its parameters (a contiguous slice of
 * the flat vector, in forward order) and the FLOPs of its forward and
 * backward pass over the worker's whole mini-batch.
 */
export interface WorkloadLayer {
  readonly name: string;
  /** Parameters of the layer (its slice's length). */
  readonly size: number;
  /** FLOPs of the forward pass over one step's batch. */
  readonly forwardFlops: number;
  /** FLOPs of the backward pass over one step's batch. */
  readonly backwardFlops: number;
}

/**
 * What the workers compute on, as the schemes see it: a flat vector of d
 * parameters, a gradient per (worker, iteration) written into a caller's
 * buffer, and the FLOPs of a step layer by layer (backward compute makes
 * gradients ready layer by layer in reverse order: buckets and overlap).
 * Either a model trained for real ({@link trainedWorkload}) or a workload
 * profile whose gradients come from a gradient source.
 */
export interface Workload {
  readonly name: string;
  /** d */
  readonly dim: number;
  /** Layers in forward order; sizes sum to d. A trained model is one layer. */
  readonly layers: readonly WorkloadLayer[];
  /** FLOPs of one worker step (forward + backward of every layer, over its batch). */
  readonly stepFlops: number;
  /** Whether `gradient` depends on the model w (false: a profile's gradient source). */
  readonly trained: boolean;
  /**
   * Worker `worker`'s gradient at iteration t (1-based) at the model `w`,
   * written into `out` (length d; the caller's buffer, reused).
   */
  gradient(worker: number, iteration: number, w: Float32Array, out: Float32Array): void;
  /**
   * Coordinates [offset, offset + out.length) of the same gradient, for a
   * bucket (absent: the workload is one bucket, e.g. a trained model whose
   * gradient is one computation).
   */
  gradientSlice?(worker: number, iteration: number, w: Float32Array, offset: number, out: Float32Array): void;
}

/**
 * A model trained for real: worker i's gradient is the model's mini-batch
 * gradient over its sampler's next batch. One layer: the model's
 * `flopsPerSample` × batch, split forward : backward as 1 : 2 (a backward
 * pass computes gradients for inputs and weights, two products per forward one).
 */
export function trainedWorkload(model: Model, samplers: readonly BatchSampler[]): Workload {
  const batch = samplers[0]?.batchSize ?? 1;
  if (samplers.some((s) => s.batchSize !== batch)) throw new Error('trainedWorkload: every worker must use the same batch size');
  const flops = model.flopsPerSample * batch;
  return {
    name: model.name,
    dim: model.dim,
    trained: true,
    stepFlops: flops,
    layers: [{ name: model.name, size: model.dim, forwardFlops: flops / 3, backwardFlops: (2 * flops) / 3 }],
    gradient(worker, _t, w, out) {
      const g = model.gradient(w, samplers[worker]!.next(), out);
      if (g !== out) out.set(g); // a model that ignores `out` (still correct, allocates)
    },
  };
}
