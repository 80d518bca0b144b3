import { describe, expect, it } from 'vitest';
import { Identity } from '../../../src/learn/compress/identity.js';
import * as msg from '../../../src/learn/messages.js';

describe('Identity', () => {
  it('sends a dense fp32 copy: 32·d bits', () => {
    const g = Float32Array.from([1, -2, 3]);
    const out = new Identity(3).compress(g);
    expect(out).toEqual({ kind: 'dense', dim: 3, values: g, valueCode: { kind: 'fp32' }, bits: 96, encoding: 'dense fp32: 3×32 bits' });
    expect(out.values).not.toBe(g);
  });

  it('with precision 64 prices 64 bits per value and keeps the float32 values', () => {
    const g = Float32Array.from([0.1, -2]);
    const c = new Identity(2, { precision: 64 });
    const out = c.compress(g);
    expect(out.bits).toBe(128);
    expect(out.encoding).toBe('dense fp64: 2×64 bits');
    expect(out.values).toEqual(g);
    expect(c.name).toBe('identity(fp64)');
  });

  it('rejects a precision other than 32 or 64', () => {
    expect(() => new Identity(2, { precision: 16 as 32 })).toThrow(msg.precisionInvalid(16));
  });
});
