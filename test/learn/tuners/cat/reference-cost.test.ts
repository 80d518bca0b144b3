import { describe, expect, it } from 'vitest';
import { referenceCost } from '../../../../src/learn/tuners/cat/reference-cost.js';

describe("CAT's reference models (§2.2)", () => {
  it('computes payload, affine and packet costs', () => {
    expect(referenceCost({ kind: 'payload' }, 1000)).toBe(1000);
    expect(referenceCost({ kind: 'affine', c1: 1, c0: 54 * 8 }, 1000)).toBe(1432);
    // eq. 6 with the paper's Experiment 2 constants: c1 = 576 B, c0 = 64 B, Pmax = 512 B
    expect(referenceCost({ kind: 'packet', c1: 576 * 8, c0: 64 * 8, pMaxBits: 512 * 8 }, 513 * 8)).toBe(2 * 576 * 8 + 64 * 8);
  });
});
