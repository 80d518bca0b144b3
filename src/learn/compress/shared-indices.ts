import { RandomStream } from '../../sim/random.js';
import type { Indexing } from './message.js';

/**
 * k distinct indices drawn uniformly from [0, dim), in increasing order,
 * consuming exactly k draws of `stream` (Floyd's sampling algorithm: for
 * j = d−k … d−1 draw t ∈ [0, j]; take t, or j if t was already taken).
 * Two parties holding streams with the same key get the same set.
 * @param stream the random stream (advanced by k draws)
 * @param dim dimension d ≥ 1
 * @param k count, 0 ≤ k ≤ d
 */
export function randomIndices(stream: RandomStream, dim: number, k: number): Int32Array {
  // A bitmap for dense draws (no sort needed), a Set for sparse ones (then sort k ints).
  if (k * 32 >= dim) {
    const taken = new Uint8Array(dim);
    for (let j = dim - k; j < dim; j++) {
      const t = stream.int(j + 1);
      taken[taken[t] ? j : t] = 1;
    }
    const out = new Int32Array(k);
    let n = 0;
    for (let i = 0; i < dim; i++) if (taken[i]) out[n++] = i;
    return out;
  }
  const taken = new Set<number>();
  for (let j = dim - k; j < dim; j++) {
    const t = stream.int(j + 1);
    taken.add(taken.has(t) ? j : t);
  }
  const out = Int32Array.from(taken);
  out.sort();
  return out;
}

/**
 * The index set a `shared-seed` message stands for: k indices from the
 * stream `(seed, run, stream)` named in the indexing. This is what the
 * receiver runs; the worker ran the same function on a stream with the same key.
 */
export function sharedRandomIndices(indexing: Extract<Indexing, { kind: 'shared-seed' }>, dim: number, k: number): Int32Array {
  return randomIndices(new RandomStream(indexing.seed, indexing.run, indexing.stream), dim, k);
}
