import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../learn/backend.js';
import { TopKWorkspace, topKIndices } from '../learn/compress/select.js';
import { RandomStream } from '../sim/random.js';
import { emit, timeMedian } from './harness.js';

const DIMS = [100_000, 1_000_000, 10_000_000];
/** k as a fraction of d. */
const FRACTIONS = [1 / 1000, 1 / 100];

/** Case `one-pass`: Σ|x_i| over the vector — the floor any selection must read. */
export function onePass(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i] as number);
  return s;
}

/**
 * Medians (ms) of several functions timed in alternation — one call of each
 * per round, after one warm-up call each — so that machine load drifts alike
 * for all of them and their ratio is robust. Wall time only here.
 */
export function pairedMedians(fns: readonly (() => unknown)[], rounds: number): number[] {
  const samples = fns.map(() => [] as number[]);
  let sink = 0;
  for (const fn of fns) sink += fn() === undefined ? 0 : 1;
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, j) => {
      const t0 = performance.now();
      sink += fn() === undefined ? 0 : 1;
      (samples[j] as number[]).push(performance.now() - t0);
    });
  }
  if (sink < 0) throw new Error('unreachable');
  return samples.map((s) => {
    s.sort((a, b) => a - b);
    const mid = s.length >> 1;
    const ms = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
    return Math.round(ms * 1000) / 1000;
  });
}

/** A standard-normal vector of length d from the seeded stream `bench/compress/<d>`. */
export function benchVector(d: number): Float32Array {
  const rng = new RandomStream(1, 0, `bench/compress/${d}`);
  const x = new Float32Array(d);
  for (let i = 0; i < d; i++) x[i] = rng.normal();
  return x;
}

/**
 * The compression suite: for d ∈ {1e5, 1e6, 1e7} and k ∈ {d/1000, d/100},
 * one JSON line each for
 * - `one-pass`: Σ|x| over the same vector (one read, one add per element),
 * - `topk`: gradwire's exact Top-k selection (`topKIndices`, reused
 *   workspace), with `topkOverOnePass` = topk ms / one-pass ms,
 * - `tfjs-topk`: `tf.topk(tf.abs(x), k)` on the TensorFlow.js backend in use
 *   (tensor upload excluded; abs, topk and reading the indices back included).
 * Inputs are standard normals from a seeded stream. Times are medians;
 * `one-pass` and `topk` are timed in alternation (see {@link pairedMedians}).
 */
export async function runCompressBench(): Promise<void> {
  const backend = await initBackend();
  for (const d of DIMS) {
    const x = benchVector(d);
    const workspace = new TopKWorkspace();
    const repeats = d >= 10_000_000 ? 15 : 41;
    const tensor = tf.tensor1d(x);
    for (const fraction of FRACTIONS) {
      const k = Math.round(d * fraction);
      const [oneMs, topMs] = pairedMedians([() => onePass(x), () => topKIndices(x, k, workspace)], repeats) as [number, number];
      emit({ bench: 'compress', case: 'one-pass', d, k, ms: oneMs });
      emit({ bench: 'compress', case: 'topk', d, k, ms: topMs, topkOverOnePass: Math.round((topMs / oneMs) * 100) / 100 });
      const tfTop = timeMedian(() => {
        const [values, indices] = tf.tidy(() => {
          const r = tf.topk(tf.abs(tensor), k);
          return [r.values, r.indices];
        });
        const n = (indices as tf.Tensor).dataSync().length;
        tf.dispose([values as tf.Tensor, indices as tf.Tensor]);
        return n;
      }, d >= 10_000_000 ? 3 : 5);
      emit({ bench: 'compress', case: 'tfjs-topk', backend, d, k, ms: tfTop.ms });
    }
    tensor.dispose();
  }
}
