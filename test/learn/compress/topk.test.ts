import { afterEach, describe, expect, it, vi } from 'vitest';
import { topKIndices, TopK, TopKWorkspace } from '../../../src/learn/compress/topk.js';
import { FixedBudget } from '../../../src/learn/compress/budget.js';
import { Encoding } from '../../../src/learn/encoding/encoding.js';
import * as msg from '../../../src/learn/messages.js';
import { RandomStreams } from '../../../src/sim/random.js';

const streams = new RandomStreams(11, 0);

/** Reference: full stable sort by (|g| desc, index asc), first k, ascending indices. */
function sortedTopK(g: Float32Array, k: number): number[] {
  return rankOrder(g)
    .slice(0, k)
    .sort((a, b) => a - b);
}

/** All indices in the Top-k order (|g| desc, index asc), by a full sort. */
function rankOrder(g: Float32Array): number[] {
  return Array.from(g, (v, i) => [Math.abs(v), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .map(([, i]) => i);
}

function randomVector(d: number, name: string, levels?: number): Float32Array {
  const s = streams.stream(name);
  // With `levels`, values are drawn from a few magnitudes and both signs: many ties.
  return Float32Array.from({ length: d }, () => (levels === undefined ? s.normal() : (s.int(levels) - (levels >> 1)) * 0.5));
}

describe('topKIndices', () => {
  afterEach(() => vi.restoreAllMocks());

  it('picks exactly the k largest magnitudes (checked against a full sort)', () => {
    for (const d of [1, 2, 7, 100, 1001]) {
      for (const k of [1, 2, Math.ceil(d / 3), d - 1, d]) {
        if (k < 1) continue;
        const g = randomVector(d, `v/${d}/${k}`);
        expect([...topKIndices(g, k)]).toEqual(sortedTopK(g, k));
      }
    }
  });

  it('breaks ties in magnitude toward the lower index', () => {
    const g = Float32Array.from([1, -3, 3, 2, -3, 0, 3]);
    expect([...topKIndices(g, 2)]).toEqual([1, 2]);
    expect([...topKIndices(g, 4)]).toEqual([1, 2, 4, 6]);
    expect([...topKIndices(new Float32Array(6), 3)]).toEqual([0, 1, 2]);
  });

  it('agrees with a full sort on tie-heavy vectors', () => {
    for (let trial = 0; trial < 50; trial++) {
      const d = 50 + trial * 7;
      const g = randomVector(d, `ties/${trial}`, 1 + (trial % 6));
      for (const k of [1, 5, Math.floor(d / 2), d - 3]) {
        expect([...topKIndices(g, k)]).toEqual(sortedTopK(g, k));
      }
    }
  });

  it('does not mutate its input', () => {
    const g = randomVector(500, 'nomut');
    const copy = g.slice();
    topKIndices(g, 20);
    expect(g).toEqual(copy);
  });

  it('selects from a million coordinates without sorting', () => {
    const sortF32 = vi.spyOn(Float32Array.prototype, 'sort');
    const sortArray = vi.spyOn(Array.prototype, 'sort');
    const g = randomVector(1_000_000, 'big');
    const k = 10_000;
    const picked = topKIndices(g, k);
    expect(sortF32).not.toHaveBeenCalled();
    expect(sortArray).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    expect(picked).toHaveLength(k);
    // Every picked magnitude ≥ every unpicked one.
    const chosen = new Uint8Array(g.length);
    let minPicked = Infinity;
    for (const i of picked) {
      chosen[i] = 1;
      minPicked = Math.min(minPicked, Math.abs(g[i] as number));
    }
    let maxRest = 0;
    for (let i = 0; i < g.length; i++) if (!chosen[i]) maxRest = Math.max(maxRest, Math.abs(g[i] as number));
    expect(minPicked).toBeGreaterThanOrEqual(maxRest);
  });
});

describe('topKIndices at large d (sampled threshold, candidate buffer)', () => {
  /** Compare several k against one full sort of the vector. */
  function checkAgainstSort(g: Float32Array, ks: number[]): void {
    const order = rankOrder(g);
    const workspace = new TopKWorkspace();
    for (const k of ks) {
      const expected = order.slice(0, k).sort((a, b) => a - b);
      expect([...topKIndices(g, k, workspace)]).toEqual(expected);
      expect([...topKIndices(g, k)]).toEqual(expected);
    }
  }

  it('equals the sort-based reference on a large random vector', () => {
    const d = 300_000;
    checkAgainstSort(randomVector(d, 'large'), [1, 30, 300, 3_000, 18_750, 40_000]);
  });

  it('equals the sort-based reference on a large tie-heavy vector (lowest index wins)', () => {
    const d = 200_000;
    checkAgainstSort(randomVector(d, 'large-ties', 7), [1, 200, 2_000, 12_500, 60_000]);
  });

  it('is exact when magnitudes rise with the index (every coordinate enters the buffer)', () => {
    const d = 100_000;
    const rising = Float32Array.from({ length: d }, (_, i) => (i % 2 ? -1 : 1) * (1 + i * 1e-3));
    checkAgainstSort(rising, [100, 1_000, 6_000]);
    checkAgainstSort(rising.slice().reverse(), [100, 1_000, 6_000]);
  });

  it('falls back to a full pass when fewer than k coordinates beat the sampled threshold', () => {
    // 500 non-zeros scattered in 100 000 zeros: the sample sees zeros, so τ₀ = 0 and only 500 beat it.
    const d = 100_000;
    const g = new Float32Array(d);
    for (let j = 0; j < 500; j++) g[(j * 7919) % d] = 1 + (j % 13);
    checkAgainstSort(g, [100, 500, 1_000, 5_000]);
  });

  it('reads a Float32Array view at an offset correctly', () => {
    const buffer = randomVector(70_000, 'offset');
    const view = buffer.subarray(1_000, 69_000);
    expect([...topKIndices(view, 500)]).toEqual(sortedTopK(view, 500));
  });
});

describe('TopK', () => {
  it('sends k (index, fp32 value) pairs, values verbatim, 64 bits per pair', () => {
    const g = Float32Array.from([0.5, -4, 1, 3, -2]);
    const out = new TopK(5, { k: 2 }).compress(g);
    expect(out.kind).toBe('sparse');
    if (out.kind !== 'sparse') return;
    expect([...out.indices]).toEqual([1, 3]);
    expect([...out.values]).toEqual([-4, 3]);
    expect(out.bits).toBe(128);
    expect(out.encoding).toBe('sparse: 2×(32-bit index + 32-bit fp32 value)');
  });

  it('turns a ratio into k = max(1, ⌈ratio·d⌉)', () => {
    expect(new TopK(100, { ratio: 0.07 }).k).toBe(7);
    expect(new TopK(1000, { ratio: 0.0015 }).k).toBe(2);
    expect(new TopK(10, { ratio: 0.001 }).k).toBe(1);
    expect(new TopK(10, { ratio: 1 }).k).toBe(10);
  });

  it('rejects budgets outside [1, d] with the catalog message', () => {
    expect(() => new TopK(10, { k: 0 })).toThrow(msg.budgetOutOfRange(0, 10));
    expect(() => new TopK(10, { k: 11 })).toThrow(msg.budgetOutOfRange(11, 10));
    expect(() => new TopK(10, { ratio: 0 })).toThrow(msg.ratioOutOfRange(0));
  });

  it('changes its budget for later messages and records total bits', () => {
    const c = new TopK(8, { k: 4 });
    const g = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    c.compress(g);
    c.setBudget({ k: 1 });
    expect(c.compress(g).bits).toBe(64);
    expect(c.messages).toBe(2);
    expect(c.bitsTotal).toBe(4 * 64 + 64);
  });

  it('takes its budget from a tuner and prices with the chosen encoding (CAT eq. 5 with packed indices)', () => {
    const d = 1000;
    const c = new TopK(d, new FixedBudget({ ratio: 0.005 }), { encoding: new Encoding({ indices: 'packed' }), precision: 64 });
    const out = c.compress(randomVector(d, 'packed'));
    expect(c.k).toBe(5);
    expect(out.bits).toBe(5 * (Math.ceil(Math.log2(d)) + 64)); // P^S(T) = T(⌈log2 d⌉ + FPP)
    expect(out.valueCode).toEqual({ kind: 'fp64' });
  });

  it('guards the input dimension and finiteness', () => {
    const c = new TopK(3, { k: 1 });
    expect(() => c.compress(new Float32Array(4))).toThrow(msg.dimensionMismatch('gradient', 4, 3));
    expect(() => c.compress(Float32Array.from([0, NaN, 1]))).toThrow(msg.nonFiniteGradient(1, NaN));
  });
});
