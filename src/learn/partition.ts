import type { RandomStream } from '../sim/random.js';
import * as msg from './messages.js';
import { dirichlet } from './random-dists.js';

/**
 * IID partition of sample indices `0..n-1` over `parts` workers: one seeded
 * shuffle, then `parts` contiguous, near-equal slices (the first `n mod parts`
 * workers get one extra sample). Every index appears in exactly one part.
 *
 * @param n number of samples (positive integer)
 * @param parts number of workers, 1 ≤ parts ≤ n (every worker gets data)
 * @param stream drawn from for the shuffle (n − 1 draws)
 * @returns one Int32Array of sample indices per worker, in shuffled order
 */
export function partitionIid(n: number, parts: number, stream: RandomStream): Int32Array[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(msg.notPositiveInteger('n', n));
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError(msg.notPositiveInteger('parts', parts));
  if (parts > n) throw new RangeError(msg.tooManyParts(parts, n));
  const order = stream.shuffle(Array.from({ length: n }, (_, i) => i));
  const base = Math.floor(n / parts);
  const extra = n % parts;
  const result: Int32Array[] = [];
  let start = 0;
  for (let p = 0; p < parts; p++) {
    const size = base + (p < extra ? 1 : 0);
    result.push(Int32Array.from(order.slice(start, start + size)));
    start += size;
  }
  return result;
}

/**
 * The natural partition of a data set stored worker by worker: worker p gets
 * the contiguous block of `sizes[p]` indices that follows worker p − 1's
 * (worker 0 starts at index 0). Used by data sets generated per worker (the
 * quadratic centres, the RegTop-k linear-regression data, the two-point toy).
 *
 * @param sizes samples per worker, each a positive integer
 * @returns one Int32Array of consecutive indices per worker
 */
export function partitionContiguous(sizes: readonly number[]): Int32Array[] {
  if (sizes.length < 1) throw new RangeError(msg.notPositiveInteger('parts', sizes.length));
  const result: Int32Array[] = [];
  let start = 0;
  for (const size of sizes) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(msg.notPositiveInteger('part size', size));
    result.push(Int32Array.from({ length: size }, (_, i) => start + i));
    start += size;
  }
  return result;
}

/**
 * Integer class labels from ±1 labels, for the label-skew partitions:
 * −1 → 0, +1 → 1.
 *
 * @param y labels in {−1, +1} (e.g. `Dataset.yTrain`)
 */
export function classesFromSigns(y: Float32Array | readonly number[]): Int32Array {
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (v !== 1 && v !== -1) throw new RangeError(msg.notASignLabel(i, v));
    out[i] = v > 0 ? 1 : 0;
  }
  return out;
}

/**
 * Label-shard partition (McMahan et al. 2017, "Communication-efficient
 * learning of deep networks from decentralized data", §3 pathological non-IID
 * MNIST): sort the samples by label, cut them into `parts · shardsPerWorker`
 * contiguous shards of near-equal size (the first `n mod (parts·s)` shards one
 * larger), and give each worker `shardsPerWorker` shards chosen at random
 * without replacement. With few shards per worker each worker sees few labels:
 * a shard spans at most ⌈shard size / smallest class⌉ + 1 labels, and exactly
 * one when every class size is a multiple of the shard size.
 *
 * Within a label, samples are in a seeded random order (one shuffle before a
 * stable sort by label), so which samples of a class share a shard is random.
 *
 * Draw order from `stream`: a shuffle of the n indices (n − 1 draws), then a
 * shuffle of the parts·s shard ids.
 *
 * @param labels integer class labels ≥ 0, one per sample (see `classesFromSigns` for ±1 labels)
 * @param parts number of workers P (positive integer)
 * @param shardsPerWorker shards s per worker (positive integer); P·s ≤ n
 * @returns one Int32Array of sample indices per worker (its shards, concatenated); every index appears exactly once
 */
export function partitionShards(labels: Int32Array, parts: number, shardsPerWorker: number, stream: RandomStream): Int32Array[] {
  const n = checkLabels(labels);
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError(msg.notPositiveInteger('parts', parts));
  if (!Number.isInteger(shardsPerWorker) || shardsPerWorker < 1) {
    throw new RangeError(msg.notPositiveInteger('shardsPerWorker', shardsPerWorker));
  }
  const shards = parts * shardsPerWorker;
  if (shards > n) throw new RangeError(msg.tooManyShards(parts, shardsPerWorker, n));
  const order = stream.shuffle(Array.from({ length: n }, (_, i) => i));
  // Array.prototype.sort is stable (ES2019), so within a label the shuffled order is kept.
  order.sort((a, b) => (labels[a] as number) - (labels[b] as number));
  const base = Math.floor(n / shards);
  const extra = n % shards;
  const starts: number[] = [];
  let start = 0;
  for (let k = 0; k <= shards; k++) {
    starts.push(start);
    start += base + (k < extra ? 1 : 0);
  }
  const shardIds = stream.shuffle(Array.from({ length: shards }, (_, k) => k));
  const result: Int32Array[] = [];
  for (let p = 0; p < parts; p++) {
    const mine: number[] = [];
    for (let s = 0; s < shardsPerWorker; s++) {
      const k = shardIds[p * shardsPerWorker + s] as number;
      for (let r = starts[k] as number; r < (starts[k + 1] as number); r++) mine.push(order[r] as number);
    }
    result.push(Int32Array.from(mine));
  }
  return result;
}

/** Options of `partitionDirichlet`. */
export interface DirichletPartitionOptions {
  /** Every worker ends with at least this many samples (see `partitionDirichlet`). Default 1. Positive integer, parts·minPerWorker ≤ n. */
  readonly minPerWorker?: number;
}

/**
 * Dirichlet label-skew partition: for each class c, draw worker proportions
 * p_c ~ Dir(α, …, α) over the P workers and deal class c's samples (in a
 * seeded random order) to the workers in those proportions — worker p gets
 * the samples at positions round(n_c·Σ_{q<p} p_{c,q}) up to (excluding)
 * round(n_c·Σ_{q≤p} p_{c,q}), the last worker up to n_c (rounded cumulative
 * cut points, so the counts sum to n_c exactly). This is the
 * per-class scheme of Yurochkin et al. 2019 and Wang et al. 2020 (FedMA), used
 * by NIID-Bench and usually cited together with Hsu et al. 2019 (who draw the
 * per-worker class mix q ~ Dir(α p) instead). Small α: each class goes mostly
 * to one or two workers (strong skew); large α: near-IID.
 *
 * Non-empty workers: a small α leaves some workers with no samples. Instead of
 * re-drawing until none is empty (NIID-Bench's rule, which may loop for long
 * with many workers and tiny α), each worker holding fewer than
 * `minPerWorker` samples then receives samples, one at a time, from the
 * worker currently holding the most (ties: lowest worker index), moving a
 * uniformly random sample of that donor. At most P·minPerWorker samples move,
 * so label proportions change by at most P·minPerWorker/n.
 *
 * Draw order from `stream`: for each class in increasing label order, a
 * shuffle of its samples then one Dir(α) draw (P gamma variates); then one
 * `int` per moved sample.
 *
 * @param labels integer class labels ≥ 0, one per sample (see `classesFromSigns`)
 * @param parts number of workers P (positive integer, P·minPerWorker ≤ n)
 * @param alpha concentration α > 0 of the symmetric Dirichlet
 * @returns one Int32Array of sample indices per worker (grouped by class); every index appears exactly once
 */
export function partitionDirichlet(labels: Int32Array, parts: number, alpha: number, stream: RandomStream, options: DirichletPartitionOptions = {}): Int32Array[] {
  const n = checkLabels(labels);
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError(msg.notPositiveInteger('parts', parts));
  if (!(Number.isFinite(alpha) && alpha > 0)) throw new RangeError(msg.notPositive('alpha', alpha));
  const minPerWorker = options.minPerWorker ?? 1;
  if (!Number.isInteger(minPerWorker) || minPerWorker < 1) {
    throw new RangeError(msg.notPositiveInteger('minPerWorker', minPerWorker));
  }
  if (parts * minPerWorker > n) throw new RangeError(msg.tooManyParts(parts * minPerWorker, n));

  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = labels[i] as number;
    let list = byClass.get(c);
    if (list === undefined) byClass.set(c, (list = []));
    list.push(i);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const workers: number[][] = Array.from({ length: parts }, () => []);
  for (const c of classes) {
    const members = stream.shuffle(byClass.get(c) as number[]);
    const p = dirichlet(alpha, parts, stream);
    let cumulative = 0;
    let from = 0;
    for (let q = 0; q < parts; q++) {
      cumulative += p[q] as number;
      const to = q === parts - 1 ? members.length : Math.min(members.length, Math.round(cumulative * members.length));
      for (let r = from; r < to; r++) (workers[q] as number[]).push(members[r] as number);
      from = Math.max(from, to);
    }
  }
  for (let q = 0; q < parts; q++) {
    const taker = workers[q] as number[];
    while (taker.length < minPerWorker) {
      let donor = 0;
      for (let r = 1; r < parts; r++) if ((workers[r] as number[]).length > (workers[donor] as number[]).length) donor = r;
      const from = workers[donor] as number[];
      const k = stream.int(from.length);
      taker.push(from[k] as number);
      from[k] = from[from.length - 1] as number;
      from.pop();
    }
  }
  return workers.map((w) => Int32Array.from(w));
}

/** Validate class labels (non-empty, integers ≥ 0); returns n. */
function checkLabels(labels: Int32Array): number {
  const n = labels.length;
  if (n < 1) throw new RangeError(msg.notPositiveInteger('n', n));
  for (let i = 0; i < n; i++) {
    const c = labels[i] as number;
    if (c < 0) throw new RangeError(msg.negativeClassLabel(i, c));
  }
  return n;
}
