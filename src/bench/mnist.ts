import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../learn/backend.js';
import { loadMnist } from '../learn/data/mnist.js';
import { Cnn } from '../learn/models/cnn.js';
import { Mlp } from '../learn/models/mlp.js';
import { SoftmaxRegression } from '../learn/models/softmax.js';
import type { TfClassifier } from '../learn/models/tf-params.js';
import { RandomStreams } from '../sim/random.js';
import { emit, timeMedian } from './harness.js';

/** Samples per gradient, as in the learning scenarios. */
const BATCH = 32;
/** Untimed gradients per model first: wasm code and tfjs kernels settle over ~10 calls, not one. */
const WARMUP = 50;
/** Timed gradients per model (the median is reported). */
const REPEATS = 50;

/**
 * Wall time of one mini-batch gradient (batch 32) of each MNIST model on the
 * active TensorFlow.js backend. Prints one JSON line per model:
 * `{bench: "compress", case: "mnist-<model>-gradient", backend, batch, d, ms}`,
 * `ms` being the median over 50 calls after 50 warm-up calls. Each call draws
 * a fresh batch from a seeded stream, so the timings do not depend on one batch.
 * Register it in `main.ts` as the `mnist` suite.
 */
export async function runMnistGradientBench(): Promise<void> {
  const backend = await initBackend();
  const streams = new RandomStreams('bench', 0);
  const data = loadMnist(streams.stream('data'));
  const tensorsBefore = tf.memory().numTensors;
  const builders: Array<[string, () => Promise<TfClassifier>]> = [
    ['softmax', () => SoftmaxRegression.create(data)],
    ['mlp', () => Mlp.create(data)],
    ['cnn', () => Cnn.create(data)],
  ];
  for (const [label, build] of builders) {
    const model = await build();
    try {
      const w = model.init(streams.stream(`init/${label}`));
      const batches = streams.stream(`batch/${label}`);
      const step = () => model.gradient(w, Int32Array.from({ length: BATCH }, () => batches.int(model.nTrain)));
      for (let k = 0; k < WARMUP; k++) step();
      const { ms } = timeMedian(step, REPEATS);
      emit({ bench: 'compress', case: `mnist-${label}-gradient`, backend, batch: BATCH, d: model.dim, ms });
    } finally {
      model.dispose();
    }
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked !== 0) process.stderr.write(`mnist bench: ${leaked} tensors leaked\n`);
}
