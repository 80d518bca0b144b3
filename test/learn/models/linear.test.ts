import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRegTopkLinear, type RegTopkLinearDataset } from '../../../src/learn/data/linear-regression.js';
import * as msg from '../../../src/learn/messages.js';
import { choleskySolve, LinearRegression } from '../../../src/learn/models/linear.js';
import { gramMatVec, powerIteration } from '../../../src/learn/smoothness.js';
import { RandomStreams } from '../../../src/sim/random.js';
import { centralDifference, maxAbs, maxAbsDiff } from '../finite-difference.js';
import { referenceLinearGradient, referenceLinearLoss, solveNormalEquations } from '../linear-reference.js';
import { relativeError } from '../logistic-reference.js';
import { weightsFrom } from './fixtures.js';

const streams = new RandomStreams(7, 0);
let data: RegTopkLinearDataset;
let plain: LinearRegression;
let ridge: LinearRegression;
const L2 = 0.05;

const randomWeights = weightsFrom(streams);

beforeAll(async () => {
  // The paper's generator at a smaller size (5 workers × 60 points, J = 20).
  data = makeRegTopkLinear({ workers: 5, samplesPerWorker: 60, d: 20 }, streams.stream('data'));
  plain = await LinearRegression.create(data);
  ridge = await LinearRegression.create(data, { l2: L2 });
});

afterAll(() => {
  plain.dispose();
  ridge.dispose();
});

describe('LinearRegression', () => {
  it('float64 reference gradient agrees with central differences of the reference loss', () => {
    // The loss is quadratic in w: the central difference has no truncation error, only
    // rounding ≈ 1e-16·F/h with F ≈ 1e2 and h = 1e-3, i.e. ~1e-11; allow 1e-7 relative.
    const batch = [0, 7, 7, 150, 299];
    for (const l2 of [0, L2]) {
      const w = randomWeights(data.d, 2, `w/fd/${l2}`);
      const fd = centralDifference((x) => referenceLinearLoss(data, x, l2, batch), w, 1e-3);
      expect(relativeError(referenceLinearGradient(data, w, l2, batch), fd)).toBeLessThan(1e-7);
    }
  });

  it('mini-batch and full gradients agree with central differences (float32 vs float64)', () => {
    // tfjs works in float32: relative error of a sum of ~d·batch products is ~1e-6;
    // 1e-5 leaves a margin of ten.
    const batch = Int32Array.from({ length: 32 }, (_, b) => (b * 37) % data.nTrain);
    for (const [model, l2] of [
      [plain, 0],
      [ridge, L2],
    ] as const) {
      for (const scale of [0, 1, 5]) {
        const w = randomWeights(data.d, scale, `w/${scale}`);
        const fdBatch = centralDifference((x) => referenceLinearLoss(data, x, l2, batch), w, 1e-3);
        expect(relativeError(model.gradient(w, batch), fdBatch)).toBeLessThan(1e-5);
        const fdFull = centralDifference((x) => referenceLinearLoss(data, x, l2), w, 1e-3);
        expect(relativeError(model.fullGradient(w), fdFull)).toBeLessThan(1e-5);
      }
    }
  });

  it('loss matches the float64 reference', () => {
    const w = randomWeights(data.d, 1, 'w/loss');
    const ref = referenceLinearLoss(data, w, L2);
    expect(Math.abs(ridge.loss(w) - ref) / ref).toBeLessThan(1e-6);
  });

  it('optimum solves the normal equations: ∇F(w*) ≈ 0 and w* equals an independent elimination solve', () => {
    for (const [model, l2] of [
      [plain, 0],
      [ridge, L2],
    ] as const) {
      const opt = model.optimum;
      expect(opt).toBeDefined();
      if (opt === undefined) return;
      const independent = solveNormalEquations(data, l2);
      // w* is stored in float32: relative rounding 2⁻²⁴ ≈ 6e-8 per entry.
      expect(relativeError(opt.w, independent)).toBeLessThan(1e-6);
      // In float64 the independent solution zeroes the gradient to rounding (κ(XᵀX/n) is small here).
      const g0 = maxAbs(referenceLinearGradient(data, new Float32Array(data.d), l2));
      expect(maxAbs(referenceLinearGradient(data, independent, l2))).toBeLessThan(1e-10 * g0);
      // At the float32-rounded w*, tfjs's float32 gradient is small relative to ∇F(0).
      expect(maxAbs(model.fullGradient(opt.w))).toBeLessThan(1e-5 * g0);
      expect(opt.loss).toBeCloseTo(referenceLinearLoss(data, independent, l2), 9);
      // No point in a neighbourhood is lower.
      const nudged = Float64Array.from(independent, (v, j) => v + (j % 2 === 0 ? 1e-3 : -1e-3));
      expect(referenceLinearLoss(data, nudged, l2)).toBeGreaterThan(opt.loss);
    }
  });

  it('smoothness is λ_max(XᵀX/n) + λ: an independent power iteration agrees, and it bounds the curvature along random directions', () => {
    const lPlain = plain.smoothness();
    expect(ridge.smoothness()).toBeCloseTo(lPlain + L2, 6);
    const independent = powerIteration(data.d, gramMatVec(data.xTrain, data.nTrain, data.d), {
      start: streams.stream('independent-start'),
      tolerance: 1e-13,
    });
    expect(independent.converged).toBe(true);
    expect(Math.abs(lPlain - independent.value) / independent.value).toBeLessThan(1e-6);
    // Marchenko–Pastur edge for J/n = 20/300 with unit-variance inputs: (1 + √(1/15))² ≈ 1.6.
    expect(lPlain).toBeGreaterThan(1.2);
    expect(lPlain).toBeLessThan(2.2);
    // vᵀ(XᵀX/n)v ≤ L‖v‖² for any v; F(w + v) − F(w) − ∇F(w)·v = ½vᵀHv.
    for (let k = 0; k < 5; k++) {
      const v = randomWeights(data.d, 1, `v/${k}`);
      const w = new Float64Array(data.d);
      const curvature = 2 * (referenceLinearLoss(data, v, 0) - referenceLinearLoss(data, w, 0) - dot(referenceLinearGradient(data, w, 0), v));
      expect(curvature).toBeLessThanOrEqual(lPlain * dot(v, v) * (1 + 1e-9));
    }
  });

  it('computes w* and L of the paper-size problem (20 × 500 points, J = 100)', async () => {
    // (how fast is for benchmarks, not tests)
    const paper = makeRegTopkLinear({}, streams.stream('paper'));
    const model = await LinearRegression.create(paper);
    try {
      const opt = model.optimum;
      const l = model.smoothness();
      expect(opt).toBeDefined();
      if (opt === undefined) return;
      // Gradient descent with the paper's η = 10⁻² is stable: η < 2/L.
      expect(0.01).toBeLessThan(2 / l);
      expect(maxAbs(model.fullGradient(opt.w))).toBeLessThan(1e-5 * maxAbs(model.fullGradient(model.init())));
    } finally {
      model.dispose();
    }
  });

  it('has no optimum when the normal equations are singular (n < d, λ = 0)', async () => {
    const small = makeRegTopkLinear({ workers: 1, samplesPerWorker: 5, d: 10 }, streams.stream('small'));
    const model = await LinearRegression.create(small);
    try {
      expect(model.optimum).toBeUndefined();
    } finally {
      model.dispose();
    }
  });

  it('holds no tensors and no copy of the data; writes a gradient into the given buffer', async () => {
    // host JavaScript since the lean model core (glm.ts): nothing is uploaded to TensorFlow.js
    const before = tf.memory().numTensors;
    const model = await LinearRegression.create(data);
    const w = randomWeights(data.d, 1, 'w/out');
    const out = new Float32Array(data.d).fill(Number.NaN);
    expect(model.gradient(w, [1, 2, 3], out)).toBe(out);
    expect(out).toEqual(model.gradient(w, [1, 2, 3]));
    model.fullGradient(w);
    model.loss(w);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('rejects indices outside the training set and wrong-length weights', () => {
    expect(() => plain.gradient(new Float32Array(data.d), [data.nTrain])).toThrow(msg.indexOutOfRange(data.nTrain, data.nTrain));
    expect(() => plain.loss(new Float32Array(3))).toThrow(msg.dimensionMismatch('weights', 3, data.d));
  });
});

describe('choleskySolve', () => {
  it('solves a known SPD system and refuses a singular one', () => {
    // A = [[4, 2], [2, 3]], b = [2, 1] → z = [0.5, 0].
    const z = choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2);
    expect(maxAbsDiff(z ?? [], [0.5, 0])).toBeLessThan(1e-15);
    expect(choleskySolve(Float64Array.of(1, 1, 1, 1), Float64Array.of(1, 1), 2)).toBeUndefined();
  });
});

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] as number) * (b[j] as number);
  return s;
}
