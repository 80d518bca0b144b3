import type { RandomStream } from '../sim/random.js';
import * as msg from './messages.js';

/**
 * Seeded mini-batch sampler for one worker's shard.
 *
 * Each epoch is a fresh permutation of the shard; batches are consecutive
 * windows over the concatenation of these permutations. So every batch has
 * exactly `batchSize` indices (constant compute per iteration), and within an
 * epoch every sample is drawn exactly once (without replacement). A batch that
 * straddles an epoch boundary may repeat an index from the previous epoch.
 */
export class BatchSampler {
  /** Samples per batch. */
  readonly batchSize: number;
  private readonly order: number[];
  private cursor: number;
  private epochsCompleted = 0;

  /**
   * @param indices the worker's sample indices (copied; not mutated)
   * @param batchSize samples per batch, 1 ≤ batchSize ≤ indices.length
   * @param stream the worker's own stream (e.g. `batch/<worker>`), used for the per-epoch shuffles
   */
  constructor(
    indices: Int32Array | readonly number[],
    batchSize: number,
    private readonly stream: RandomStream,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(msg.notPositiveInteger('batchSize', batchSize));
    }
    if (batchSize > indices.length) throw new RangeError(msg.batchTooLarge(batchSize, indices.length));
    this.batchSize = batchSize;
    this.order = Array.from(indices);
    this.stream.shuffle(this.order);
    this.cursor = 0;
  }

  /** Number of full passes over the shard completed so far. */
  get epoch(): number {
    return this.epochsCompleted;
  }

  /** The next batch of sample indices (a new array each call). */
  next(): Int32Array {
    const batch = new Int32Array(this.batchSize);
    for (let b = 0; b < this.batchSize; b++) {
      batch[b] = this.order[this.cursor++] as number;
      if (this.cursor === this.order.length) {
        // Reshuffle as soon as an epoch ends, so `epoch` is exact between calls.
        this.stream.shuffle(this.order);
        this.cursor = 0;
        this.epochsCompleted++;
      }
    }
    return batch;
  }
}
