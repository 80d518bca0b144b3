import { describe, expect, it } from 'vitest';
import { BatchSampler } from '../../src/learn/batch-sampler.js';
import * as msg from '../../src/learn/messages.js';
import { RandomStreams } from '../../src/sim/random.js';

const shard = Int32Array.from([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
const stream = (seed = 1) => new RandomStreams(seed, 0).stream('batch/0');

describe('BatchSampler', () => {
  it('draws every sample exactly once per epoch', () => {
    const sampler = new BatchSampler(shard, 4, stream());
    for (let epoch = 0; epoch < 3; epoch++) {
      const drawn = [...sampler.next(), ...sampler.next(), ...sampler.next()].sort((a, b) => a - b);
      expect(drawn).toEqual([...shard]);
      expect(sampler.epoch).toBe(epoch + 1);
    }
  });

  it('reshuffles each epoch', () => {
    const sampler = new BatchSampler(shard, 12, stream());
    expect([...sampler.next()]).not.toEqual([...sampler.next()]);
  });

  it('keeps the batch size constant across epoch boundaries', () => {
    const sampler = new BatchSampler(shard, 5, stream());
    const counts = new Map<number, number>();
    for (let b = 0; b < 12; b++) {
      const batch = sampler.next(); // 60 draws = 5 whole epochs
      expect(batch).toHaveLength(5);
      for (const i of batch) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual(Array(12).fill(5));
    expect(sampler.epoch).toBe(5);
  });

  it('is deterministic per stream and does not mutate the shard', () => {
    const copy = shard.slice();
    const a = new BatchSampler(shard, 3, stream(4));
    const b = new BatchSampler(shard, 3, stream(4));
    for (let k = 0; k < 10; k++) expect(b.next()).toEqual(a.next());
    expect(shard).toEqual(copy);
  });

  it('rejects a batch larger than the shard', () => {
    expect(() => new BatchSampler(shard, 13, stream())).toThrow(msg.batchTooLarge(13, 12));
  });
});
