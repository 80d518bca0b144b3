import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchSampler } from '../../../src/learn/batch-sampler.js';
import { loadMnist, type MnistDataset } from '../../../src/learn/data/mnist.js';
import * as msg from '../../../src/learn/messages.js';
import { Mlp } from '../../../src/learn/models/mlp.js';
import { RandomStreams } from '../../../src/sim/random.js';

const streams = new RandomStreams(7, 0);
let data: MnistDataset;
let model: Mlp;

beforeAll(async () => {
  data = loadMnist(streams.stream('data'));
  model = await Mlp.create(data);
});

afterAll(() => model.dispose());

describe('Mlp', () => {
  it('is 784-128-10 by default: 101,770 parameters packed W1, b1, W2, b2', () => {
    expect(model.name).toBe('mnist-mlp');
    expect(model.hidden).toBe(128);
    expect(model.dim).toBe(784 * 128 + 128 + 128 * 10 + 10);
    expect(model.layout.describe()).toEqual([
      'hidden/kernel [784×128] @0+100352 (he-uniform)',
      'hidden/bias [128] @100352+128 (zeros)',
      'output/kernel [128×10] @100480+1280 (glorot-uniform)',
      'output/bias [10] @101760+10 (zeros)',
    ]);
    expect(model.flopsPerSample).toBe(6 * (784 * 128 + 128 * 10));
  });

  it('takes the hidden width from its options and rejects a non-positive one', async () => {
    const narrow = await Mlp.create(data, { hidden: 16 });
    try {
      expect(narrow.dim).toBe(784 * 16 + 16 + 16 * 10 + 10);
      expect(narrow.flopsPerSample).toBe(6 * (784 * 16 + 16 * 10));
    } finally {
      narrow.dispose();
    }
    await expect(Mlp.create(data, { hidden: 0 })).rejects.toThrow(msg.notPositiveInteger('hidden', 0));
  });

  it('learns MNIST: 300 plain SGD steps at batch 32 on one worker reach > 85 % test accuracy', () => {
    // Seeded smoke test that the learning math works end to end (observed: 90.3 %).
    const w = model.init(streams.stream('init'));
    const sampler = new BatchSampler(
      Array.from({ length: model.nTrain }, (_, i) => i),
      32,
      streams.stream('batch'),
    );
    expect(model.accuracy(w)).toBeLessThan(0.3);
    const before = tf.memory().numTensors;
    for (let step = 0; step < 300; step++) {
      const g = model.gradient(w, sampler.next());
      for (let j = 0; j < w.length; j++) w[j] = (w[j] as number) - 0.1 * (g[j] as number);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(model.accuracy(w)).toBeGreaterThan(0.85);
    expect(model.loss(w)).toBeLessThan(0.45);
  });
});
