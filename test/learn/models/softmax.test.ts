import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchSampler } from '../../../src/learn/batch-sampler.js';
import { loadMnist, type MnistDataset } from '../../../src/learn/data/mnist.js';
import { SoftmaxRegression } from '../../../src/learn/models/softmax.js';
import { RandomStreams } from '../../../src/sim/random.js';
import { relativeError } from '../logistic-reference.js';

const streams = new RandomStreams(11, 0);
let data: MnistDataset;
let model: SoftmaxRegression;

beforeAll(async () => {
  data = loadMnist(streams.stream('data'), { trainSamples: 2000, testSamples: 1000 });
  model = await SoftmaxRegression.create(data);
});

afterAll(() => model.dispose());

/** Float64 softmax regression: per-sample logits z = x·W + b (W row-major [d, C], then b). */
function referenceLogits(w: Float32Array, x: Float32Array, i: number, d: number, classes: number): number[] {
  const z = Array.from({ length: classes }, (_, c) => w[d * classes + c] as number);
  for (let p = 0; p < d; p++) {
    const v = x[i * d + p] as number;
    if (v === 0) continue;
    for (let c = 0; c < classes; c++) z[c] = (z[c] as number) + v * (w[p * classes + c] as number);
  }
  return z;
}

function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** ∇ of mean cross-entropy over `batch`: (1/B) Σ xᵢᵀ(pᵢ − yᵢ) for W, (1/B) Σ (pᵢ − yᵢ) for b. */
function referenceGradient(w: Float32Array, batch: readonly number[]): Float64Array {
  const { d, classes } = data;
  const g = new Float64Array(w.length);
  for (const i of batch) {
    const p = softmax(referenceLogits(w, data.xTrain, i, d, classes));
    p[data.yTrain[i] as number] = (p[data.yTrain[i] as number] as number) - 1;
    for (let q = 0; q < d; q++) {
      const v = data.xTrain[i * d + q] as number;
      if (v === 0) continue;
      for (let c = 0; c < classes; c++) g[q * classes + c] = (g[q * classes + c] as number) + (v * (p[c] as number)) / batch.length;
    }
    for (let c = 0; c < classes; c++) g[d * classes + c] = (g[d * classes + c] as number) + (p[c] as number) / batch.length;
  }
  return g;
}

describe('SoftmaxRegression', () => {
  it('has 784·10 + 10 parameters, packed kernel then bias, and 6·d·C FLOPs per sample', () => {
    expect(model.name).toBe('mnist-softmax');
    expect(model.dim).toBe(7850);
    expect(model.layout.describe()).toEqual(['dense/kernel [784×10] @0+7840 (glorot-uniform)', 'dense/bias [10] @7840+10 (zeros)']);
    expect(model.flopsPerSample).toBe(47_040);
    expect(model.nTrain).toBe(2000);
  });

  it('mini-batch gradient matches the closed-form float64 gradient', () => {
    const s = streams.stream('w');
    const w = Float32Array.from({ length: model.dim }, () => s.normal(0, 0.05));
    const batch = Array.from({ length: 32 }, (_, b) => (b * 61) % data.nTrain);
    expect(relativeError(model.gradient(w, batch), referenceGradient(w, batch))).toBeLessThan(1e-5);
  });

  it('loss is the mean cross-entropy over the whole training set (float64 reference)', () => {
    const s = streams.stream('w/loss');
    const w = Float32Array.from({ length: model.dim }, () => s.normal(0, 0.05));
    let sum = 0;
    for (let i = 0; i < data.nTrain; i++) {
      const p = softmax(referenceLogits(w, data.xTrain, i, data.d, data.classes));
      sum -= Math.log(p[data.yTrain[i] as number] as number);
    }
    expect(model.loss(w)).toBeCloseTo(sum / data.nTrain, 5);
  });

  it('learns: 200 SGD steps at batch 32 reach > 80 % test accuracy', () => {
    const w = model.init(streams.stream('init'));
    const sampler = new BatchSampler(
      Array.from({ length: model.nTrain }, (_, i) => i),
      32,
      streams.stream('batch'),
    );
    const before = model.loss(w);
    for (let step = 0; step < 200; step++) {
      const g = model.gradient(w, sampler.next());
      for (let j = 0; j < w.length; j++) w[j] = (w[j] as number) - 0.5 * (g[j] as number);
    }
    expect(model.loss(w)).toBeLessThan(before / 3);
    expect(model.accuracy(w)).toBeGreaterThan(0.8);
  });
});
