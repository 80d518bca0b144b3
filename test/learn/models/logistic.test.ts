import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSyntheticLogistic, type SyntheticLogisticDataset } from '../../../src/learn/data/synthetic-logistic.js';
import { makeTwoPointToy, twoPointToySettings } from '../../../src/learn/data/two-point-toy.js';
import * as msg from '../../../src/learn/messages.js';
import { LogisticRegression } from '../../../src/learn/models/logistic.js';
import type { Model } from '../../../src/learn/models/model.js';
import { gramMatVec, powerIteration } from '../../../src/learn/smoothness.js';
import { RandomStreams } from '../../../src/sim/random.js';
import { centralDifference, maxAbsDiff } from '../finite-difference.js';
import { referenceBatchLoss, referenceGradient, referenceLoss, relativeError } from '../logistic-reference.js';
import { weightsFrom } from './fixtures.js';

const streams = new RandomStreams(42, 0);
let data: SyntheticLogisticDataset;
let plain: LogisticRegression;
let ridge: LogisticRegression;
const L2 = 0.01;

/** The float64 reference gradient over every training sample. */
function referenceFullGradient(set: SyntheticLogisticDataset, w: Float32Array, l2: number): Float64Array {
  return referenceGradient(
    set,
    w,
    Int32Array.from({ length: set.nTrain }, (_, i) => i),
    l2,
  );
}

const randomWeights = weightsFrom(streams);

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
  it('mini-batch gradient matches the float64 JS reference', () => {
    const batch = Int32Array.from({ length: 32 }, (_, b) => (b * 37) % data.nTrain);
    for (const [model, l2] of [
      [plain, 0],
      [ridge, L2],
    ] as const) {
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

  it('holds no tensors and no copy of the data set', async () => {
    // host JavaScript since the lean model core (glm.ts): nothing is uploaded to TensorFlow.js
    const before = tf.memory().numTensors;
    const model = await LogisticRegression.create(data);
    const w = randomWeights(data.d, 1, 'w/leak');
    for (let k = 0; k < 5; k++) model.gradient(w, [1, 2, 3]);
    model.loss(w);
    model.accuracy(w);
    model.testLoss(w);
    model.fullGradient(w);
    expect(tf.memory().numTensors).toBe(before);
    expect(model.featureBytes).toBe(data.xTrain.byteLength + data.xTest.byteLength);
    model.dispose();
  });

  it('writes the gradient into the given buffer, the same numbers as a new array, whatever the buffer held', () => {
    const w = randomWeights(data.d, 1, 'w/out');
    const batch = Int32Array.from({ length: 8 }, (_, b) => (b * 61) % data.nTrain);
    const out = new Float32Array(data.d).fill(Number.NaN);
    expect(ridge.gradient(w, batch, out)).toBe(out);
    expect(out).toEqual(ridge.gradient(w, batch));
    expect(() => ridge.gradient(w, batch, new Float32Array(3))).toThrow(msg.dimensionMismatch('gradient buffer', 3, data.d));
    expect(ridge.gradient(w, batch)).toEqual(out); // a refused call leaves nothing behind
  });

  it('gives the same full gradient whether or not the loss at the same w came first', () => {
    const w = randomWeights(data.d, 1, 'w/cache');
    const cold = ridge.fullGradient(w);
    ridge.loss(w);
    expect(ridge.fullGradient(w)).toEqual(cold);
    w[0] = (w[0] as number) + 1; // changed in place: the margins must be recomputed
    expect(relativeError(ridge.fullGradient(w), referenceFullGradient(data, w, L2))).toBeLessThan(1e-5);
  });

  it('rejects indices outside the training set and wrong-length weights', () => {
    const w = new Float32Array(data.d);
    expect(() => plain.gradient(w, [0, data.nTrain])).toThrow(msg.indexOutOfRange(data.nTrain, data.nTrain));
    expect(() => plain.loss(new Float32Array(3))).toThrow(msg.dimensionMismatch('weights', 3, data.d));
  });
});

describe('LogisticRegression: finite differences, full gradient, smoothness', () => {
  let small: SyntheticLogisticDataset;
  let model: LogisticRegression;
  const all = () => Array.from({ length: small.nTrain }, (_, i) => i);

  beforeAll(async () => {
    small = makeSyntheticLogistic({ nTrain: 300, nTest: 50, d: 40, weightStd: 2 }, streams.stream('fd'));
    model = await LogisticRegression.create(small, { l2: L2 });
  });

  afterAll(() => model.dispose());

  it('mini-batch and full gradients agree with central differences of the float64 loss', () => {
    // h = 1e-4: truncation h²/6·|f'''| ≲ 1e-9 (|f'''| ≤ ‖x‖³/(6√3) with ‖x‖ ≈ 1), rounding
    // ≈ 1e-16/h ≈ 1e-12, both far below the float32 error of the tfjs gradient (~1e-6
    // relative); 1e-5 relative leaves a margin of ten.
    const batch = [0, 5, 5, 17, 42, 299];
    for (const scale of [0, 1, 4]) {
      const w = randomWeights(small.d, scale, `w/fd/${scale}`);
      const fdBatch = centralDifference((x) => referenceBatchLoss(small, x, batch, L2), w, 1e-4);
      expect(relativeError(model.gradient(w, batch), fdBatch)).toBeLessThan(1e-5);
      const fdFull = centralDifference((x) => referenceBatchLoss(small, x, all(), L2), w, 1e-4);
      expect(relativeError(model.fullGradient(w), fdFull)).toBeLessThan(1e-5);
    }
  });

  it('smoothness λ_max(XᵀX)/(4n) + λ matches an independent power iteration and bounds the curvature', () => {
    const l = model.smoothness();
    const top = powerIteration(small.d, gramMatVec(small.xTrain, small.nTrain, small.d), {
      start: streams.stream('independent-start'),
      tolerance: 1e-13,
    });
    expect(Math.abs(l - (top.value / 4 + L2)) / l).toBeLessThan(1e-6);
    expect(model.smoothness()).toBe(l); // cached
    // Second difference along random directions: vᵀ∇²F v ≤ L‖v‖².
    for (let k = 0; k < 5; k++) {
      const w = randomWeights(small.d, 1, `w/curv/${k}`);
      const v = randomWeights(small.d, 1, `v/curv/${k}`);
      const h = 1e-3;
      const f = (t: number) =>
        referenceBatchLoss(
          small,
          Float64Array.from(w, (wj, j) => wj + t * (v[j] as number)),
          all(),
          L2,
        );
      const curvature = (f(h) - 2 * f(0) + f(-h)) / (h * h);
      let vv = 0;
      for (const vj of v) vv += vj * vj;
      expect(curvature).toBeLessThanOrEqual(l * vv);
    }
  });

  it('starts from the init option when given, zeros otherwise', async () => {
    expect([...model.init()]).toEqual(new Array(small.d).fill(0));
    const start = randomWeights(small.d, 1, 'w/init');
    const started = await LogisticRegression.create(small, { init: start });
    try {
      const w0 = started.init();
      expect(w0).toEqual(start);
      w0[0] = 99;
      expect(started.init()[0]).toBe(start[0]); // a copy each call
    } finally {
      started.dispose();
    }
    await expect(LogisticRegression.create(small, { init: new Float32Array(3) })).rejects.toThrow(msg.dimensionMismatch('init', 3, small.d));
  });
});

describe('LogisticRegression on the RegTop-k two-point toy (§1.2)', () => {
  const settings = twoPointToySettings();
  const sigmaMinusOne = 1 / (1 + Math.E); // σ(−1) = e⁻¹/(1 + e⁻¹)
  let toy: LogisticRegression;

  beforeAll(async () => {
    toy = await LogisticRegression.create(makeTwoPointToy(), { init: settings.init });
  });

  afterAll(() => toy.dispose());

  it('at w⁰ = [0, 1] the workers gradients are −σ(−1)·x_n: large first entries that cancel in the average', () => {
    const w0 = toy.init();
    expect([...w0]).toEqual([0, 1]);
    const [p1, p2] = settings.parts as [Int32Array, Int32Array];
    const g1 = toy.gradient(w0, p1);
    const g2 = toy.gradient(w0, p2);
    expect(maxAbsDiff(g1, [-100 * sigmaMinusOne, -sigmaMinusOne])).toBeLessThan(1e-5);
    expect(maxAbsDiff(g2, [100 * sigmaMinusOne, -sigmaMinusOne])).toBeLessThan(1e-5);
    // Top-1 picks entry 0 at both workers; those cancel, so a Top-1 aggregate is 0 …
    for (const g of [g1, g2]) expect(Math.abs(g[0] as number)).toBeGreaterThan(Math.abs(g[1] as number));
    expect(((g1[0] as number) + (g2[0] as number)) / 2).toBeCloseTo(0, 5);
    // … while the full gradient is [0, −σ(−1)].
    expect(maxAbsDiff(toy.fullGradient(w0), [0, -sigmaMinusOne])).toBeLessThan(1e-6);
    expect(toy.loss(w0)).toBeCloseTo(Math.log1p(Math.exp(-1)), 6);
  });

  it('has L = λ_max(XᵀX)/(4n) = 20000/8 = 2500 and no optimum (inf F = 0, not attained)', () => {
    expect(toy.smoothness()).toBeCloseTo(2500, 6);
    const asModel: Model = toy;
    expect(asModel.optimum).toBeUndefined();
    expect(settings.infimum).toBe(0);
  });

  it('plain gradient descent with η = 0.9 keeps θ₁ = 0 and drives F towards 0', () => {
    const w = toy.init();
    let previous = toy.loss(w);
    for (let t = 0; t < settings.iterations; t++) {
      const g = toy.fullGradient(w);
      for (let j = 0; j < 2; j++) w[j] = (w[j] as number) - settings.learningRate * (g[j] as number);
      const loss = toy.loss(w);
      expect(loss).toBeLessThan(previous);
      previous = loss;
    }
    expect(w[0]).toBe(0);
    expect(previous).toBeLessThan(0.05);
  });
});
