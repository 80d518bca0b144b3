import * as msg from './messages.js';

/**
 * One layer of a workload profile as a gradient source sees it: a name and
 * its parameter count. Layers are listed in forward order; their parameters
 * are consecutive slices of the flat vector, so Σ size = d.
 */
export interface GradientLayer {
  readonly name: string;
  /** Parameters of the layer (≥ 0; a parameter-free layer has size 0). */
  readonly size: number;
}

/**
 * Where a workload profile's gradients come from when the model is too large
 * to train here (see `synthetic.ts`, `recorded.ts`). The simulator runs the
 * real compressors on these true-size vectors; nothing depends on a model w.
 */
export interface GradientSource {
  /** d: length of every gradient. */
  readonly dim: number;
  /** Bytes the source holds in memory, for the run's memory estimate. */
  readonly bytes: number;
  /**
   * Write coordinates [offset, offset + out.length) of worker `worker`'s
   * gradient at iteration `iteration` (1-based) into `out`. Without `offset`,
   * `out` is the whole vector (length d). Deterministic in (seed, worker,
   * iteration), whatever the order of calls; a slice equals the same
   * coordinates of the whole vector, so a run may fetch a gradient bucket by
   * bucket. Allocates nothing of size d per call.
   * @param iteration t ≥ 1 (integer)
   * @param worker worker index ≥ 0 (integer)
   * @param out caller's buffer, overwritten
   * @param offset first coordinate (default 0)
   */
  next(iteration: number, worker: number, out: Float32Array, offset?: number): void;
}

/** d = Σ size, after checking every size is a whole number ≥ 0 and d ≥ 1. */
export function layersDim(layers: readonly GradientLayer[]): number {
  let dim = 0;
  for (const l of layers) {
    if (!(Number.isInteger(l.size) && l.size >= 0)) throw new RangeError(msg.badLayerSize(l.name, l.size));
    dim += l.size;
  }
  if (dim < 1) throw new RangeError(msg.noParameters(layers.length));
  return dim;
}

/**
 * Check a `next()` call's arguments; returns the resolved offset. Shared by
 * every source so they reject the same calls with the same messages.
 */
export function checkCall(dim: number, iteration: number, worker: number, out: Float32Array, offset: number | undefined): number {
  if (!(Number.isInteger(iteration) && iteration >= 1)) throw new RangeError(msg.badIteration(iteration));
  if (!(Number.isInteger(worker) && worker >= 0)) throw new RangeError(msg.badWorker(worker));
  const at = offset ?? 0;
  if (offset === undefined ? out.length !== dim : !(Number.isInteger(at) && at >= 0 && at + out.length <= dim)) {
    throw new RangeError(msg.badSlice(at, out.length, dim));
  }
  return at;
}
