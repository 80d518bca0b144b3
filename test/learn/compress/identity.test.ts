import { describe, expect, it } from 'vitest';
import { Identity } from '../../../src/learn/compress/identity.js';

describe('Identity', () => {
  it('sends a dense fp32 copy: 32·d bits', () => {
    const g = Float32Array.from([1, -2, 3]);
    const out = new Identity(3).compress(g);
    expect(out).toEqual({ kind: 'dense', values: g, bits: 96, encoding: 'dense fp32: 3×32 bits' });
    expect(out.values).not.toBe(g);
  });
});
