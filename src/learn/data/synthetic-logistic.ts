import type { RandomStream } from '../../sim/random.js';
import * as msg from '../messages.js';
import type { Dataset } from './dataset.js';

/** Parameters of the synthetic logistic data set. */
export interface SyntheticLogisticOptions {
  /** Training samples (positive integer). */
  readonly nTrain: number;
  /** Held-out test samples (positive integer). */
  readonly nTest: number;
  /** Features per sample (positive integer). */
  readonly d: number;
  /**
   * Standard deviation of the ground-truth weights, = std of the margin
   * x·w_true (finite, > 0). Default 1. Sets the label noise: Bayes-optimal
   * accuracy ≈ 0.67 at 1, 0.78 at 2, 0.87 at 4, 0.93 at 8.
   */
  readonly weightStd?: number;
  /**
   * Fraction of non-zero features per sample, in (0, 1]. Default 1 (dense).
   * Each sample gets exactly k = max(1, round(density·d)) non-zeros at
   * uniformly random positions (a fresh k-subset per sample), with values
   * N(0, 1/k) instead of N(0, 1/d): ‖x‖² ≈ 1 and the margin x·w_true ≈
   * N(0, weightStd²) as in the dense case, so the label noise and the
   * per-sample curvature do not depend on the density either.
   */
  readonly density?: number;
}

/** A synthetic data set together with the weights that generated it. */
export interface SyntheticLogisticDataset extends Dataset {
  /** Ground-truth weights `w_true ~ N(0, weightStd²)`, length d (for diagnostics only). */
  readonly wTrue: Float32Array;
}

/**
 * Seeded synthetic binary classification under a logistic model:
 * `w_true ~ N(0, weightStd² I_d)`, features `x ~ N(0, I_d / d)`, and
 * `P(y = +1 | x) = σ(x·w_true)`.
 *
 * Features are scaled by 1/√d so that ‖x‖ ≈ 1 and the margin
 * `x·w_true ≈ N(0, weightStd²)` whatever d is. So the label noise does not
 * change with d, and neither does the per-sample curvature bound ‖x‖²/4 ≈ 1/4
 * that limits small-batch SGD step sizes (a learning rate tuned at one d
 * carries over). The full-batch curvature is much smaller, ≈ (1+√(d/n))²/(4d),
 * and recovering w_true needs n well above d (weak per-sample signal).
 * With the default weightStd = 1 the labels are noisy: Bayes-optimal accuracy
 * E[σ(|z|)], z ~ N(0, 1), is about 0.67.
 *
 * Draw order from `stream` (fixed, so a seed always gives the same data):
 * w_true, then the test set, then the training set — the test set therefore
 * does not change when only nTrain changes. Per sample: its d features, then
 * one uniform for its label; with `density` < 1 (k < d non-zeros): k draws
 * choosing the positions (a partial Fisher–Yates shuffle), its k values, then
 * the uniform for its label. The dense draws (density 1, or k rounding to d)
 * are those of the dense generator, bit for bit. The stream is advanced, not copied.
 */
export function makeSyntheticLogistic(options: SyntheticLogisticOptions, stream: RandomStream): SyntheticLogisticDataset {
  const { nTrain, nTest, d, weightStd = 1, density = 1 } = options;
  for (const [name, value] of [
    ['nTrain', nTrain],
    ['nTest', nTest],
    ['d', d],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(msg.notPositiveInteger(name, value));
  }
  if (!(Number.isFinite(weightStd) && weightStd > 0)) throw new RangeError(msg.notPositive('weightStd', weightStd));
  if (!(Number.isFinite(density) && density > 0 && density <= 1)) {
    throw new RangeError(msg.notInUnitInterval('density', density));
  }
  const nonZeros = Math.max(1, Math.round(density * d));
  const wTrue = new Float32Array(d);
  for (let j = 0; j < d; j++) wTrue[j] = stream.normal(0, weightStd);
  const draw = nonZeros === d ? drawSamples : sparseDrawer(nonZeros);
  const test = draw(nTest, d, wTrue, stream);
  const train = draw(nTrain, d, wTrue, stream);
  return { nTrain, nTest, d, xTrain: train.x, yTrain: train.y, xTest: test.x, yTest: test.y, wTrue };
}

function drawSamples(n: number, d: number, wTrue: Float32Array, stream: RandomStream): { x: Float32Array; y: Float32Array } {
  const scale = 1 / Math.sqrt(d);
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let margin = 0;
    const row = i * d;
    for (let j = 0; j < d; j++) {
      const v = Math.fround(scale * stream.normal());
      x[row + j] = v;
      margin += v * (wTrue[j] as number);
    }
    y[i] = stream.uniform() < sigmoid(margin) ? 1 : -1;
  }
  return { x, y };
}

/**
 * Samples with exactly k non-zero features each. The k positions are the first
 * k entries of a persistent permutation after a partial Fisher–Yates shuffle
 * of them: starting from any permutation, that gives a uniformly random
 * k-subset, in O(k) per sample.
 */
function sparseDrawer(k: number): typeof drawSamples {
  return (n, d, wTrue, stream) => {
    const scale = 1 / Math.sqrt(k);
    const perm = Int32Array.from({ length: d }, (_, j) => j);
    const x = new Float32Array(n * d);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      for (let m = 0; m < k; m++) {
        const r = m + stream.int(d - m);
        const tmp = perm[m] as number;
        perm[m] = perm[r] as number;
        perm[r] = tmp;
      }
      let margin = 0;
      const row = i * d;
      for (let m = 0; m < k; m++) {
        const j = perm[m] as number;
        const v = Math.fround(scale * stream.normal());
        x[row + j] = v;
        margin += v * (wTrue[j] as number);
      }
      y[i] = stream.uniform() < sigmoid(margin) ? 1 : -1;
    }
    return { x, y };
  };
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
