import type { RandomStream } from '../../sim/random.js';
import * as msg from '../messages.js';
import type { CsrMatrix, SparseDataset } from './dataset.js';
import { drawSparseFeatures, trueMargins, type SparseFeatureOptions } from './sparse-features.js';

/** Parameters of the sparse (RCV1-like) synthetic logistic data set (features: see {@link SparseFeatureOptions}). */
export interface SparseLogisticOptions extends SparseFeatureOptions {
  /** Training samples (positive integer). */
  readonly nTrain: number;
  /** Held-out test samples (positive integer). */
  readonly nTest: number;
}

/** A sparse synthetic data set together with the weights that generated its labels. */
export interface SparseLogisticDataset extends SparseDataset {
  /** Ground-truth weights, length d, `trueDensity`·d non-zeros on average (for diagnostics only). */
  readonly wTrue: Float32Array;
}

/**
 * Seeded sparse binary classification shaped like RCV1: the rows of
 * {@link drawSparseFeatures} (Zipf term frequencies, tf-idf, unit rows, CSR),
 * labelled P(y = +1 | x) = σ(x·w_true).
 *
 * Draw order from `stream` (fixed, so a seed always gives the same data): the
 * features' draws (w_true, the permutation, test rows, training rows), then
 * the labels (one uniform per sample, test first). The test set's features
 * therefore do not change when only nTrain changes, but its values do (idf
 * comes from the training set) and so may its labels.
 */
export function makeSparseLogistic(options: SparseLogisticOptions, stream: RandomStream): SparseLogisticDataset {
  const { nTrain, nTest, d } = options;
  for (const [name, value] of [
    ['nTrain', nTrain],
    ['nTest', nTest],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(msg.notPositiveInteger(name, value));
  }
  const { xTrain, xTest, wTrue } = drawSparseFeatures(options, nTrain, nTest, stream);
  const yTest = drawLabels(xTest, wTrue, stream);
  const yTrain = drawLabels(xTrain, wTrue, stream);
  return { nTrain, nTest, d, xTrain, yTrain, xTest, yTest, wTrue };
}

/** y_i = +1 with probability σ(x_i·w_true), else −1 (one uniform per row). */
function drawLabels(x: CsrMatrix, wTrue: Float32Array, stream: RandomStream): Float32Array {
  const margins = trueMargins(x, wTrue);
  const y = new Float32Array(x.rows);
  for (let i = 0; i < x.rows; i++) y[i] = stream.uniform() < 1 / (1 + Math.exp(-(margins[i] as number))) ? 1 : -1;
  return y;
}
