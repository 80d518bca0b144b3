import { describe, expect, it } from 'vitest';
import { sumSq } from '../../src/run/metric-row.js';

describe('squared distances for the metric columns', () => {
  it('is ‖a‖² alone and ‖a − b‖² with b', () => {
    expect(sumSq(new Float32Array([1, 2, 3]))).toBe(14);
    expect(sumSq(new Float32Array([1, 2, 3]), new Float32Array([1, 0, 5]))).toBe(8);
    expect(sumSq(new Float32Array([]))).toBe(0);
  });

  it('sums in float64: squares below float32’s range still count', () => {
    // 1e-30² = 1e-60 is 0 in float32 (smallest ≈ 1.4e-45); 4 of them add up to 4e-60 in float64
    const s = sumSq(new Float32Array([1e-30, 1e-30, 1e-30, 1e-30]));
    expect(s).toBeGreaterThan(3.99e-60);
    expect(s).toBeLessThan(4.01e-60);
  });
});
