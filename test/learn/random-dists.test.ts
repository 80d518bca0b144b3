import { describe, expect, it } from 'vitest';
import * as msg from '../../src/learn/messages.js';
import { dirichlet, gamma, logGamma } from '../../src/learn/random-dists.js';
import { RandomStreams } from '../../src/sim/random.js';

const stream = (name: string) => new RandomStreams(3, 0).stream(name);

function moments(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

describe('gamma', () => {
  it('has mean shape·scale and variance shape·scale², for shapes below and above 1', () => {
    const n = 20_000;
    for (const [shape, scale] of [
      [0.3, 1],
      [1, 2],
      [4.5, 0.5],
      [30, 1],
    ] as const) {
      const s = stream(`gamma/${shape}`);
      const { mean, variance } = moments(Array.from({ length: n }, () => gamma(shape, scale, s)));
      // The sample mean has standard error √(shape/n)·scale: allow 5 of them. The sample
      // variance's relative error is ≈ √((2 + 6/shape)/n) ≤ 0.03 here: allow 0.1.
      const se = Math.sqrt(shape / n) * scale;
      expect(Math.abs(mean - shape * scale)).toBeLessThan(5 * se);
      expect(Math.abs(variance / (shape * scale * scale) - 1)).toBeLessThan(0.1);
    }
  });

  it('stays finite in logarithms for a tiny shape, where U^(1/a) would underflow', () => {
    const s = stream('tiny');
    const logs = Array.from({ length: 1000 }, () => logGamma(0.005, s));
    expect(logs.every((l) => Number.isFinite(l))).toBe(true);
    expect(Math.min(...logs)).toBeLessThan(-745); // exp() of it underflows to 0
  });

  it('rejects a non-positive shape', () => {
    expect(() => logGamma(0, stream('bad'))).toThrow(msg.notPositive('shape', 0));
  });
});

describe('dirichlet', () => {
  it('sums to 1 and has mean α_i / Σα', () => {
    const alpha = [0.5, 1, 2.5];
    const s = stream('dir');
    const n = 10_000;
    const sums = [0, 0, 0];
    for (let k = 0; k < n; k++) {
      const p = dirichlet(alpha, 3, s);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      for (let i = 0; i < 3; i++) sums[i] = (sums[i] as number) + (p[i] as number) / n;
    }
    for (let i = 0; i < 3; i++) expect(sums[i]).toBeCloseTo((alpha[i] as number) / 4, 2);
  });

  it('is nearly one-hot for a tiny symmetric concentration, never NaN', () => {
    const s = stream('onehot');
    for (let k = 0; k < 100; k++) {
      const p = dirichlet(0.001, 10, s);
      expect(p.every((v) => Number.isFinite(v))).toBe(true);
      expect(Math.max(...p)).toBeGreaterThan(0.9);
    }
  });

  it('is reproducible per stream', () => {
    expect(dirichlet(1, 5, stream('same'))).toEqual(dirichlet(1, 5, stream('same')));
  });
});
