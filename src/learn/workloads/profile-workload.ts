import type { GradientSource } from './gradients/source.js';
import type { WorkloadProfile } from './profile.js';
import type { Workload } from './workload.js';

/**
 * A workload profile run at its true size: d = Σ layer parameters, each
 * worker's gradient from the gradient source (independent of the model w:
 * nothing is trained, no loss exists), and a step's FLOPs the profile's
 * per-sample FLOPs × the batch.
 * @param batch samples per worker step
 */
export function profileWorkload(profile: WorkloadProfile, source: GradientSource, batch: number): Workload {
  const layers = profile.layers.map((l) => ({ name: l.name, size: l.params, forwardFlops: l.forwardFlops * batch, backwardFlops: l.backwardFlops * batch }));
  const dim = layers.reduce((n, l) => n + l.size, 0);
  if (source.dim !== dim) throw new Error(`gradient source of dimension ${source.dim} for profile "${profile.name}" of ${dim} parameters`);
  let stepFlops = 0;
  for (const l of layers) stepFlops += l.forwardFlops + l.backwardFlops;
  return {
    name: profile.name,
    dim,
    layers,
    stepFlops,
    trained: false,
    gradient(worker, iteration, _w, out) {
      source.next(iteration, worker, out);
    },
    gradientSlice(worker, iteration, _w, offset, out) {
      source.next(iteration, worker, out, offset);
    },
  };
}
