import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BatchSampler } from '../../../src/learn/batch-sampler.js';
import { initBackend } from '../../../src/learn/backend.js';
import { loadMnist, type MnistDataset } from '../../../src/learn/data/mnist.js';
import * as msg from '../../../src/learn/messages.js';
import { Cnn, conv2dValid, maxPool2x2 } from '../../../src/learn/models/cnn.js';
import { RandomStreams } from '../../../src/sim/random.js';

const streams = new RandomStreams(5, 0);
let data: MnistDataset;
let model: Cnn;

beforeAll(async () => {
  await initBackend();
  data = loadMnist(streams.stream('data'), { trainSamples: 4000, testSamples: 1000 });
  model = await Cnn.create(data);
});

afterAll(() => model.dispose());

type Shape4 = [number, number, number, number];

function randomTensor(shape: Shape4, name: string): tf.Tensor4D {
  const s = streams.stream(name);
  return tf.tensor4d(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => s.normal()),
    shape,
  );
}

/** Max |a − b| / max |b|, in float64. */
function relativeMaxError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    norm = Math.max(norm, Math.abs(b[i] as number));
  }
  return diff / norm;
}

/** NHWC offset. */
const at = ([, h, w, c]: Shape4, b: number, i: number, j: number, k: number) => ((b * h + i) * w + j) * c + k;

describe('Cnn architecture', () => {
  it('has 5,994 parameters in the documented packing and 6 × forward multiply-adds FLOPs', () => {
    expect(model.name).toBe('mnist-cnn');
    expect(model.dim).toBe(5994);
    expect(model.layout.describe()).toEqual([
      'conv1/kernel [5×5×1×8] @0+200 (he-uniform)',
      'conv1/bias [8] @200+8 (zeros)',
      'conv2/kernel [5×5×8×16] @208+3200 (he-uniform)',
      'conv2/bias [16] @3408+16 (zeros)',
      'dense/kernel [256×10] @3424+2560 (glorot-uniform)',
      'dense/bias [10] @5984+10 (zeros)',
    ]);
    expect(model.flopsPerSample).toBe(6 * (24 * 24 * 25 * 8 + 8 * 8 * 200 * 16 + 256 * 10));
  });

  it('rejects a data set whose samples are not height × width images', async () => {
    const flat = { ...data, d: 100 };
    await expect(Cnn.create(flat)).rejects.toThrow(msg.imageShapeMismatch(100, 28, 28, 1));
  });
});

describe('conv2dValid', () => {
  const xShape: Shape4 = [3, 9, 8, 4];
  const fShape: Shape4 = [5, 4, 4, 6];
  const yShape: Shape4 = [3, 5, 5, 6];

  /** Float64 valid convolution, its input gradient and its filter gradient for the upstream gradient dy. */
  function reference(x: Float32Array, f: Float32Array, dy: Float32Array) {
    const y = new Float64Array(yShape.reduce((a, b) => a * b, 1));
    const dx = new Float64Array(x.length);
    const df = new Float64Array(f.length);
    const [batch, oh, ow, outC] = yShape;
    const [kh, kw, inC] = fShape;
    for (let b = 0; b < batch; b++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++)
          for (let o = 0; o < outC; o++)
            for (let p = 0; p < kh; p++)
              for (let q = 0; q < kw; q++)
                for (let c = 0; c < inC; c++) {
                  const xi = at(xShape, b, i + p, j + q, c);
                  const fi = ((p * kw + q) * inC + c) * outC + o;
                  const yi = at(yShape, b, i, j, o);
                  y[yi] = (y[yi] as number) + (x[xi] as number) * (f[fi] as number);
                  dx[xi] = (dx[xi] as number) + (f[fi] as number) * (dy[yi] as number);
                  df[fi] = (df[fi] as number) + (x[xi] as number) * (dy[yi] as number);
                }
    return { y, dx, df };
  }

  it('has the value of a valid convolution and both gradients of it (float64 reference)', () => {
    const x = randomTensor(xShape, 'conv/x');
    const f = randomTensor(fShape, 'conv/f');
    const dy = randomTensor(yShape, 'conv/dy');
    const ref = reference(x.dataSync() as Float32Array, f.dataSync() as Float32Array, dy.dataSync() as Float32Array);
    const [y, dx, df, dfOnly] = tf.tidy(() => {
      const both = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv2dValid(a as tf.Tensor4D, b as tf.Tensor4D, true), dy)));
      const [gx, gf] = both([x, f]);
      const filterOnly = tf.grad((b: tf.Tensor) => tf.sum(tf.mul(conv2dValid(x, b as tf.Tensor4D, false), dy)));
      return [conv2dValid(x, f, true), gx as tf.Tensor, gf as tf.Tensor, filterOnly(f)];
    });
    expect(y.shape).toEqual(yShape);
    expect(relativeMaxError(y.dataSync(), ref.y)).toBeLessThan(1e-5);
    expect(relativeMaxError(dx.dataSync(), ref.dx)).toBeLessThan(1e-5);
    expect(relativeMaxError(df.dataSync(), ref.df)).toBeLessThan(1e-5);
    expect(relativeMaxError(dfOnly.dataSync(), ref.df)).toBeLessThan(1e-5);
    tf.dispose([x, f, dy, y, dx, df, dfOnly]);
  });
});

describe('maxPool2x2', () => {
  it('pools 2×2 windows per channel and routes each gradient to the first maximum (float64 reference)', () => {
    const shape: Shape4 = [2, 6, 7, 3]; // odd width: the last column is dropped ('valid')
    const s = streams.stream('pool/x');
    // Values on a coarse grid, so that some windows hold tied maxima.
    const xv = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => s.int(5));
    const outShape: Shape4 = [2, 3, 3, 3];
    const dyv = Float32Array.from({ length: outShape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1);
    const y = new Float32Array(dyv.length);
    const dx = new Float32Array(xv.length);
    for (let b = 0; b < 2; b++)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++)
          for (let c = 0; c < 3; c++) {
            let best = at(shape, b, 2 * i, 2 * j, c);
            for (const [u, v] of [
              [0, 1],
              [1, 0],
              [1, 1],
            ] as const) {
              const p = at(shape, b, 2 * i + u, 2 * j + v, c);
              if ((xv[p] as number) > (xv[best] as number)) best = p;
            }
            const o = at(outShape, b, i, j, c);
            y[o] = xv[best] as number;
            dx[best] = (dx[best] as number) + (dyv[o] as number);
          }
    const x = tf.tensor4d(xv, shape);
    const dy = tf.tensor4d(dyv, outShape);
    const [value, grad] = tf.tidy(() => [maxPool2x2(x), tf.grad((a: tf.Tensor) => tf.sum(tf.mul(maxPool2x2(a as tf.Tensor4D), dy)))(x)]);
    expect(Array.from(value.dataSync())).toEqual(Array.from(y));
    expect(Array.from(grad.dataSync())).toEqual(Array.from(dx));
    tf.dispose([x, dy, value, grad]);
  });
});

describe('Cnn gradient', () => {
  it('equals native tfjs autodiff of the same network on the cpu backend', async () => {
    const s = streams.stream('w/native');
    const w = model.init(streams.stream('init/native'));
    // Non-zero biases, so that the check covers them too.
    model.layout.blocks.forEach((block, k) => {
      if (block.init !== 'zeros') return;
      const start = model.layout.offsets[k] as number;
      for (let j = start; j < start + (model.layout.sizes[k] as number); j++) w[j] = s.normal(0, 0.1);
    });
    const batch = Array.from({ length: 32 }, (_, b) => (b * 97) % data.nTrain);
    const g = model.gradient(w, batch);

    const backend = tf.getBackend();
    // The cpu backend has every kernel natively, and a correct MaxPoolGrad. Its
    // first tensor prints an "install tfjs-node" banner through console.warn.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await tf.setBackend('cpu');
    try {
      const reference = tf.tidy(() => {
        const xs = new Float32Array(batch.length * data.d);
        batch.forEach((i, b) => xs.set(data.xTrain.subarray(i * data.d, (i + 1) * data.d), b * data.d));
        const x = tf.tensor4d(xs, [batch.length, 28, 28, 1]);
        const y = tf.oneHot(
          tf.tensor1d(
            batch.map((i) => data.yTrain[i] as number),
            'int32',
          ),
          10,
        );
        // The architecture as documented: conv → +bias → ReLU → max-pool, twice, then dense.
        const f = (...params: tf.Tensor[]) => {
          const [k1, b1, k2, b2, w3, b3] = params as [tf.Tensor4D, tf.Tensor1D, tf.Tensor4D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
          const a1 = tf.maxPool(tf.relu(tf.add(tf.conv2d(x, k1, 1, 'valid'), b1)) as tf.Tensor4D, 2, 2, 'valid');
          const a2 = tf.maxPool(tf.relu(tf.add(tf.conv2d(a1, k2, 1, 'valid'), b2)) as tf.Tensor4D, 2, 2, 'valid');
          const z = tf.add(tf.matMul(tf.reshape(a2, [batch.length, -1]), w3), b3);
          return tf.mean(tf.sub(tf.logSumExp(z, 1), tf.sum(tf.mul(z, y), 1)));
        };
        const params = model.layout.blocks.map((block, k) => {
          const start = model.layout.offsets[k] as number;
          return tf.tensor(w.slice(start, start + (model.layout.sizes[k] as number)), [...block.shape]);
        });
        return tf.concat(
          tf
            .grads(f)(params)
            .map((t) => tf.reshape(t, [-1])),
        );
      });
      const r = reference.dataSync();
      reference.dispose();
      model.layout.blocks.forEach((block, k) => {
        const start = model.layout.offsets[k] as number;
        const end = start + (model.layout.sizes[k] as number);
        expect(relativeMaxError(g.subarray(start, end), r.subarray(start, end)), block.name).toBeLessThan(1e-5);
      });
    } finally {
      await tf.setBackend(backend);
      warn.mockRestore();
    }
  });

  it('learns: 200 SGD steps at batch 32 reach > 85 % test accuracy', () => {
    const w = model.init(streams.stream('init'));
    const sampler = new BatchSampler(
      Array.from({ length: model.nTrain }, (_, i) => i),
      32,
      streams.stream('batch'),
    );
    for (let step = 0; step < 200; step++) {
      const g = model.gradient(w, sampler.next());
      for (let j = 0; j < w.length; j++) w[j] = (w[j] as number) - 0.1 * (g[j] as number);
    }
    expect(model.accuracy(w)).toBeGreaterThan(0.85);
  });
});
