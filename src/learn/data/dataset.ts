/**
 * A binary-classification data set held in memory.
 * Features are row-major Float32Arrays (sample i occupies `[i*d, (i+1)*d)`);
 * labels are ±1 stored as float32 so they enter the tfjs loss directly.
 */
export interface Dataset {
  /** Number of training samples. */
  readonly nTrain: number;
  /** Number of held-out test samples. */
  readonly nTest: number;
  /** Number of features per sample. */
  readonly d: number;
  /** Training features, `nTrain × d`, row-major. */
  readonly xTrain: Float32Array;
  /** Training labels in {−1, +1}, length `nTrain`. */
  readonly yTrain: Float32Array;
  /** Test features, `nTest × d`, row-major. */
  readonly xTest: Float32Array;
  /** Test labels in {−1, +1}, length `nTest`. */
  readonly yTest: Float32Array;
}

/**
 * A regression data set held in memory (training samples only).
 * Features are row-major Float32Arrays (sample i occupies `[i*d, (i+1)*d)`);
 * targets are real numbers stored as float32.
 */
export interface RegressionDataset {
  /** Number of training samples. */
  readonly nTrain: number;
  /** Number of features per sample. */
  readonly d: number;
  /** Training features, `nTrain × d`, row-major. */
  readonly xTrain: Float32Array;
  /** Training targets, length `nTrain`. */
  readonly yTrain: Float32Array;
}
