import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../../src/sim/random.js';
import { topKIndices } from '../../../../src/learn/compress/select.js';
import { randomIndices } from '../../../../src/learn/compress/shared-indices.js';
import { gTopKErrors } from '../../../../src/learn/schemes/gtopk/messages.js';
import { intersectSorted, mergeTopK, sparseTopK, type SparseVector } from '../../../../src/learn/schemes/gtopk/merge.js';
import { dense, sparse } from './fixtures.js';

/** A random vector with k non-zeros (normal values) from `stream`. */
const randomSparse = (stream: RandomStream, dim: number, k: number): SparseVector => {
  const indices = randomIndices(stream, dim, k);
  return { dim, indices, values: Float32Array.from(indices, () => stream.normal()) };
};
/** Brute force eq. 6: TopK of the dense float32 sum (TopK of each input first). */
const bruteMerge = (x: SparseVector, y: SparseVector, k: number): SparseVector => {
  const top = (v: SparseVector) => {
    const d = dense(v);
    const keep = topKIndices(d, Math.min(k, v.indices.length));
    const out = new Float32Array(v.dim);
    keep.forEach((i) => (out[i] = d[i]!));
    return out;
  };
  const a = top(x);
  const b = top(y);
  const sum = new Float32Array(x.dim);
  for (let i = 0; i < sum.length; i++) sum[i] = a[i]! + b[i]!;
  const indices = topKIndices(sum, k);
  return { dim: x.dim, indices, values: Float32Array.from(indices, (i) => sum[i]!) };
};

describe('gTop-k merge x ⊤ y (eq. 6)', () => {
  it('works the example: a large value cancelled by the partner drops out', () => {
    const x = sparse(8, { 1: 3, 4: -1 });
    const y = sparse(8, { 1: -2.5, 6: 2 });
    // sum {1: 0.5, 4: −1, 6: 2}: the top 2 by magnitude are 6 and 4, signs kept
    const z = mergeTopK(x, y, 2);
    expect([...z.indices]).toEqual([4, 6]);
    expect([...z.values]).toEqual([-1, 2]);
  });

  it('equals a brute-force top-k of the dense float32 sum, for random vectors and overlaps', () => {
    const stream = new RandomStream(1, 0, 'test/gtopk/merge');
    for (const [d, k] of [
      [50, 5],
      [1000, 10],
      [1000, 100],
      [64, 32],
      [10, 10],
      [100, 1],
    ] as const) {
      for (let rep = 0; rep < 20; rep++) {
        const x = randomSparse(stream, d, k);
        const y = randomSparse(stream, d, k);
        const z = mergeTopK(x, y, k);
        const b = bruteMerge(x, y, k);
        expect(z.indices).toEqual(b.indices);
        expect(z.values).toEqual(b.values);
        expect(z.indices.length).toBe(k);
      }
    }
  });

  it('breaks ties in magnitude by the lower index, and does not depend on the order of its arguments', () => {
    const stream = new RandomStream(1, 0, 'test/gtopk/ties');
    for (let rep = 0; rep < 50; rep++) {
      const d = 40;
      const k = 6;
      const pick = (): SparseVector => {
        const indices = randomIndices(stream, d, k);
        return { dim: d, indices, values: Float32Array.from(indices, () => 1 + stream.int(3)) }; // positive: no cancellation
      };
      const x = pick();
      const y = pick();
      const b = bruteMerge(x, y, k);
      for (const z of [mergeTopK(x, y, k), mergeTopK(y, x, k)]) {
        expect(z.indices).toEqual(b.indices);
        expect(z.values).toEqual(b.values);
      }
    }
  });

  it('is TopK(TopK(x) + TopK(y)): inputs with more than k entries are cut to their top k first', () => {
    const x = sparse(10, { 0: 5, 1: 1, 2: 4 });
    const y = sparse(10, { 1: 3.5, 3: 0.5 });
    // TopK₂(x) = {0: 5, 2: 4} (x's 1 is gone before the sum), TopK₂(y) = y; sum {0: 5, 1: 3.5, 2: 4, 3: 0.5}
    expect(dense(mergeTopK(x, y, 2))).toEqual(dense(sparse(10, { 0: 5, 2: 4 })));
    expect(dense(sparseTopK(x, 2))).toEqual(dense(sparse(10, { 0: 5, 2: 4 })));
  });

  it('keeps min(k, |union|) entries and a coordinate whose values cancel to zero when it ranks', () => {
    const z = mergeTopK(sparse(6, { 0: 1, 2: -2 }), sparse(6, { 2: 2 }), 3);
    expect([...z.indices]).toEqual([0, 2]);
    expect([...z.values]).toEqual([1, 0]);
  });

  it('never allocates anything of length d (d = 2·10⁹ with k = 3 runs at once)', () => {
    const d = 2_000_000_000;
    const z = mergeTopK(sparse(d, { 5: 1, 1_999_999_999: -3 }), sparse(d, { 5: 1.5, 7: 2 }), 2);
    expect([...z.indices]).toEqual([5, 1_999_999_999]);
    expect([...z.values]).toEqual([2.5, -3]);
  });

  it('leaves its inputs unchanged and refuses bad k and mismatched dimensions (catalog messages)', () => {
    const x = sparse(8, { 1: 3, 4: -1, 5: 2 });
    const y = sparse(8, { 1: -2.5, 6: 2 });
    const before = [x.indices.slice(), x.values.slice(), y.indices.slice(), y.values.slice()];
    mergeTopK(x, y, 2);
    expect([x.indices, x.values, y.indices, y.values]).toEqual(before);
    expect(() => mergeTopK(x, y, 0)).toThrow(gTopKErrors.badK(0));
    expect(() => mergeTopK(x, y, 1.5)).toThrow(gTopKErrors.badK(1.5));
    expect(() => mergeTopK(x, sparse(9, { 1: 1 }), 2)).toThrow(gTopKErrors.dimMismatch(8, 9));
  });

  it('intersects sorted index lists', () => {
    expect([...intersectSorted(Int32Array.from([1, 3, 5, 9]), Int32Array.from([0, 3, 4, 9, 11]))]).toEqual([3, 9]);
    expect([...intersectSorted(new Int32Array(0), Int32Array.from([1]))]).toEqual([]);
  });
});
