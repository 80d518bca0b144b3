/**
 * The one catalog of error messages for `src/learn`. Each function embeds the
 * offending value and says the fix; tests compare against these functions,
 * never against string literals.
 */

/** A size parameter (samples, features, workers, batch) must be a positive integer. */
export function notPositiveInteger(name: string, value: number): string {
  return `${name} must be a positive integer, got ${value}; pass a whole number ≥ 1.`;
}

/** More partitions were requested than there are samples. */
export function tooManyParts(parts: number, n: number): string {
  return `cannot split ${n} samples into ${parts} non-empty parts; use at most ${n} workers or generate more samples.`;
}

/** A batch larger than the worker's shard. */
export function batchTooLarge(batchSize: number, shardSize: number): string {
  return `batch size ${batchSize} exceeds this worker's ${shardSize} samples; use a batch size ≤ ${shardSize} or fewer workers.`;
}

/** A vector whose length does not match the model or compressor dimension. */
export function dimensionMismatch(what: string, got: number, expected: number): string {
  return `${what} has length ${got}, expected ${expected}; the vector and the model/compressor must share one dimension.`;
}

/** A batch index outside the training set. */
export function indexOutOfRange(index: number, n: number): string {
  return `sample index ${index} is outside the training set [0, ${n}); partition the same data set the model was built from.`;
}

/** A non-finite gradient coordinate reached a compressor (the run has diverged). */
export function nonFiniteGradient(index: number, value: number): string {
  return `gradient coordinate ${index} is ${value}; the run has diverged — lower the learning rate or add L2 regularisation.`;
}

/** A Top-k budget outside [1, d]. */
export function budgetOutOfRange(k: number, dim: number): string {
  return `budget k = ${k} is outside [1, ${dim}]; choose an integer k with 1 ≤ k ≤ d (or a ratio in (0, 1]).`;
}

/** A budget ratio outside (0, 1]. */
export function ratioOutOfRange(ratio: number): string {
  return `budget ratio ${ratio} is outside (0, 1]; use e.g. 0.01 to send 1% of the coordinates.`;
}

/** A compressor produced a malformed message (a bug in its doCompress). */
export function malformedMessage(compressor: string, reason: string): string {
  return `compressor "${compressor}" produced a malformed message: ${reason}; fix its doCompress().`;
}

/** A non-negative real parameter (e.g. the L2 coefficient) was negative or not finite. */
export function notNonNegative(name: string, value: number): string {
  return `${name} must be a finite number ≥ 0, got ${value}.`;
}

/** A positive real parameter (e.g. a standard deviation) was ≤ 0 or not finite. */
export function notPositive(name: string, value: number): string {
  return `${name} must be a finite number > 0, got ${value}.`;
}
