import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../../src/sim/random.js';
import { topKIndices } from '../../../../src/learn/compress/select.js';
import { randomIndices } from '../../../../src/learn/compress/shared-indices.js';
import { sparseFp32 } from '../../../../src/learn/compress/compressor.js';
import { RAW32 } from '../../../../src/learn/encoding/encoding.js';
import * as learnMsg from '../../../../src/learn/messages.js';
import {
  contributionMasks,
  gTopKCombiner,
  gTopKDelta,
  gTopKErrors,
  intersectSorted,
  localPartial,
  mergeTopK,
  sparseTopK,
  type GTopKPartial,
  type SparseVector,
} from '../../../../src/learn/schemes/gtopk/index.js';

const sparse = (dim: number, entries: Record<number, number>): SparseVector => {
  const keys = Object.keys(entries)
    .map(Number)
    .sort((a, b) => a - b);
  return { dim, indices: Int32Array.from(keys), values: Float32Array.from(keys.map((i) => entries[i]!)) };
};
const dense = (v: SparseVector): Float32Array => {
  const out = new Float32Array(v.dim);
  v.indices.forEach((i, j) => (out[i] = v.values[j]!));
  return out;
};
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

describe('gMask (eq. 7): where a worker’s value contributes to the global top-k', () => {
  const msg = (v: SparseVector) => sparseFp32(v.dim, v.indices.slice(), v.values.slice());
  const combiner = gTopKCombiner(1, RAW32);
  const tree = (locals: SparseVector[]): GTopKPartial => {
    const leaves = locals.map((v, i) => localPartial(i, msg(v)));
    // P = 4 by hand: round 0 pairs (0, 1) and (2, 3), round 1 their merges, lower ranks first
    return combiner.combine(combiner.combine(leaves[0]!, leaves[1]!), combiner.combine(leaves[2]!, leaves[3]!));
  };

  it('is empty for a worker whose value was dropped at a merge even when the index re-enters from another subtree', () => {
    // k = 1. Worker 0 selects index 0 (1.0) but loses to worker 1's index 1 (2.0) in round 0;
    // worker 2's index 0 (3.0) wins round 1, so x = {0: 3}: index 0 is global, yet worker 0 did not contribute.
    const locals = [sparse(4, { 0: 1 }), sparse(4, { 1: 2 }), sparse(4, { 0: 3 }), sparse(4, { 2: 0.5 })];
    const root = tree(locals);
    expect([...root.message.indices]).toEqual([0]);
    expect([...root.message.values]).toEqual([3]);
    const masks = contributionMasks(root, 4).map((m) => [...m]);
    expect(masks).toEqual([[], [], [0], []]);
    // local ∩ global would have said [0] for worker 0: its 1.0 would be neither applied nor kept.
    expect([...intersectSorted(locals[0]!.indices, root.message.indices)]).toEqual([0]);
    // with eq. 7, Σ_p (acc_p ⊙ ¬gMask_p) + x = Σ_p acc_p
    const residualSum = new Float32Array(4);
    locals.forEach((v, p) =>
      v.indices.forEach((i, j) => {
        if (!masks[p]!.includes(i)) residualSum[i] = residualSum[i]! + v.values[j]!;
      }),
    );
    expect([...residualSum].map((r, i) => r + dense(root.message)[i]!)).toEqual([4, 2, 0.5, 0]);
  });

  it('includes every coordinate where the worker’s value survives all merges', () => {
    const root = tree([sparse(4, { 3: 5 }), sparse(4, { 1: 2 }), sparse(4, { 3: 1 }), sparse(4, { 2: 0.5 })]);
    expect([...root.message.values]).toEqual([6]);
    expect(contributionMasks(root, 4).map((m) => [...m])).toEqual([[3], [], [3], []]);
  });

  it('refuses a tree that lacks a worker or has one twice', () => {
    const leaf = localPartial(0, msg(sparse(4, { 0: 1 })));
    expect(() => contributionMasks(leaf, 2)).toThrow(gTopKErrors.missingLeaf(1, 2));
    expect(() => contributionMasks(combiner.combine(leaf, leaf), 2)).toThrow(gTopKErrors.missingLeaf(0, 2));
  });
});

describe('δ of §5.2 (gTop-k error over Rand-k error)', () => {
  it('works a small example by hand', () => {
    // P = 2, d = 4, k = 1: x¹ = (2, 0, 0, 1), x² = (2, 1, 0, −1); x̄ = (2, 0.5, 0, 0); gTop-k x = {0: 4}
    const inputs = [Float32Array.from([2, 0, 0, 1]), Float32Array.from([2, 1, 0, -1])];
    const r = gTopKDelta(inputs, sparse(4, { 0: 4 }), 1);
    expect(r.gtopkErrorSq).toBe(0.25); // ‖(0, 0.5, 0, 0)‖²
    expect(r.randkErrorSq).toBe((3 / 4) * 4.25);
    expect(r.delta).toBeCloseTo(0.25 / 3.1875, 15);
  });

  it('uses the exact expectation of Rand-k, which a Monte-Carlo average approaches', () => {
    const stream = new RandomStream(1, 0, 'test/gtopk/delta');
    const d = 200;
    const k = 20;
    const x = Float32Array.from({ length: d }, () => stream.normal());
    const r = gTopKDelta([x], sparse(d, {}), k);
    let sum = 0;
    const n = 4000;
    for (let rep = 0; rep < n; rep++) {
      const keep = new Set(randomIndices(stream, d, k));
      let e = 0;
      for (let i = 0; i < d; i++) if (!keep.has(i)) e += x[i]! ** 2;
      sum += e;
    }
    expect(Math.abs(sum / n - r.randkErrorSq) / r.randkErrorSq).toBeLessThan(0.01);
    expect(r.delta).toBeCloseTo(1 / (1 - k / d), 6); // an empty x leaves all of x̄
  });

  it('is below 1 for one worker, whose gTop-k is its Top-k', () => {
    const stream = new RandomStream(1, 0, 'test/gtopk/delta-one');
    for (let rep = 0; rep < 10; rep++) {
      const d = 500;
      const x = Float32Array.from({ length: d }, () => stream.normal());
      const idx = topKIndices(x, 5);
      const r = gTopKDelta([x], { dim: d, indices: idx, values: Float32Array.from(idx, (i) => x[i]!) }, 5);
      expect(r.delta).toBeLessThan(1);
      expect(r.delta).toBeGreaterThan(0);
    }
  });

  it('refuses a budget outside [1, d] and inputs of the wrong length', () => {
    expect(() => gTopKDelta([new Float32Array(4)], sparse(4, {}), 5)).toThrow(learnMsg.budgetOutOfRange(5, 4));
    expect(() => gTopKDelta([new Float32Array(3)], sparse(4, {}), 1)).toThrow(learnMsg.dimensionMismatch('gTop-k input', 3, 4));
  });
});
