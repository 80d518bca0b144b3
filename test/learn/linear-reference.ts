/**
 * Pure-JS (float64) reference for least squares, used only by tests to check
 * the TensorFlow.js implementation and the closed-form optimum.
 */
import type { RegressionDataset } from '../../src/learn/data/dataset.js';

/** mean_{i∈indices} ½(x_i·w − y_i)² + λ/2‖w‖², in float64 (all samples when indices is omitted). */
export function referenceLinearLoss(data: RegressionDataset, w: ArrayLike<number>, l2: number, indices?: ArrayLike<number>): number {
  const { d, nTrain, xTrain, yTrain } = data;
  const count = indices?.length ?? nTrain;
  let sum = 0;
  for (let b = 0; b < count; b++) {
    const i = indices === undefined ? b : (indices[b] as number);
    let r = -(yTrain[i] as number);
    for (let j = 0; j < d; j++) r += (xTrain[i * d + j] as number) * (w[j] as number);
    sum += 0.5 * r * r;
  }
  let sq = 0;
  for (let j = 0; j < d; j++) sq += (w[j] as number) ** 2;
  return sum / count + (l2 / 2) * sq;
}

/** mean_{i∈indices} (x_i·w − y_i) x_i + λw, in float64 (all samples when indices is omitted). */
export function referenceLinearGradient(data: RegressionDataset, w: ArrayLike<number>, l2: number, indices?: ArrayLike<number>): Float64Array {
  const { d, nTrain, xTrain, yTrain } = data;
  const count = indices?.length ?? nTrain;
  const g = new Float64Array(d);
  for (let b = 0; b < count; b++) {
    const i = indices === undefined ? b : (indices[b] as number);
    let r = -(yTrain[i] as number);
    for (let j = 0; j < d; j++) r += (xTrain[i * d + j] as number) * (w[j] as number);
    for (let j = 0; j < d; j++) g[j] = (g[j] as number) + r * (xTrain[i * d + j] as number);
  }
  for (let j = 0; j < d; j++) g[j] = (g[j] as number) / count + l2 * (w[j] as number);
  return g;
}

/**
 * The normal equations (XᵀX/n + λI) w = Xᵀy/n solved independently of the
 * model: Gaussian elimination with partial pivoting on the augmented matrix.
 */
export function solveNormalEquations(data: RegressionDataset, l2: number): Float64Array {
  const { d, nTrain: n, xTrain: x, yTrain: y } = data;
  const cols = d + 1;
  const m = new Float64Array(d * cols);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const xj = x[i * d + j] as number;
      for (let k = 0; k < d; k++) m[j * cols + k] = (m[j * cols + k] as number) + (xj * (x[i * d + k] as number)) / n;
      m[j * cols + d] = (m[j * cols + d] as number) + (xj * (y[i] as number)) / n;
    }
  }
  for (let j = 0; j < d; j++) m[j * cols + j] = (m[j * cols + j] as number) + l2;
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(m[r * cols + c] as number) > Math.abs(m[p * cols + c] as number)) p = r;
    if (p !== c) {
      for (let k = 0; k < cols; k++) {
        const t = m[c * cols + k] as number;
        m[c * cols + k] = m[p * cols + k] as number;
        m[p * cols + k] = t;
      }
    }
    const pivot = m[c * cols + c] as number;
    for (let r = c + 1; r < d; r++) {
      const f = (m[r * cols + c] as number) / pivot;
      if (f === 0) continue;
      for (let k = c; k < cols; k++) m[r * cols + k] = (m[r * cols + k] as number) - f * (m[c * cols + k] as number);
    }
  }
  const w = new Float64Array(d);
  for (let r = d - 1; r >= 0; r--) {
    let s = m[r * cols + d] as number;
    for (let k = r + 1; k < d; k++) s -= (m[r * cols + k] as number) * (w[k] as number);
    w[r] = s / (m[r * cols + r] as number);
  }
  return w;
}
