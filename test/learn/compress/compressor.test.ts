import { describe, expect, it } from 'vitest';
import { BaseCompressor, sparseFp32, type MessageDraft } from '../../../src/learn/compress/compressor.js';
import { Encoding } from '../../../src/learn/encoding/encoding.js';
import * as msg from '../../../src/learn/messages.js';

/** A deliberately broken compressor, to exercise the base-class guards. */
class Broken extends BaseCompressor {
  readonly name = 'broken';
  constructor(
    dim: number,
    private readonly make: () => MessageDraft,
    options: { mayBeEmpty?: boolean; encoding?: Encoding } = {},
  ) {
    super(dim, options);
  }
  protected doCompress(): MessageDraft {
    return this.make();
  }
}

const sent = { kind: 'sent' } as const;

describe('BaseCompressor', () => {
  it('rejects messages with unsorted or out-of-range indices', () => {
    const unsorted = new Broken(4, () => sparseFp32(4, Int32Array.from([2, 1]), Float32Array.from([1, 1])));
    expect(() => unsorted.compress(new Float32Array(4))).toThrow(/broken.*not increasing/);
    const outside = new Broken(4, () => sparseFp32(4, Int32Array.from([4]), Float32Array.from([1])));
    expect(() => outside.compress(new Float32Array(4))).toThrow(/out of range/);
  });

  it('rejects an empty sparse message: the budget must be in [1, d]', () => {
    const empty = new Broken(4, () => sparseFp32(4, new Int32Array(0), new Float32Array(0)));
    expect(() => empty.compress(new Float32Array(4))).toThrow(msg.budgetOutOfRange(0, 4));
  });

  it('accepts an empty message from a compressor that declares it may send none', () => {
    const empty = new Broken(4, () => sparseFp32(4, new Int32Array(0), new Float32Array(0)), { mayBeEmpty: true });
    expect(empty.compress(new Float32Array(4)).bits).toBe(0);
  });

  it('does not count rejected messages', () => {
    const empty = new Broken(4, () => sparseFp32(4, new Int32Array(0), new Float32Array(0)));
    expect(() => empty.compress(new Float32Array(4))).toThrow();
    expect(empty.messages).toBe(0);
    expect(empty.bitsTotal).toBe(0);
  });

  it('rejects values that their value code cannot carry', () => {
    const badSign = new Broken(3, () => ({
      kind: 'sparse',
      dim: 3,
      indices: Int32Array.from([0, 2]),
      indexing: sent,
      values: Float32Array.from([2, -1]),
      valueCode: { kind: 'sign-scale', scale: 2 },
    }));
    expect(() => badSign.compress(new Float32Array(3))).toThrow(/not ±2/);
    const badLevel = new Broken(2, () => ({
      kind: 'dense',
      dim: 2,
      values: Float32Array.from([1, 0]),
      valueCode: { kind: 'qsgd', s: 2, norm: 1, levels: Int32Array.from([1, 0]) },
    }));
    expect(() => badLevel.compress(new Float32Array(2))).toThrow(/does not decode from level 1/);
  });

  it('prices every message with its encoding and keeps totals', () => {
    const c = new Broken(1000, () => sparseFp32(1000, Int32Array.from([1, 5]), Float32Array.from([1, 2])), { encoding: new Encoding({ indices: 'packed' }) });
    const out = c.compress(new Float32Array(1000));
    expect(out.bits).toBe(2 * (10 + 32));
    expect(out.encoding).toBe('sparse: 2×(10-bit packed index + 32-bit fp32 value)');
    c.compress(new Float32Array(1000));
    expect(c.bitsTotal).toBe(4 * 42);
  });

  it('locates a non-finite coordinate after the fast finiteness probe', () => {
    const c = new Broken(3, () => sparseFp32(3, Int32Array.from([0]), Float32Array.from([1])));
    expect(() => c.compress(Float32Array.from([0, 1, Infinity]))).toThrow(msg.nonFiniteGradient(2, Infinity));
    expect(() => c.compress(Float32Array.from([NaN, 1, 2]))).toThrow(msg.nonFiniteGradient(0, NaN));
  });
});
