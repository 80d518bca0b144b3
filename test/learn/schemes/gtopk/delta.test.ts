import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../../src/sim/random.js';
import { topKIndices } from '../../../../src/learn/compress/select.js';
import { randomIndices } from '../../../../src/learn/compress/shared-indices.js';
import * as learnMsg from '../../../../src/learn/messages.js';
import { gTopKDelta } from '../../../../src/learn/schemes/gtopk/delta.js';
import { sparse } from './fixtures.js';

describe('δ of §5.2 (gTop-k error over Rand-k error)', () => {
  it('works a small example by hand', () => {
    // P = 2, d = 4, k = 1: x¹ = (2, 0, 0, 1), x² = (2, 1, 0, −1); x̄ = (2, 0.5, 0, 0); gTop-k x = {0: 4}
    const inputs = [Float32Array.from([2, 0, 0, 1]), Float32Array.from([2, 1, 0, -1])];
    const r = gTopKDelta(inputs, sparse(4, { 0: 4 }), 1);
    expect(r.gtopkErrorSq).toBe(0.25); // ‖(0, 0.5, 0, 0)‖²
    expect(r.randkErrorSq).toBe((3 / 4) * 4.25);
    expect(r.delta).toBeCloseTo(0.25 / 3.1875, 15);
  });

  it('uses the exact expectation of Rand-k, which a Monte-Carlo average approaches', () => {
    const stream = new RandomStream(1, 0, 'test/gtopk/delta');
    const d = 200;
    const k = 20;
    const x = Float32Array.from({ length: d }, () => stream.normal());
    const r = gTopKDelta([x], sparse(d, {}), k);
    let sum = 0;
    const n = 4000;
    for (let rep = 0; rep < n; rep++) {
      const keep = new Set(randomIndices(stream, d, k));
      let e = 0;
      for (let i = 0; i < d; i++) if (!keep.has(i)) e += x[i]! ** 2;
      sum += e;
    }
    expect(Math.abs(sum / n - r.randkErrorSq) / r.randkErrorSq).toBeLessThan(0.01);
    expect(r.delta).toBeCloseTo(1 / (1 - k / d), 6); // an empty x leaves all of x̄
  });

  it('is below 1 for one worker, whose gTop-k is its Top-k', () => {
    const stream = new RandomStream(1, 0, 'test/gtopk/delta-one');
    for (let rep = 0; rep < 10; rep++) {
      const d = 500;
      const x = Float32Array.from({ length: d }, () => stream.normal());
      const idx = topKIndices(x, 5);
      const r = gTopKDelta([x], { dim: d, indices: idx, values: Float32Array.from(idx, (i) => x[i]!) }, 5);
      expect(r.delta).toBeLessThan(1);
      expect(r.delta).toBeGreaterThan(0);
    }
  });

  it('refuses a budget outside [1, d] and inputs of the wrong length', () => {
    expect(() => gTopKDelta([new Float32Array(4)], sparse(4, {}), 5)).toThrow(learnMsg.budgetOutOfRange(5, 4));
    expect(() => gTopKDelta([new Float32Array(3)], sparse(4, {}), 1)).toThrow(learnMsg.dimensionMismatch('gTop-k input', 3, 4));
  });
});
