import { describe, expect, it } from 'vitest';
import { AlistarhTuner, alistarhBudget } from '../../../src/learn/tuners/alistarh.js';
import { RandomStreams } from '../../../src/sim/random.js';
import { alistarhReference as reference } from './cat/brute-force.js';

const streams = new RandomStreams(8, 0);

describe("Alistarh et al.'s dynamic rule (CAT §4)", () => {
  it('is the smallest set of largest magnitudes whose sum reaches ‖g‖₂ (hand example)', () => {
    // ‖g‖₂ = √(9 + 16 + 1 + 0.25) ≈ 5.12: 4 < 5.12 ≤ 4 + 3.
    expect(alistarhBudget(Float32Array.from([3, -4, 0, 1, -0.5]))).toBe(2);
    // A single non-zero coordinate: its magnitude is the norm.
    expect(alistarhBudget(Float32Array.from([0, 0, -7, 0]))).toBe(1);
    // d equal magnitudes: T = ⌈√d⌉.
    expect(alistarhBudget(new Float32Array(100).fill(0.5))).toBe(10);
    expect(alistarhBudget(new Float32Array(10))).toBe(1);
    expect(new AlistarhTuner().name).toBe('alistarh-dynamic');
  });

  it('equals a full-sort reference on Gaussian, heavy-tailed and sparse vectors, small and 2^17-dimensional', () => {
    for (const d of [50, 3000, 1 << 17]) {
      const s = streams.stream(`alistarh/${d}`);
      const vectors = [
        Float32Array.from({ length: d }, () => s.normal()),
        Float32Array.from({ length: d }, () => s.normal() * (s.uniform() < 0.05 ? 20 : 1)),
        Float32Array.from({ length: d }, () => (s.uniform() < 0.8 ? 0 : s.normal())),
      ];
      for (const g of vectors) expect(alistarhBudget(g)).toBe(reference(g));
    }
  });
});
