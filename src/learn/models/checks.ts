import * as tf from '@tensorflow/tfjs';
import * as msg from '../messages.js';

/** Refuse a parameter vector of the wrong length (every model's entry points check it). */
export function checkWeights(w: Float32Array, dim: number): void {
  if (w.length !== dim) throw new RangeError(msg.dimensionMismatch('weights', w.length, dim));
}

/** Refuse an empty mini-batch or a sample index outside [0, nTrain). */
export function checkBatch(indices: Int32Array | readonly number[], nTrain: number): void {
  if (indices.length < 1) throw new RangeError(msg.notPositiveInteger('batch length', indices.length));
  for (let b = 0; b < indices.length; b++) {
    const i = indices[b] as number;
    if (!Number.isInteger(i) || i < 0 || i >= nTrain) throw new RangeError(msg.indexOutOfRange(i, nTrain));
  }
}

/** Evaluate a scalar tensor expression and read it back, disposing every tensor it made. */
export function readScalar(f: () => tf.Tensor): number {
  const t = tf.tidy(f);
  try {
    return t.dataSync()[0] as number;
  } finally {
    t.dispose();
  }
}
