import type { Workload } from './workload.js';

/** What a profile workload needs of a workload profile (see `profile.ts`). */
interface ProfileLayers {
  readonly name: string;
  /** Layers in forward order, FLOPs per sample. */
  readonly layers: readonly { readonly name: string; readonly params: number; readonly forwardFlops: number; readonly backwardFlops: number }[];
}

/** What a profile workload needs of a gradient source (see `gradients/`). */
interface Source {
  readonly dim: number;
  /** Coordinates [offset, offset + out.length) of worker's gradient at iteration (default offset 0: the whole vector). */
  next(iteration: number, worker: number, out: Float32Array, offset?: number): void;
}

/**
 * A workload profile run at its true size: d = Σ layer parameters, each
 * worker's gradient from the gradient source (independent of the model w:
 * nothing is trained, no loss exists), and a step's FLOPs the profile's
 * per-sample FLOPs × the batch.
 * @param batch samples per worker step
 */
export function profileWorkload(profile: ProfileLayers, source: Source, batch: number): Workload {
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
