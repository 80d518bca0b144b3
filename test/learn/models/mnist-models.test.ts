import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/learn/backend.js';
import { loadMnist, type MnistDataset } from '../../../src/learn/data/mnist.js';
import * as msg from '../../../src/learn/messages.js';
import { Cnn } from '../../../src/learn/models/cnn.js';
import { Mlp } from '../../../src/learn/models/mlp.js';
import { SoftmaxRegression } from '../../../src/learn/models/softmax.js';
import type { TfClassifier } from '../../../src/learn/models/tf-classifier.js';
import { convBlocks, denseBlocks, ParamLayout } from '../../../src/learn/models/tf-params.js';
import { matMulLayer } from '../../../src/learn/models/tf-tensors.js';
import { RandomStreams } from '../../../src/sim/random.js';
import { relativeError } from '../logistic-reference.js';

/**
 * Behaviour every TensorFlow.js classifier shares (the TfClassifier contract),
 * checked on all three models over a tiny MNIST subset (16 training and 32 test
 * digits), so that `loss` is the same mean as `gradient` over all indices and
 * finite differences of `loss` check `gradient` directly.
 */

const streams = new RandomStreams(2024, 0);
let tiny: MnistDataset;

beforeAll(async () => {
  await initBackend();
  tiny = loadMnist(streams.stream('data'), { trainSamples: 16, testSamples: 32 });
});

const builders: Array<[string, (data: MnistDataset, l2: number) => Promise<TfClassifier>]> = [
  ['softmax', (data, l2) => SoftmaxRegression.create(data, { l2 })],
  ['mlp', (data, l2) => Mlp.create(data, { l2, hidden: 32 })],
  ['cnn', (data, l2) => Cnn.create(data, { l2 })],
];

const allIndices = () => Int32Array.from({ length: tiny.nTrain }, (_, i) => i);

describe.each(builders)('%s (TfClassifier contract)', (label, build) => {
  let model: TfClassifier;
  let ridge: TfClassifier;
  const L2 = 1e-2;

  beforeAll(async () => {
    model = await build(tiny, 0);
    ridge = await build(tiny, L2);
  });

  afterAll(() => {
    model.dispose();
    ridge.dispose();
  });

  it('gradient agrees with central finite differences of loss on sampled coordinates of every block', () => {
    // Tolerance |fd − g| ≤ 2e-3 + 3 % |g|, at step h = 1e-3:
    // - float32 noise: the loss (≈ 2.3) is computed in float32 to a few ulps
    //   (ulp ≈ 2.4e-7), δ ≈ 1e-6, so the difference quotient carries
    //   ≈ δ/h ≈ 1e-3 of rounding noise: the absolute term, with 2× margin
    //   (the truncation error O(h²·F‴) ≈ 1e-7 is negligible);
    // - kinks: the MLP and CNN are piecewise smooth (ReLU, max-pool), and the
    //   ReLU/max switches crossed inside [w − h, w + h] bend the quotient by up
    //   to ≈ 1 % of |g| on the CNN: the relative term, with 3× margin.
    // Observed worst case: 0.39 of the tolerance (CNN), 0.1 (softmax, MLP).
    // The CNN gradient is also checked against native tfjs autodiff on the
    // cpu backend to 1e-5 in cnn.test.ts.
    for (const [m, l2] of [
      [model, 0],
      [ridge, L2],
    ] as const) {
      const w = offZeroBiases(m, m.init(streams.stream(`init/${label}/fd`)), streams.stream(`bias/${label}`));
      const g = m.gradient(w, allIndices());
      const coordinates = sampleCoordinates(m, g, streams.stream(`coords/${label}/${l2}`));
      expect(Math.max(...coordinates.map((j) => Math.abs(g[j] as number)))).toBeGreaterThan(0.05); // not vacuous
      for (const j of coordinates) {
        const fd = centralDifference(m, w, j, 1e-3);
        const tolerance = 2e-3 + 0.03 * Math.abs(g[j] as number);
        expect(Math.abs(fd - (g[j] as number)), `coordinate ${j}: fd ${fd}, g ${g[j]}`).toBeLessThan(tolerance);
      }
    }
  });

  it('adds the L2 term λw once, to every coordinate (biases included)', () => {
    const w = model.init(streams.stream(`init/${label}/l2`));
    const batch = [1, 5, 9, 13];
    const plain = model.gradient(w, batch);
    const reg = ridge.gradient(w, batch);
    let worst = 0;
    for (let j = 0; j < w.length; j++) {
      worst = Math.max(worst, Math.abs((reg[j] as number) - (plain[j] as number) - L2 * (w[j] as number)));
    }
    expect(worst).toBeLessThan(1e-6);
    let sq = 0;
    for (const v of w) sq += v * v;
    expect(ridge.loss(w) - model.loss(w)).toBeCloseTo((L2 / 2) * sq, 5);
  });

  it('counts repeated batch indices with multiplicity', () => {
    const w = model.init(streams.stream(`init/${label}/repeat`));
    const g3 = model.gradient(w, [3]);
    const g5 = model.gradient(w, [5]);
    const mixed = model.gradient(w, [3, 5, 3]);
    for (let j = 0; j < w.length; j += 97) {
      expect(mixed[j]).toBeCloseTo((2 * (g3[j] as number) + (g5[j] as number)) / 3, 5);
    }
  });

  it('fullGradient equals the gradient over all training indices', () => {
    const w = ridge.init(streams.stream(`init/${label}/full`));
    const full = ridge.fullGradient(w);
    const batch = ridge.gradient(w, allIndices());
    expect(full).toHaveLength(ridge.dim);
    expect(relativeError(full, batch)).toBeLessThan(1e-5);
  });

  it('init is seeded: same stream key ⇒ same w₀, biases zero, weights inside the initialiser limit', () => {
    const a = model.init(new RandomStreams(1, 0).stream('init'));
    const b = model.init(new RandomStreams(1, 0).stream('init'));
    const c = model.init(new RandomStreams(2, 0).stream('init'));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    model.layout.blocks.forEach((block, k) => {
      const values = a.subarray(model.layout.offsets[k], (model.layout.offsets[k] as number) + (model.layout.sizes[k] as number));
      const maxAbs = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      if (block.init === 'zeros') {
        expect(maxAbs).toBe(0);
      } else {
        const limit = block.init === 'he-uniform' ? Math.sqrt(6 / block.fanIn) : Math.sqrt(6 / (block.fanIn + block.fanOut));
        expect(maxAbs).toBeLessThanOrEqual(limit);
        expect(maxAbs).toBeGreaterThan(0.9 * limit); // uniform over the whole interval, not a narrower one
      }
    });
  });

  it('does not leak tensors over gradient, loss, accuracy and fullGradient calls', () => {
    const w = model.init(streams.stream(`init/${label}/leak`));
    const batch = Int32Array.from({ length: 32 }, (_, b) => b % tiny.nTrain);
    model.gradient(w, batch); // warm-up: kernels may cache state on first use
    const before = tf.memory().numTensors;
    for (let k = 0; k < 20; k++) model.gradient(w, batch);
    model.loss(w);
    model.accuracy(w);
    model.fullGradient(w);
    ridge.gradient(w, batch);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('holds its data in two tensors per 500-sample chunk and frees them on dispose', async () => {
    const before = tf.memory().numTensors;
    const other = await build(tiny, 0);
    expect(tf.memory().numTensors).toBe(before + 2 * 2); // 16 train + 32 test samples: one chunk each
    other.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('accuracy is a fraction of the test set; at w = 0 every logit ties and class 0 is predicted', () => {
    const zeros = new Float32Array(model.dim);
    const zerosInTest = tiny.yTest.reduce((n, y) => n + (y === 0 ? 1 : 0), 0);
    expect(model.accuracy(zeros)).toBeCloseTo(zerosInTest / tiny.nTest, 10);
    expect(model.loss(zeros)).toBeCloseTo(Math.log(10), 5);
  });

  it('rejects indices outside the training set, empty batches and wrong-length weights', () => {
    const w = new Float32Array(model.dim);
    expect(() => model.gradient(w, [0, tiny.nTrain])).toThrow(msg.indexOutOfRange(tiny.nTrain, tiny.nTrain));
    expect(() => model.gradient(w, [-1])).toThrow(msg.indexOutOfRange(-1, tiny.nTrain));
    expect(() => model.gradient(w, [])).toThrow(msg.notPositiveInteger('batch length', 0));
    expect(() => model.loss(new Float32Array(3))).toThrow(msg.dimensionMismatch('weights', 3, model.dim));
    expect(() => model.accuracy(new Float32Array(3))).toThrow(msg.dimensionMismatch('weights', 3, model.dim));
  });

  it('rejects a negative L2 coefficient', async () => {
    await expect(build(tiny, -1)).rejects.toThrow(msg.notNonNegative('l2', -1));
  });
});

describe('ParamLayout', () => {
  const layout = new ParamLayout([...convBlocks('conv', 3, 3, 2, 4, 'he-uniform'), ...denseBlocks('dense', 5, 2, 'glorot-uniform')]);

  it('packs blocks in order, each row-major, and reports offsets, sizes and dim', () => {
    expect(layout.sizes).toEqual([72, 4, 10, 2]);
    expect(layout.offsets).toEqual([0, 72, 76, 86]);
    expect(layout.dim).toBe(88);
    expect(layout.describe()[2]).toBe('dense/kernel [5×2] @76+10 (glorot-uniform)');
    expect(layout.blocks[0]).toMatchObject({ fanIn: 18, fanOut: 36 });
  });

  it('splits a flat vector into block tensors and flattens them back unchanged', () => {
    const w = Float32Array.from({ length: layout.dim }, (_, i) => i / 7);
    const back = tf.tidy(() => {
      const parts = layout.tensors(w);
      expect(parts.map((p) => p.shape)).toEqual([[3, 3, 2, 4], [4], [5, 2], [2]]);
      expect(parts[2]?.arraySync()).toEqual([
        [76 / 7, 77 / 7].map(Math.fround),
        [78 / 7, 79 / 7].map(Math.fround),
        [80 / 7, 81 / 7].map(Math.fround),
        [82 / 7, 83 / 7].map(Math.fround),
        [84 / 7, 85 / 7].map(Math.fround),
      ]);
      return layout.flatten(parts);
    });
    expect(Array.from(back.dataSync())).toEqual(Array.from(w));
    back.dispose();
  });
});

describe('matMulLayer', () => {
  it('has the value and the gradients of tf.matMul', () => {
    const s = streams.stream('matmul');
    const x = tf.tensor2d(
      Float32Array.from({ length: 6 * 5 }, () => s.normal()),
      [6, 5],
    );
    const w = tf.tensor2d(
      Float32Array.from({ length: 5 * 3 }, () => s.normal()),
      [5, 3],
    );
    const dy = tf.tensor2d(
      Float32Array.from({ length: 6 * 3 }, () => s.normal()),
      [6, 3],
    );
    const loss = (mm: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D) => (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(mm(a as tf.Tensor2D, b as tf.Tensor2D), dy));
    const [rx, rw] = tf.grads(loss((a, b) => tf.matMul(a, b)))([x, w]);
    const [gx, gw] = tf.grads(loss((a, b) => matMulLayer(a, b, true)))([x, w]);
    const [gwOnly] = tf.grads((b: tf.Tensor) => tf.sum(tf.mul(matMulLayer(x, b as tf.Tensor2D, false), dy)))([w]);
    const close = (a: tf.Tensor | undefined, b: tf.Tensor | undefined) => expect(relativeError(a?.dataSync() as Float32Array, b?.dataSync() as Float32Array)).toBeLessThan(1e-6);
    close(matMulLayer(x, w, true), tf.matMul(x, w));
    close(gx, rx);
    close(gw, rw);
    close(gwOnly, rw);
    tf.dispose([x, w, dy, rx, rw, gx, gw, gwOnly] as tf.Tensor[]);
  });
});

/**
 * Coordinates to check: in every parameter block, the coordinate of largest
 * |g| and two uniformly random ones (which may well have g = 0, e.g. weights
 * of always-blank border pixels: then the finite difference must be 0 too).
 */
function sampleCoordinates(m: TfClassifier, g: Float32Array, stream: ReturnType<RandomStreams['stream']>): number[] {
  const out: number[] = [];
  m.layout.blocks.forEach((_, k) => {
    const start = m.layout.offsets[k] as number;
    const size = m.layout.sizes[k] as number;
    let best = start;
    for (let j = start; j < start + size; j++) if (Math.abs(g[j] as number) > Math.abs(g[best] as number)) best = j;
    out.push(best, start + stream.int(size), start + stream.int(size));
  });
  return out;
}

/**
 * `w` with every bias set to ±U(0.05, 0.1). With zero biases, blank image
 * regions put ReLU inputs exactly at the kink 0, where the loss has no
 * derivative (finite differences average the one-sided slopes; autodiff
 * takes ReLU′(0) = 0), so the check would compare two different things.
 */
function offZeroBiases(m: TfClassifier, w: Float32Array, stream: ReturnType<RandomStreams['stream']>): Float32Array {
  const out = w.slice();
  m.layout.blocks.forEach((block, k) => {
    if (block.init !== 'zeros') return;
    const start = m.layout.offsets[k] as number;
    for (let j = start; j < start + (m.layout.sizes[k] as number); j++) {
      out[j] = (stream.uniform() < 0.5 ? -1 : 1) * (0.05 + 0.05 * stream.uniform());
    }
  });
  return out;
}

/** (F(w + h e_j) − F(w − h e_j)) / (actual float32 step), F = the model's full training loss. */
function centralDifference(m: TfClassifier, w: Float32Array, j: number, h: number): number {
  const plus = w.slice();
  const minus = w.slice();
  plus[j] = (w[j] as number) + h;
  minus[j] = (w[j] as number) - h;
  return (m.loss(plus) - m.loss(minus)) / ((plus[j] as number) - (minus[j] as number));
}
