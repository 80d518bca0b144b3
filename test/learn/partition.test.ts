import { describe, expect, it } from 'vitest';
import * as msg from '../../src/learn/messages.js';
import { classesFromSigns, partitionContiguous, partitionDirichlet, partitionIid, partitionShards } from '../../src/learn/partition.js';
import { RandomStreams } from '../../src/sim/random.js';

const stream = (seed = 1) => new RandomStreams(seed, 0).stream('partition');

describe('partitionIid', () => {
  it('covers every index exactly once', () => {
    const parts = partitionIid(1003, 8, stream());
    const seen = new Int32Array(1003);
    for (const part of parts) for (const i of part) seen[i] = (seen[i] as number) + 1;
    expect([...seen].every((c) => c === 1)).toBe(true);
  });

  it('splits into near-equal parts, the first n mod P one larger', () => {
    const sizes = partitionIid(1003, 8, stream()).map((p) => p.length);
    expect(sizes).toEqual([126, 126, 126, 125, 125, 125, 125, 125]);
  });

  it('is a shuffle, deterministic per seed', () => {
    const a = partitionIid(100, 4, stream(1));
    expect(partitionIid(100, 4, stream(1))).toEqual(a);
    expect(partitionIid(100, 4, stream(2))).not.toEqual(a);
    expect([...(a[0] as Int32Array)]).not.toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('refuses more parts than samples', () => {
    expect(() => partitionIid(3, 4, stream())).toThrow(msg.tooManyParts(4, 3));
  });
});

/** Every index 0..n−1 appears in exactly one part. */
function expectExactCover(parts: readonly Int32Array[], n: number): void {
  const seen = new Int32Array(n);
  for (const part of parts) for (const i of part) seen[i] = (seen[i] as number) + 1;
  expect([...seen].every((c) => c === 1)).toBe(true);
}

/** Labels with the given class sizes, in an interleaved (not sorted) order. */
function labelsWithSizes(sizes: readonly number[]): Int32Array {
  const out: number[] = [];
  const left = [...sizes];
  while (left.some((c) => c > 0)) {
    for (let c = 0; c < left.length; c++) {
      if ((left[c] as number) > 0) {
        out.push(c);
        left[c] = (left[c] as number) - 1;
      }
    }
  }
  return Int32Array.from(out);
}

function distinctLabels(part: Int32Array, labels: Int32Array): number {
  return new Set([...part].map((i) => labels[i])).size;
}

/** Mean over workers of the total-variation distance between its label mix and the global one. */
function meanLabelSkew(parts: readonly Int32Array[], labels: Int32Array, classes: number): number {
  const global = new Float64Array(classes);
  for (const c of labels) global[c] = (global[c] as number) + 1 / labels.length;
  let total = 0;
  for (const part of parts) {
    const local = new Float64Array(classes);
    for (const i of part) local[labels[i] as number] = (local[labels[i] as number] as number) + 1 / part.length;
    let tv = 0;
    for (let c = 0; c < classes; c++) tv += 0.5 * Math.abs((local[c] as number) - (global[c] as number));
    total += tv;
  }
  return total / parts.length;
}

describe('partitionContiguous', () => {
  it('gives consecutive blocks of the requested sizes', () => {
    expect(partitionContiguous([2, 1, 3]).map((p) => [...p])).toEqual([[0, 1], [2], [3, 4, 5]]);
    expect(() => partitionContiguous([2, 0])).toThrow(msg.notPositiveInteger('part size', 0));
  });
});

describe('classesFromSigns', () => {
  it('maps −1 → 0 and +1 → 1, and refuses other labels', () => {
    expect([...classesFromSigns(Float32Array.of(1, -1, -1, 1))]).toEqual([1, 0, 0, 1]);
    expect(() => classesFromSigns([1, 0])).toThrow(msg.notASignLabel(1, 0));
  });
});

describe('partitionShards', () => {
  it('covers every index exactly once, s shards per worker', () => {
    const labels = labelsWithSizes([97, 120, 83, 100, 101, 99, 100, 100, 95, 105]);
    const parts = partitionShards(labels, 7, 3, stream());
    expect(parts).toHaveLength(7);
    expectExactCover(parts, labels.length);
    // 1000 samples in 21 shards of 47 or 48.
    for (const part of parts) expect(part.length).toBeGreaterThanOrEqual(3 * 47);
  });

  it('with class sizes a multiple of the shard size, each worker sees at most s labels', () => {
    // 10 classes × 100, P = 10, s = 2: 20 shards of 50, each within one class.
    const labels = labelsWithSizes(new Array(10).fill(100));
    const parts = partitionShards(labels, 10, 2, stream(3));
    expectExactCover(parts, 1000);
    for (const part of parts) expect(distinctLabels(part, labels)).toBeLessThanOrEqual(2);
    // A pathological split: far fewer labels per worker than IID (which would see all 10).
    const iid = partitionIid(1000, 10, stream(3));
    for (const part of iid) expect(distinctLabels(part, labels)).toBe(10);
  });

  it('otherwise each worker sees at most s · (shard label span) labels', () => {
    const sizes = [97, 120, 83, 100, 101, 99, 100, 100, 95, 105];
    const labels = labelsWithSizes(sizes);
    const shardSize = Math.ceil(1000 / 20);
    const span = Math.ceil(shardSize / Math.min(...sizes)) + 1; // labels one contiguous shard can touch
    for (const seed of [1, 2, 3]) {
      for (const part of partitionShards(labels, 10, 2, stream(seed))) {
        expect(distinctLabels(part, labels)).toBeLessThanOrEqual(2 * span);
      }
    }
  });

  it('is deterministic per seed and refuses more shards than samples', () => {
    const labels = labelsWithSizes([30, 30]);
    expect(partitionShards(labels, 3, 2, stream(5))).toEqual(partitionShards(labels, 3, 2, stream(5)));
    expect(partitionShards(labels, 3, 2, stream(6))).not.toEqual(partitionShards(labels, 3, 2, stream(5)));
    expect(() => partitionShards(labels, 31, 2, stream())).toThrow(msg.tooManyShards(31, 2, 60));
    expect(() => partitionShards(Int32Array.of(0, -1), 1, 1, stream())).toThrow(msg.negativeClassLabel(1, -1));
  });
});

describe('partitionDirichlet', () => {
  const labels = labelsWithSizes(new Array(10).fill(200));

  it('covers every index exactly once', () => {
    for (const alpha of [0.05, 1, 100]) expectExactCover(partitionDirichlet(labels, 8, alpha, stream()), 2000);
  });

  it('small α skews the label mix much more than large α', () => {
    const skew = (alpha: number) => [1, 2, 3].reduce((sum, seed) => sum + meanLabelSkew(partitionDirichlet(labels, 10, alpha, stream(seed)), labels, 10) / 3, 0);
    const [small, medium, large] = [skew(0.1), skew(1), skew(100)];
    // Mean TV distance from the global mix, observed ≈ 0.68 (α = 0.1: most classes go almost
    // entirely to one or two workers), ≈ 0.33 (α = 1), ≈ 0.035 (α = 100: near IID).
    expect(small).toBeGreaterThan(0.5);
    expect(medium).toBeLessThan(small);
    expect(large).toBeLessThan(medium);
    expect(large).toBeLessThan(0.1);
  });

  it('leaves no worker empty even when α is tiny, and honours minPerWorker', () => {
    // Two classes (±1 labels) over 20 workers at α = 0.01: most workers would get nothing.
    const signs = classesFromSigns(Float32Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : -1)));
    for (const minPerWorker of [1, 4]) {
      const parts = partitionDirichlet(signs, 20, 0.01, stream(4), { minPerWorker });
      expectExactCover(parts, 200);
      for (const part of parts) expect(part.length).toBeGreaterThanOrEqual(minPerWorker);
    }
    expect(() => partitionDirichlet(signs, 201, 1, stream())).toThrow(msg.tooManyParts(201, 200));
    expect(() => partitionDirichlet(signs, 2, 0, stream())).toThrow(msg.notPositive('alpha', 0));
  });

  it('is deterministic per seed', () => {
    expect(partitionDirichlet(labels, 5, 0.5, stream(9))).toEqual(partitionDirichlet(labels, 5, 0.5, stream(9)));
  });
});
