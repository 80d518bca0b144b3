/** Sparse vectors written as {index: value}, and back to dense, for the gTop-k tests. */
import type { SparseVector } from '../../../../src/learn/schemes/gtopk/index.js';

export const sparse = (dim: number, entries: Record<number, number>): SparseVector => {
  const keys = Object.keys(entries)
    .map(Number)
    .sort((a, b) => a - b);
  return { dim, indices: Int32Array.from(keys), values: Float32Array.from(keys.map((i) => entries[i]!)) };
};

export const dense = (v: SparseVector): Float32Array => {
  const out = new Float32Array(v.dim);
  v.indices.forEach((i, j) => (out[i] = v.values[j]!));
  return out;
};
