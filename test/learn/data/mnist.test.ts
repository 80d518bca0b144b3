import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadMnist, MNIST_CLASSES, MNIST_PIXELS, MNIST_SAMPLES, mnistDigitCounts, oneHot } from '../../../src/learn/data/mnist.js';
import * as msg from '../../../src/learn/messages.js';
import { RandomStreams } from '../../../src/sim/random.js';

const stream = (seed: number, name = 'mnist') => new RandomStreams(seed, 0).stream(name);

/** FNV-1a over the bytes of a typed array: a cheap, order-sensitive checksum. */
function fnv1a(values: Float32Array): string {
  let h = 0x811c9dc5;
  for (const b of new Uint8Array(values.buffer, values.byteOffset, values.byteLength)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

/** Element-wise equality of two typed arrays (vitest's deep equality is slow on millions of values). */
function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Digit of a canonical index (canonical order: all 0s, then all 1s, …). */
function canonicalLabel(index: number, counts: readonly number[]): number {
  let end = 0;
  for (let digit = 0; digit < counts.length; digit++) {
    end += counts[digit] as number;
    if (index < end) return digit;
  }
  throw new RangeError(`canonical index ${index} beyond ${end}`);
}

describe('loadMnist', () => {
  afterEach(() => vi.restoreAllMocks());

  it('ships 10,000 digits, 863–1,127 per class (mnist 1.1.0)', () => {
    const counts = mnistDigitCounts();
    expect(counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(MNIST_SAMPLES);
    for (const n of counts) {
      expect(n).toBeGreaterThanOrEqual(800);
      expect(n).toBeLessThanOrEqual(1200);
    }
  });

  it('pins the first examples of the split for seed 42 (checksum)', () => {
    const data = loadMnist(stream(42));
    expect(Array.from(data.trainSource.subarray(0, 5))).toEqual([1266, 6436, 3880, 3069, 352]);
    expect(Array.from(data.testSource.subarray(0, 5))).toEqual([5434, 7476, 6899, 9779, 7147]);
    expect(Array.from(data.yTrain.subarray(0, 10))).toEqual([1, 6, 3, 2, 0, 1, 1, 3, 1, 6]);
    expect(Array.from(data.yTest.subarray(0, 10))).toEqual([5, 7, 6, 9, 7, 1, 8, 2, 0, 7]);
    const first5 = data.xTrain.subarray(0, 5 * MNIST_PIXELS);
    expect(fnv1a(first5)).toBe('3a3e55f3');
    expect(first5.reduce((a, b) => a + b, 0)).toBeCloseTo(486.896997, 5);
  });

  it('has the documented shapes and ranges: 8,000 / 2,000, 784 pixels in [0, 1], labels 0–9', () => {
    const data = loadMnist(stream(1));
    expect(data).toMatchObject({ nTrain: 8000, nTest: 2000, d: 784, height: 28, width: 28, classes: 10 });
    expect(data.xTrain).toBeInstanceOf(Float32Array);
    expect(data.yTrain).toBeInstanceOf(Int32Array);
    expect(data.xTrain).toHaveLength(8000 * 784);
    expect(data.xTest).toHaveLength(2000 * 784);
    expect(data.yTrain).toHaveLength(8000);
    expect(data.yTest).toHaveLength(2000);
    for (const x of [data.xTrain, data.xTest]) {
      let min = Infinity;
      let max = -Infinity;
      for (const v of x) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      expect(min).toBe(0);
      expect(max).toBe(1);
    }
    for (const y of [data.yTrain, data.yTest]) expect(y.every((v) => v >= 0 && v < MNIST_CLASSES)).toBe(true);
  });

  it('uses every digit exactly once in the default split, each with its own label', () => {
    const data = loadMnist(stream(7));
    const seen = new Uint8Array(MNIST_SAMPLES);
    for (const s of [...data.trainSource, ...data.testSource]) seen[s] = (seen[s] as number) + 1;
    expect(seen.every((n) => n === 1)).toBe(true);
    const counts = mnistDigitCounts();
    data.trainSource.forEach((s, i) => expect(data.yTrain[i]).toBe(canonicalLabel(s, counts)));
    data.testSource.forEach((s, i) => expect(data.yTest[i]).toBe(canonicalLabel(s, counts)));
  });

  it('keeps the classes balanced: each within 100 of its 80 % share in the training set (≈ 8σ)', () => {
    const data = loadMnist(stream(42));
    const counts = mnistDigitCounts();
    const train = new Array<number>(MNIST_CLASSES).fill(0);
    for (const y of data.yTrain) train[y] = (train[y] as number) + 1;
    expect(train).toEqual([824, 865, 783, 836, 810, 697, 827, 848, 755, 755]);
    train.forEach((n, digit) => expect(Math.abs(n - 0.8 * (counts[digit] as number))).toBeLessThan(100));
  });

  it('is deterministic in the stream: same key ⇒ same split, other key ⇒ other split', () => {
    const a = loadMnist(stream(3));
    const b = loadMnist(stream(3));
    const c = loadMnist(stream(4));
    expect(same(b.trainSource, a.trainSource)).toBe(true);
    expect(same(b.xTrain, a.xTrain)).toBe(true);
    expect(same(b.yTest, a.yTest)).toBe(true);
    expect(same(c.trainSource, a.trainSource)).toBe(false);
  });

  it('never calls Math.random', () => {
    const random = vi.spyOn(Math, 'random');
    loadMnist(stream(5), { trainSamples: 100, testSamples: 100 });
    expect(random).not.toHaveBeenCalled();
  });

  it('honours smaller splits: a prefix of the same shuffle', () => {
    const full = loadMnist(stream(9));
    const small = loadMnist(stream(9), { trainSamples: 300, testSamples: 50 });
    expect(small.nTrain).toBe(300);
    expect(small.nTest).toBe(50);
    expect(same(small.trainSource, full.trainSource.subarray(0, 300))).toBe(true);
    expect(same(small.testSource, full.trainSource.subarray(300, 350))).toBe(true);
    expect(same(small.xTrain, full.xTrain.subarray(0, 300 * MNIST_PIXELS))).toBe(true);
  });

  it('returns arrays owned by the caller: mutating one data set does not affect the next', () => {
    const a = loadMnist(stream(11), { trainSamples: 10, testSamples: 10 });
    const before = a.xTrain[200] as number;
    a.xTrain.fill(-1);
    const b = loadMnist(stream(11), { trainSamples: 10, testSamples: 10 });
    expect(b.xTrain[200]).toBe(before);
  });

  it('rejects sizes that are not positive integers or exceed the 10,000 digits', () => {
    expect(() => loadMnist(stream(1), { trainSamples: 0 })).toThrow(msg.notPositiveInteger('trainSamples', 0));
    expect(() => loadMnist(stream(1), { testSamples: 2.5 })).toThrow(msg.notPositiveInteger('testSamples', 2.5));
    expect(() => loadMnist(stream(1), { trainSamples: 9000 })).toThrow(msg.mnistTooManySamples(9000, 2000, 10000));
  });
});

describe('oneHot', () => {
  it('puts a single 1 per row at the label', () => {
    expect(Array.from(oneHot([2, 0], 3))).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it('rejects labels outside [0, classes)', () => {
    expect(() => oneHot([3], 3)).toThrow(msg.labelOutOfRange(3, 3));
  });
});
