import { describe, expect, it } from 'vitest';
import { BaseCompressor, sparseFp32, type CompressedMessage } from '../../../src/learn/compress/compressor.js';
import * as msg from '../../../src/learn/messages.js';

/** A deliberately broken compressor, to exercise the base-class guards. */
class Broken extends BaseCompressor {
  readonly name = 'broken';
  constructor(
    dim: number,
    private readonly make: () => CompressedMessage,
  ) {
    super(dim);
  }
  protected doCompress(): CompressedMessage {
    return this.make();
  }
}

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

  it('does not count rejected messages', () => {
    const empty = new Broken(4, () => sparseFp32(4, new Int32Array(0), new Float32Array(0)));
    expect(() => empty.compress(new Float32Array(4))).toThrow();
    expect(empty.messages).toBe(0);
    expect(empty.bitsTotal).toBe(0);
  });
});
