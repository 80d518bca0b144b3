import { describe, expect, it } from 'vitest';
import * as msg from '../../src/learn/messages.js';
import { denseMatVec, gramMatVec, lambdaMax, lanczos, largestTridiagonalEigenvalue, powerIteration } from '../../src/learn/smoothness.js';
import { RandomStreams } from '../../src/sim/random.js';

const stream = (name: string) => new RandomStreams(5, 0).stream(name);

/** Q diag(λ) Qᵀ with Q a product of Householder reflections (orthogonal), row-major. */
function symmetricWithEigenvalues(eigen: readonly number[], name: string): Float64Array {
  const d = eigen.length;
  const s = stream(name);
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) a[i * d + i] = eigen[i] as number;
  for (let r = 0; r < 3; r++) {
    const v = Float64Array.from({ length: d }, () => s.normal());
    const vv = v.reduce((x, y) => x + y * y, 0);
    // A ← H A H with H = I − 2vvᵀ/vᵀv.
    const h = (i: number, j: number) => (i === j ? 1 : 0) - (2 * (v[i] as number) * (v[j] as number)) / vv;
    const t = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let x = 0;
        for (let k = 0; k < d; k++) x += h(i, k) * (a[k * d + j] as number);
        t[i * d + j] = x;
      }
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let x = 0;
        for (let k = 0; k < d; k++) x += (t[i * d + k] as number) * h(k, j);
        a[i * d + j] = x;
      }
  }
  return a;
}

describe('powerIteration', () => {
  it('finds λ_max of a matrix with known spectrum, and its eigenvector', () => {
    const eigen = [7, 5, 3, 2, 1, 0.5, 0, 0];
    const a = symmetricWithEigenvalues(eigen, 'spectrum');
    const result = powerIteration(8, denseMatVec(a, 8));
    expect(result.converged).toBe(true);
    // Rayleigh-quotient error after stopping ≈ tol·ρ/(1 − ρ) with ρ = (5/7)² ≈ 0.51: ~1e-9.
    expect(Math.abs(result.value - 7) / 7).toBeLessThan(1e-8);
    const av = denseMatVec(a, 8)(result.vector);
    for (let j = 0; j < 8; j++) expect(av[j]).toBeCloseTo(7 * (result.vector[j] as number), 3);
  });

  it('is exact on a diagonal matrix and returns 0 for the zero operator', () => {
    expect(lambdaMax(3, denseMatVec(Float64Array.of(2, 0, 0, 0, 9, 0, 0, 0, 4), 3))).toBeCloseTo(9, 8);
    const zero = powerIteration(4, () => new Float64Array(4));
    expect(zero.value).toBe(0);
    expect(zero.converged).toBe(true);
  });

  it('computes λ_max(XᵀX/n) from the data without forming XᵀX', () => {
    // X = [[3, 0], [0, 1], [0, 1]]: XᵀX/n = diag(9, 2)/3 → λ_max = 3.
    const x = Float32Array.of(3, 0, 0, 1, 0, 1);
    expect(lambdaMax(2, gramMatVec(x, 3, 2))).toBeCloseTo(3, 8);
  });

  it('is reproducible: the default start vector comes from a fixed-key stream', () => {
    const a = symmetricWithEigenvalues([3, 2.9, 1], 'close');
    const first = powerIteration(3, denseMatVec(a, 3), { maxIterations: 5 });
    const second = powerIteration(3, denseMatVec(a, 3), { maxIterations: 5 });
    expect(second).toEqual(first);
    expect(first.converged).toBe(false); // λ₂/λ₁ = 0.97: five steps are not enough
    expect(first.iterations).toBe(5);
  });

  it('rejects a zero start vector', () => {
    expect(() => powerIteration(2, (v) => v, { start: new Float64Array(2) })).toThrow(msg.zeroStartVector());
  });
});

describe('lanczos', () => {
  it('finds λ_max of a matrix with known spectrum to the rounding level', () => {
    const a = symmetricWithEigenvalues([7, 5, 3, 2, 1, 0.5, 0, 0], 'spectrum');
    const result = lanczos(8, denseMatVec(a, 8));
    expect(result.converged).toBe(true);
    expect(Math.abs(result.value - 7) / 7).toBeLessThan(1e-12);
  });

  it('separates crowded top eigenvalues in few products, where power iteration needs many', () => {
    const eigen = Array.from({ length: 60 }, (_, i) => 1 - 0.002 * i); // gap 0.2 %
    const a = symmetricWithEigenvalues(eigen, 'crowded');
    const l = lanczos(60, denseMatVec(a, 60));
    const p = powerIteration(60, denseMatVec(a, 60));
    expect(Math.abs(l.value - 1)).toBeLessThan(1e-10);
    expect(l.iterations).toBeLessThan(p.iterations / 5);
    expect(l.value).toBeGreaterThan(p.value); // both from below; power iteration stops further off
  });

  it('is exact on diagonal, one-dimensional and zero operators', () => {
    expect(lanczos(3, denseMatVec(Float64Array.of(2, 0, 0, 0, 9, 0, 0, 0, 4), 3)).value).toBeCloseTo(9, 12);
    expect(lanczos(1, (v) => Float64Array.of(2.5 * (v[0] as number))).value).toBeCloseTo(2.5, 14);
    const zero = lanczos(4, () => new Float64Array(4));
    expect([zero.value, zero.converged]).toEqual([0, true]);
  });

  it('agrees with a tight power iteration on λ_max(XᵀX/n) of random data, and is reproducible', () => {
    const s = stream('gram');
    const x = Float32Array.from({ length: 203 * 37 }, () => s.normal());
    const matVec = gramMatVec(x, 203, 37);
    const l = lanczos(37, matVec);
    const p = powerIteration(37, matVec, { tolerance: 1e-14, maxIterations: 100_000 });
    expect(Math.abs(l.value - p.value) / p.value).toBeLessThan(1e-10);
    expect(lanczos(37, matVec)).toEqual(l);
  });

  it('rejects a zero start vector and bad options', () => {
    expect(() => lanczos(2, (v) => v, { start: new Float64Array(2) })).toThrow(msg.zeroStartVector());
    expect(() => lanczos(2, (v) => v, { maxIterations: 0 })).toThrow(msg.notPositiveInteger('maxIterations', 0));
  });
});

describe('largestTridiagonalEigenvalue', () => {
  it('gives 2 + 2cos(π/(k+1)) for tridiag(−1, 2, −1) of size k', () => {
    for (const k of [1, 2, 5, 40]) {
      const value = largestTridiagonalEigenvalue(new Array(k).fill(2), new Array(k - 1).fill(-1));
      expect(Math.abs(value - (2 + 2 * Math.cos(Math.PI / (k + 1))))).toBeLessThan(1e-14);
    }
  });
});

describe('gramMatVec', () => {
  it('equals XᵀXv/n computed naively, for row counts off the eight-row blocks and odd d', () => {
    const s = stream('naive');
    for (const [n, d] of [
      [3, 5],
      [8, 1],
      [21, 7],
    ] as const) {
      const x = Float64Array.from({ length: n * d }, () => s.normal());
      const v = Float64Array.from({ length: d }, () => s.normal());
      const expected = new Float64Array(d);
      for (let i = 0; i < n; i++) {
        let m = 0;
        for (let j = 0; j < d; j++) m += (x[i * d + j] as number) * (v[j] as number);
        for (let j = 0; j < d; j++) expected[j] = (expected[j] as number) + (m * (x[i * d + j] as number)) / n;
      }
      const got = gramMatVec(x, n, d)(v);
      for (let j = 0; j < d; j++) expect(got[j]).toBeCloseTo(expected[j] as number, 12);
    }
  });
});
