import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../learn/backend.js';
import { TopKWorkspace, topKIndices } from '../learn/compress/select.js';
import { RandomStream } from '../sim/random.js';
import { compared, emit, pairedMedians } from './harness.js';

const DIMS = [100_000, 1_000_000, 10_000_000];
/** k as a fraction of d. */
const FRACTIONS = [1 / 1000, 1 / 100];

/** Case `one-pass`: Σ|x_i| over the vector — the floor any selection must read. */
export function onePass(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i] as number);
  return s;
}

/** A standard-normal vector of length d from the seeded stream `bench/compress/<d>`. */
export function benchVector(d: number): Float32Array {
  const rng = new RandomStream(1, 0, `bench/compress/${d}`);
  const x = new Float32Array(d);
  for (let i = 0; i < d; i++) x[i] = rng.normal();
  return x;
}

/**
 * `tf.topk(tf.abs(x), k)` on the TensorFlow.js backend in use, reading the
 * indices back (the upload of `x` is not included: `tensor` is made once).
 */
function tfjsTopk(tensor: tf.Tensor1D, k: number): number {
  const [values, indices] = tf.tidy(() => {
    const r = tf.topk(tf.abs(tensor), k);
    return [r.values, r.indices];
  });
  const n = (indices as tf.Tensor).dataSync().length;
  tf.dispose([values as tf.Tensor, indices as tf.Tensor]);
  return n;
}

/**
 * The compression suite: for d ∈ {1e5, 1e6, 1e7} and k ∈ {d/1000, d/100},
 * one JSON line each for
 * - `one-pass`: Σ|x| over the same vector (one read, one add per element),
 * - `topk`: gradwire's exact Top-k selection (`topKIndices`, reused
 *   workspace), with `topkOverOnePass` (issue 4's target: ≤ 3),
 * - `tfjs-topk`: `tf.topk(tf.abs(x), k)` on the TensorFlow.js backend in use
 *   (tensor upload excluded; abs, topk and reading the indices back included),
 *   with `tfjsOverTopk` (> 1: gradwire's selection is faster) and
 *   `tfjsOverOnePass`.
 * Inputs are standard normals from a seeded stream. The three are timed in
 * alternation (see {@link pairedMedians}); `ms` are medians, and every
 * `xOverY` is the median over rounds of x's ms / y's ms in the same round.
 * Both compared cases have `baseline: "one-pass"` (the floor) and `ratio`,
 * the same number as their `…OverOnePass`.
 */
export async function runCompressBench(): Promise<void> {
  const backend = await initBackend();
  for (const d of DIMS) {
    const x = benchVector(d);
    const workspace = new TopKWorkspace();
    const rounds = d >= 10_000_000 ? 15 : 31;
    const tensor = tf.tensor1d(x);
    for (const fraction of FRACTIONS) {
      const k = Math.round(d * fraction);
      const t = pairedMedians([() => onePass(x), () => topKIndices(x, k, workspace), () => tfjsTopk(tensor, k)], rounds);
      const [oneMs, topMs, tfMs] = t.ms as [number, number, number];
      emit({ bench: 'compress', case: 'one-pass', d, k, ms: oneMs, rounds });
      emit({ bench: 'compress', case: 'topk', d, k, ms: topMs, ...compared(t, 1, 0, 'one-pass'), rounds, topkOverOnePass: t.ratio(1, 0) });
      emit({ bench: 'compress', case: 'tfjs-topk', backend, d, k, ms: tfMs, ...compared(t, 2, 0, 'one-pass'), rounds, tfjsOverTopk: t.ratio(2, 1), tfjsOverOnePass: t.ratio(2, 0) });
    }
    tensor.dispose();
  }
}
