import { describe, expect, it } from 'vitest';
import * as msg from '../../src/learn/messages.js';
import { denseMatVec, gramMatVec, lambdaMax, powerIteration } from '../../src/learn/smoothness.js';
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
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
      let x = 0;
      for (let k = 0; k < d; k++) x += h(i, k) * (a[k * d + j] as number);
      t[i * d + j] = x;
    }
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
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
