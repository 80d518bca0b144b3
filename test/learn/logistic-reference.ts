/**
 * Pure-JS (float64) reference for the logistic-regression objective, used only
 * by tests to check the TensorFlow.js implementation.
 */
import type { Dataset } from '../../src/learn/data/dataset.js';

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function margin(x: Float32Array, row: number, d: number, w: Float32Array): number {
  let m = 0;
  for (let j = 0; j < d; j++) m += (x[row * d + j] as number) * (w[j] as number);
  return m;
}

/** ∇ [mean_{i∈batch} log(1+exp(−y_i x_i·w))] + λw, in float64. */
export function referenceGradient(data: Dataset, w: Float32Array, indices: ArrayLike<number>, l2: number): Float64Array {
  const { d, xTrain, yTrain } = data;
  const g = new Float64Array(d);
  for (let b = 0; b < indices.length; b++) {
    const i = indices[b] as number;
    const y = yTrain[i] as number;
    // d/dm log(1+exp(−y m)) = −y σ(−y m)
    const coef = -y * sigmoid(-y * margin(xTrain, i, d, w));
    for (let j = 0; j < d; j++) g[j] = (g[j] as number) + coef * (xTrain[i * d + j] as number);
  }
  for (let j = 0; j < d; j++) g[j] = (g[j] as number) / indices.length + l2 * (w[j] as number);
  return g;
}

/** Full training objective in float64. */
export function referenceLoss(data: Dataset, w: Float32Array, l2: number): number {
  const { d, nTrain, xTrain, yTrain } = data;
  let sum = 0;
  for (let i = 0; i < nTrain; i++) sum += softplus(-(yTrain[i] as number) * margin(xTrain, i, d, w));
  let sq = 0;
  for (let j = 0; j < d; j++) sq += (w[j] as number) ** 2;
  return sum / nTrain + (l2 / 2) * sq;
}

/** ‖a − b‖ / ‖b‖. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += ((a[i] as number) - (b[i] as number)) ** 2;
    den += (b[i] as number) ** 2;
  }
  return Math.sqrt(num / den);
}

/** mean_{i∈indices} log(1+exp(−y_i x_i·w)) + λ/2‖w‖², in float64 (w may be float64). */
export function referenceBatchLoss(data: Dataset, w: ArrayLike<number>, indices: ArrayLike<number>, l2: number): number {
  const { d, xTrain, yTrain } = data;
  let sum = 0;
  for (let b = 0; b < indices.length; b++) {
    const i = indices[b] as number;
    let m = 0;
    for (let j = 0; j < d; j++) m += (xTrain[i * d + j] as number) * (w[j] as number);
    sum += softplus(-(yTrain[i] as number) * m);
  }
  let sq = 0;
  for (let j = 0; j < d; j++) sq += (w[j] as number) ** 2;
  return sum / indices.length + (l2 / 2) * sq;
}
