import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../../src/learn/backend.js';
import { loadMnist, type MnistDataset } from '../../../src/learn/data/mnist.js';
import * as msg from '../../../src/learn/messages.js';
import { Cnn } from '../../../src/learn/models/cnn.js';
import { Mlp } from '../../../src/learn/models/mlp.js';
import { SoftmaxRegression } from '../../../src/learn/models/softmax.js';
import type { TfClassifier } from '../../../src/learn/models/tf-classifier.js';
import { RandomStreams } from '../../../src/sim/random.js';

/**
 * `TfClassifier.gradient(w, indices, out)`: the worker path, which writes
 * into the caller's buffer instead of allocating (issue 12). It must give the
 * very bits of the allocating call, on the wasm backend (heap views) and on
 * the cpu backend (the fallbacks).
 */

const streams = new RandomStreams(12, 0);
let data: MnistDataset;

beforeAll(async () => {
  await initBackend();
  data = loadMnist(streams.stream('data'), { trainSamples: 500, testSamples: 100 });
});

const builders: Array<[string, (l2: number) => Promise<TfClassifier>]> = [
  ['softmax', (l2) => SoftmaxRegression.create(data, { l2 })],
  ['mlp', (l2) => Mlp.create(data, { l2, hidden: 32 })],
  ['cnn', (l2) => Cnn.create(data, { l2 })],
];

function batchOf(label: string, size: number): Int32Array {
  const s = streams.stream(`batch/${label}/${size}`);
  return Int32Array.from({ length: size }, () => s.int(data.nTrain));
}

function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

/** out (pre-filled with NaN) gets the bits of the allocating call, and is what the call returns. */
function expectSameIntoOut(model: TfClassifier, w: Float32Array, batch: Int32Array, out: Float32Array): void {
  const fresh = model.gradient(w, batch);
  out.fill(Number.NaN);
  const returned = model.gradient(w, batch, out);
  expect(returned).toBe(out);
  expect(bits(out)).toEqual(bits(fresh));
}

describe.each(builders)('%s gradient into out', (label, build) => {
  let model: TfClassifier;
  let ridge: TfClassifier;

  beforeAll(async () => {
    model = await build(0);
    ridge = await build(1e-3);
  });

  afterAll(() => {
    model.dispose();
    ridge.dispose();
  });

  it('writes the same bits as the allocating call and returns out itself (λ = 0 and λ > 0, batch size changing)', () => {
    for (const m of [model, ridge]) {
      const w = m.init(streams.stream(`init/${label}/${m.l2}`));
      const out = new Float32Array(m.dim);
      for (const size of [32, 7, 32]) expectSameIntoOut(m, w, batchOf(label, size), out);
    }
  });

  it('leaves no tensors behind and rejects a wrong-length out', () => {
    const w = model.init(streams.stream(`init/${label}/leak`));
    const out = new Float32Array(model.dim);
    const batch = batchOf(label, 32);
    model.gradient(w, batch, out);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) model.gradient(w, batch, out);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => model.gradient(w, batch, new Float32Array(model.dim - 1))).toThrow(msg.dimensionMismatch('gradient buffer', model.dim - 1, model.dim));
  });

  it('allocates no d-sized ArrayBuffer per call on wasm (median growth of arrayBuffers < 16 KiB)', () => {
    // Before issue 12 a call allocated ≥ 4d (the read-back) plus 4 × 32 × 784
    // bytes (the batch); now only tfjs's few bytes per kernel call (~3 kB).
    // vitest runs each test file in its own process, so the count is ours.
    expect(tf.getBackend()).toBe('wasm');
    const w = model.init(streams.stream(`init/${label}/alloc`));
    const out = new Float32Array(model.dim);
    const batches = Array.from({ length: 31 }, (_, k) => batchOf(`${label}/alloc/${k}`, 32));
    model.gradient(w, batches[0] as Int32Array, out);
    const grown = batches.map((batch) => {
      const before = process.memoryUsage().arrayBuffers;
      model.gradient(w, batch, out);
      return process.memoryUsage().arrayBuffers - before;
    });
    grown.sort((a, b) => a - b);
    expect(grown[15]).toBeLessThan(16 * 1024);
  });
});

describe('gradient into out on the cpu backend', () => {
  it.each(builders)('%s: the same bits as the allocating call, out returned', async (label, build) => {
    const backend = tf.getBackend();
    // The cpu backend's first tensor prints an "install tfjs-node" banner through console.warn.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await tf.setBackend('cpu');
    try {
      const model = await build(1e-3);
      try {
        const w = model.init(streams.stream(`init/cpu/${label}`));
        const out = new Float32Array(model.dim);
        for (const size of [32, 5, 32]) expectSameIntoOut(model, w, batchOf(`cpu/${label}`, size), out);
      } finally {
        model.dispose();
      }
    } finally {
      await tf.setBackend(backend);
      warn.mockRestore();
    }
  });
});
