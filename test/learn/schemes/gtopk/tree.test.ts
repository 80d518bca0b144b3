import { describe, expect, it } from 'vitest';
import { sparseFp32 } from '../../../../src/learn/compress/compressor.js';
import { RAW32 } from '../../../../src/learn/encoding/encoding.js';
import { intersectSorted, type SparseVector } from '../../../../src/learn/schemes/gtopk/merge.js';
import { gTopKErrors } from '../../../../src/learn/schemes/gtopk/messages.js';
import { contributionMasks, gTopKCombiner, localPartial, type GTopKPartial } from '../../../../src/learn/schemes/gtopk/tree.js';
import { dense, sparse } from './fixtures.js';

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
