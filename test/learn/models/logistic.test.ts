import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSyntheticLogistic, type SyntheticLogisticDataset } from '../../../src/learn/data/synthetic-logistic.js';
import * as msg from '../../../src/learn/messages.js';
import { LogisticRegression } from '../../../src/learn/models/logistic.js';
import { RandomStreams } from '../../../src/sim/random.js';
import { referenceGradient, referenceLoss, relativeError } from '../logistic-reference.js';

const streams = new RandomStreams(42, 0);
let data: SyntheticLogisticDataset;
let plain: LogisticRegression;
let ridge: LogisticRegression;
const L2 = 0.01;

function randomWeights(d: number, scale: number, seed: string): Float32Array {
  const s = streams.stream(seed);
  return Float32Array.from({ length: d }, () => s.normal(0, scale));
}

beforeAll(async () => {
  data = makeSyntheticLogistic({ nTrain: 512, nTest: 256, d: 1000 }, streams.stream('data'));
  plain = await LogisticRegression.create(data);
  ridge = await LogisticRegression.create(data, { l2: L2 });
});

afterAll(() => {
  plain.dispose();
  ridge.dispose();
});

describe('LogisticRegression', () => {
  it('mini-batch gradient from tfjs matches the float64 JS reference', () => {
    const batch = Int32Array.from({ length: 32 }, (_, b) => (b * 37) % data.nTrain);
    for (const [model, l2] of [[plain, 0], [ridge, L2]] as const) {
      for (const scale of [0, 1, 5]) {
        const w = randomWeights(data.d, scale, `w/${scale}`);
        const g = model.gradient(w, batch);
        expect(g).toBeInstanceOf(Float32Array);
        expect(g).toHaveLength(data.d);
        expect(relativeError(g, referenceGradient(data, w, batch, l2))).toBeLessThan(1e-5);
      }
    }
  });

  it('counts repeated batch indices with multiplicity', () => {
    const w = randomWeights(data.d, 1, 'w/repeat');
    const batch = [3, 3, 3, 9];
    expect(relativeError(plain.gradient(w, batch), referenceGradient(data, w, batch, 0))).toBeLessThan(1e-5);
  });

  it('full training loss matches the reference', () => {
    const w = randomWeights(data.d, 2, 'w/loss');
    expect(ridge.loss(w)).toBeCloseTo(referenceLoss(data, w, L2), 4);
    expect(plain.loss(new Float32Array(data.d))).toBeCloseTo(Math.log(2), 5);
  });

  it('loss decreases under full-batch gradient descent, and test accuracy beats chance', async () => {
    // Few features and many samples, so that a handful of steps learns something.
    const small = makeSyntheticLogistic({ nTrain: 2000, nTest: 1000, d: 10, weightStd: 4 }, streams.stream('small'));
    const model = await LogisticRegression.create(small, { l2: L2 });
    try {
      const all = Int32Array.from({ length: small.nTrain }, (_, i) => i);
      const w = new Float32Array(small.d);
      const losses = [model.loss(w)];
      for (let step = 0; step < 10; step++) {
        const g = model.gradient(w, all);
        for (let j = 0; j < w.length; j++) w[j] = (w[j] as number) - 4 * (g[j] as number);
        losses.push(model.loss(w));
      }
      for (let t = 1; t < losses.length; t++) expect(losses[t]).toBeLessThan(losses[t - 1] as number);
      expect(model.accuracy(w)).toBeGreaterThan(0.75); // Bayes ≈ 0.87, chance 0.5
    } finally {
      model.dispose();
    }
  });

  it('does not leak tensors over 50 gradient calls', () => {
    const w = randomWeights(data.d, 1, 'w/leak');
    const batch = Int32Array.from({ length: 32 }, (_, b) => b);
    plain.gradient(w, batch); // warm-up: kernels may cache state on first use
    const before = tf.memory().numTensors;
    for (let k = 0; k < 50; k++) plain.gradient(w, batch);
    plain.loss(w);
    plain.accuracy(w);
    plain.testLoss(w);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees its data tensors on dispose', async () => {
    const before = tf.memory().numTensors;
    const model = await LogisticRegression.create(data);
    expect(tf.memory().numTensors).toBe(before + 4);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects indices outside the training set and wrong-length weights', () => {
    const w = new Float32Array(data.d);
    expect(() => plain.gradient(w, [0, data.nTrain])).toThrow(msg.indexOutOfRange(data.nTrain, data.nTrain));
    expect(() => plain.loss(new Float32Array(3))).toThrow(msg.dimensionMismatch('weights', 3, data.d));
  });

  it('computes a d = 1000, batch 32 gradient in a few milliseconds', () => {
    const w = randomWeights(data.d, 1, 'w/time');
    const batch = Int32Array.from({ length: 32 }, (_, b) => b);
    const reps = 50;
    const start = performance.now();
    for (let k = 0; k < reps; k++) plain.gradient(w, batch);
    const msPerCall = (performance.now() - start) / reps;
    // Generous bound: a regression guard, not a benchmark.
    expect(msPerCall).toBeLessThan(25);
  });
});
