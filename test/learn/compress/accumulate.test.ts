import { describe, expect, it } from 'vitest';
import { addMessage, toDense } from '../../../src/learn/compress/accumulate.js';
import { denseFp32, sparseFp32 } from '../../../src/learn/compress/compressor.js';
import * as msg from '../../../src/learn/messages.js';

describe('addMessage', () => {
  it('adds scaled dense and sparse messages into an accumulator (server averaging)', () => {
    const acc = new Float32Array(4);
    addMessage(acc, denseFp32(Float32Array.from([2, 4, 6, 8])), 0.5);
    addMessage(acc, sparseFp32(4, Int32Array.from([1, 3]), Float32Array.from([10, -2])), 0.5);
    expect(acc).toEqual(Float32Array.from([1, 7, 3, 3]));
  });

  it('defaults to scale 1 and rejects a dimension mismatch', () => {
    const acc = new Float32Array(3);
    addMessage(acc, sparseFp32(3, Int32Array.from([2]), Float32Array.from([5])));
    expect(acc).toEqual(Float32Array.from([0, 0, 5]));
    expect(() => addMessage(new Float32Array(2), denseFp32(new Float32Array(3)))).toThrow(msg.dimensionMismatch('accumulator', 2, 3));
  });
});

describe('toDense', () => {
  it('expands a sparse message with zeros elsewhere', () => {
    expect(toDense(sparseFp32(4, Int32Array.from([0, 2]), Float32Array.from([1, 3])))).toEqual(Float32Array.from([1, 0, 3, 0]));
  });
});
