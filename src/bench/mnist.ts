import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../learn/backend.js';
import { loadMnist } from '../learn/data/mnist.js';
import { Cnn } from '../learn/models/cnn.js';
import { Mlp } from '../learn/models/mlp.js';
import { SoftmaxRegression } from '../learn/models/softmax.js';
import type { TfClassifier } from '../learn/models/tf-classifier.js';
import { RandomStreams } from '../sim/random.js';
import { TopKWorkspace, topKIndices } from '../learn/compress/select.js';
import { compared, emit, median, pairedMedians } from './harness.js';

/** Samples per gradient, as in the learning scenarios. */
const BATCH = 32;
/** Untimed gradients per model first: wasm code and tfjs kernels settle over ~10 calls, not one. */
const WARMUP = 50;
/** Timed rounds per model (one gradient and one selection each; medians are reported). */
const ROUNDS = 50;
/** k of the reference selection, as a fraction of d. */
const TOPK_FRACTION = 1 / 100;
/** Gradients whose ArrayBuffer allocation is measured, per model. */
const ALLOC_CALLS = 200;

/**
 * Part of the `compress` suite (issue 4 asks `npm run bench -- compress` for
 * the ms per MNIST gradient): wall time of one mini-batch gradient (batch 32)
 * of each MNIST model on the active TensorFlow.js backend, next to its
 * reference, gradwire's Top-k selection (`topKIndices`, k = d/100) on a real
 * gradient of the same model — the compression step a worker adds to each
 * gradient. Two lines per model:
 * `{bench: "compress", case: "mnist-<model>-gradient", backend, batch, d, ms, rounds, bytesPerCall, allocCalls}` and
 * `{bench: "compress", case: "mnist-<model>-topk", d, k, ms, baseline: "mnist-<model>-gradient", ratio, rounds, topkOverGradient}`,
 * `ratio` (also printed as `topkOverGradient`) being the median over rounds
 * of topk ms / gradient ms in the same round: the share of a gradient's wall time its Top-k selection
 * adds. After 50 untimed gradients, the two alternate for 50 rounds (see
 * {@link pairedMedians}); `ms` are medians. Each gradient draws a fresh batch
 * from a seeded stream, so the timings do not depend on one batch; it is
 * written into one reused buffer, as a worker's is. `bytesPerCall` is the
 * median over `allocCalls` = 200 more gradients of the growth of
 * `process.memoryUsage().arrayBuffers` across one call: the ArrayBuffer
 * bytes a gradient allocates (a GC inside a call makes it negative, hence
 * the median; the batches are drawn beforehand).
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
      const draw = () => Int32Array.from({ length: BATCH }, () => batches.int(model.nTrain));
      const g = new Float32Array(model.dim);
      const step = () => model.gradient(w, draw(), g);
      for (let k = 0; k < WARMUP; k++) step();
      const topK = Math.max(1, Math.round(model.dim * TOPK_FRACTION));
      const workspace = new TopKWorkspace();
      const t = pairedMedians([step, () => topKIndices(g, topK, workspace)], ROUNDS);
      const bytes = Array.from({ length: ALLOC_CALLS }, draw).map((indices) => {
        const before = process.memoryUsage().arrayBuffers;
        model.gradient(w, indices, g);
        return process.memoryUsage().arrayBuffers - before;
      });
      emit({
        bench: 'compress',
        case: `mnist-${label}-gradient`,
        backend,
        batch: BATCH,
        d: model.dim,
        ms: t.ms[0] as number,
        rounds: ROUNDS,
        bytesPerCall: median(bytes),
        allocCalls: ALLOC_CALLS,
      });
      const vsGradient = compared(t, 1, 0, `mnist-${label}-gradient`);
      emit({ bench: 'compress', case: `mnist-${label}-topk`, d: model.dim, k: topK, ms: t.ms[1] as number, ...vsGradient, rounds: ROUNDS, topkOverGradient: vsGradient.ratio });
    } finally {
      model.dispose();
    }
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked !== 0) process.stderr.write(`mnist bench: ${leaked} tensors leaked\n`);
}
