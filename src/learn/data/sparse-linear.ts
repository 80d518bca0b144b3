import type { RandomStream } from '../../sim/random.js';
import * as msg from '../messages.js';
import type { SparseRegressionDataset } from './dataset.js';
import { drawSparseFeatures, trueMargins, type SparseFeatureOptions } from './sparse-features.js';

/** Parameters of the sparse (RCV1-like) synthetic regression data set (features: see {@link SparseFeatureOptions}). */
export interface SparseLinearOptions extends SparseFeatureOptions {
  /** Training samples (positive integer). */
  readonly nTrain: number;
  /** Variance of the target noise (finite, ≥ 0). Default 0.5, as the RegTop-k generator's ϵ. */
  readonly noiseVariance?: number;
}

/** A sparse regression data set together with the weights that generated its targets. */
export interface SparseLinearDataset extends SparseRegressionDataset {
  /** Ground-truth weights, length d (diagnostics). */
  readonly wTrue: Float32Array;
}

/**
 * Seeded sparse least-squares data: the RCV1-like rows of
 * {@link drawSparseFeatures} with targets y_i = x_i·w_true + ε_i,
 * ε_i ~ N(0, noiseVariance) — the RegTop-k paper's linear model (§4.1,
 * y = xᵀt + ε) on sparse rows, with one w_true for all workers.
 *
 * Training samples only (a regression data set has no test split here).
 * Draw order from `stream`: the features' draws (w_true, the permutation,
 * the rows), then one normal per sample for its noise. The stream is
 * advanced, not copied.
 */
export function makeSparseLinear(options: SparseLinearOptions, stream: RandomStream): SparseLinearDataset {
  const { nTrain, d, noiseVariance = 0.5 } = options;
  if (!Number.isInteger(nTrain) || nTrain < 1) throw new RangeError(msg.notPositiveInteger('nTrain', nTrain));
  if (!(Number.isFinite(noiseVariance) && noiseVariance >= 0)) throw new RangeError(msg.notNonNegative('noiseVariance', noiseVariance));
  const { xTrain, wTrue } = drawSparseFeatures(options, nTrain, 0, stream);
  const margins = trueMargins(xTrain, wTrue);
  const noiseStd = Math.sqrt(noiseVariance);
  const yTrain = new Float32Array(nTrain);
  for (let i = 0; i < nTrain; i++) yTrain[i] = (margins[i] as number) + stream.normal(0, noiseStd);
  return { nTrain, d, xTrain, yTrain, wTrue };
}
