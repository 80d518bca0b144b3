import * as tf from '@tensorflow/tfjs';

/**
 * What the linear and logistic models share: a loss of the linear predictor
 * Xw, F(w) = mean_i ℓ(x_i·w, y_i) + λ/2‖w‖², with its gradient in closed
 * form, (1/n) Xᵀℓ′(Xw, y) + λw. Closed form rather than `tf.grad`: the tape
 * allocated enough that V8's collector kept a second core ≈ 40 % busy and
 * halved a sweep's parallel speed-up (`npm run bench -- sweep`).
 */

/**
 * Rows X of a data set, or its transpose Xᵀ, or both. Xw is computed as wᵀXᵀ
 * when Xᵀ is there (≈ 4× faster on the wasm backend than X·w for many rows);
 * a mini-batch's few rows come as X alone.
 */
export interface Rows {
  readonly x?: tf.Tensor2D;
  readonly xT?: tf.Tensor2D;
}

/** Xw as a vector of length rows(X). */
export function predict(w: tf.Tensor, rows: Rows): tf.Tensor1D {
  const d = w.size;
  if (rows.xT) return tf.reshape(tf.matMul(tf.reshape(w, [1, d]), rows.xT), [-1]);
  if (!rows.x) throw new Error('predict: neither X nor Xᵀ given');
  return tf.reshape(tf.matMul(rows.x, tf.reshape(w, [d, 1])), [-1]);
}

/** F(w) = mean ℓ(Xw, y) + λ/2‖w‖², with `loss` the per-sample ℓ (elementwise). */
export function objective(w: tf.Tensor, rows: Rows, y: tf.Tensor1D, l2: number, loss: (xw: tf.Tensor1D, y: tf.Tensor1D) => tf.Tensor): tf.Scalar {
  const data = tf.mean(loss(predict(w, rows), y)) as tf.Scalar;
  return l2 === 0 ? data : tf.add(data, tf.mul(l2 / 2, tf.sum(tf.square(w))));
}

/**
 * ∇F(w) = (1/n) Xᵀℓ′(Xw, y) + λw over the samples (X, y), with `dLoss` the
 * derivative ℓ′ of the per-sample loss in its first argument. `x` is needed
 * (for Xᵀℓ′ as a row times X); `xT`, when given, speeds up Xw.
 * @returns a new Float32Array of length w.length
 */
export function gradient(
  w: Float32Array, rows: Rows & { readonly x: tf.Tensor2D }, y: tf.Tensor1D, l2: number,
  dLoss: (xw: tf.Tensor1D, y: tf.Tensor1D) => tf.Tensor,
): Float32Array {
  const grad = tf.tidy(() => {
    const wt = tf.tensor1d(w);
    const s = dLoss(predict(wt, rows), y);
    const g = tf.div(tf.matMul(tf.reshape(s, [1, -1]), rows.x), rows.x.shape[0]);
    return l2 === 0 ? g : tf.add(g, tf.mul(l2, wt));
  });
  try {
    // Copy out: on the cpu backend dataSync() returns the tensor's own storage.
    return new Float32Array(grad.dataSync());
  } finally {
    grad.dispose();
  }
}

/**
 * {@link gradient} over a mini-batch of host rows: the batch tensors are made,
 * used and disposed here. (Not inside `tf.tidy`: tidy would walk the returned
 * Float32Array element by element looking for tensors, a cost per step that
 * also kept V8 deoptimising tfjs's container walk.)
 */
export function batchGradient(
  w: Float32Array, xHost: Float32Array, yHost: Float32Array, d: number, indices: Int32Array | readonly number[], l2: number,
  dLoss: (xw: tf.Tensor1D, y: tf.Tensor1D) => tf.Tensor,
): Float32Array {
  const [x, y] = batchTensors(xHost, yHost, d, indices);
  try {
    return gradient(w, { x }, y, l2, dLoss);
  } finally {
    x.dispose();
    y.dispose();
  }
}

/**
 * A mini-batch's rows of a row-major n × d host matrix and its labels, as
 * tensors ([b, d] and [b]). Copied on the host: the wasm backend's gather
 * took ≈ 5× as long for the small batches SGD uses.
 */
export function batchTensors(x: Float32Array, y: Float32Array, d: number, indices: Int32Array | readonly number[]): [tf.Tensor2D, tf.Tensor1D] {
  const b = indices.length;
  const xb = new Float32Array(b * d);
  const yb = new Float32Array(b);
  for (let k = 0; k < b; k++) {
    const i = indices[k] as number;
    xb.set(x.subarray(i * d, (i + 1) * d), k * d);
    yb[k] = y[i] as number;
  }
  return [tf.tensor2d(xb, [b, d]), tf.tensor1d(yb)];
}
