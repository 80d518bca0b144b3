import { describe, expect, it } from 'vitest';
import * as msg from '../../src/learn/messages.js';
import { partitionIid } from '../../src/learn/partition.js';
import { RandomStreams } from '../../src/sim/random.js';

const stream = (seed = 1) => new RandomStreams(seed, 0).stream('partition');

describe('partitionIid', () => {
  it('covers every index exactly once', () => {
    const parts = partitionIid(1003, 8, stream());
    const seen = new Int32Array(1003);
    for (const part of parts) for (const i of part) seen[i] = (seen[i] as number) + 1;
    expect([...seen].every((c) => c === 1)).toBe(true);
  });

  it('splits into near-equal parts, the first n mod P one larger', () => {
    const sizes = partitionIid(1003, 8, stream()).map((p) => p.length);
    expect(sizes).toEqual([126, 126, 126, 125, 125, 125, 125, 125]);
  });

  it('is a shuffle, deterministic per seed', () => {
    const a = partitionIid(100, 4, stream(1));
    expect(partitionIid(100, 4, stream(1))).toEqual(a);
    expect(partitionIid(100, 4, stream(2))).not.toEqual(a);
    expect([...(a[0] as Int32Array)]).not.toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('refuses more parts than samples', () => {
    expect(() => partitionIid(3, 4, stream())).toThrow(msg.tooManyParts(4, 3));
  });
});
