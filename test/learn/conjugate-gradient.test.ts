import { describe, expect, it } from 'vitest';
import { conjugateGradient } from '../../src/learn/conjugate-gradient.js';

/** v ↦ A v for a dense row-major A. */
const dense = (rows: number[][]) => (v: Float64Array) => Float64Array.from(rows, (r) => r.reduce((s, a, j) => s + a * (v[j] as number), 0));

// Wikipedia's worked example (Conjugate gradient method, "Numerical example")
const WIKI_A = dense([
  [4, 1],
  [1, 3],
]);
const WIKI_B = Float64Array.of(1, 2);

describe('conjugate gradients', () => {
  it('solves [[4, 1], [1, 3]] z = (1, 2): z = (1/11, 7/11) in two steps (plus the residual check)', () => {
    const out = conjugateGradient(2, WIKI_A, WIKI_B);
    expect(out.z[0]).toBeCloseTo(1 / 11, 14);
    expect(out.z[1]).toBeCloseTo(7 / 11, 14);
    expect(out.iterations).toBe(3); // n = 2 steps in exact arithmetic, then one product for the true residual
    expect(out.converged).toBe(true);
    expect(out.relativeResidual).toBeLessThan(1e-14);
  });

  it('takes at most as many steps as A has distinct eigenvalues: 3 for diag(1, 2, 2, 5, 5, 5)', () => {
    const diag = [1, 2, 2, 5, 5, 5];
    const b = Float64Array.of(1, -1, 2, 3, 0.5, -2);
    const out = conjugateGradient(6, (v) => v.map((x, j) => diag[j]! * x), b);
    expect(out.iterations).toBeLessThanOrEqual(3 + 1);
    out.z.forEach((z, j) => expect(z).toBeCloseTo(b[j]! / diag[j]!, 12));
  });

  it('returns z = 0 for b = 0 without a product', () => {
    let products = 0;
    const out = conjugateGradient(3, (v) => (products++, v), new Float64Array(3));
    expect([...out.z]).toEqual([0, 0, 0]);
    expect([out.iterations, out.relativeResidual, out.converged, products]).toEqual([0, 0, true, 0]);
  });

  it('stops where A is not positive definite along p, and reports the residual as not converged', () => {
    // diag(1, −1) and b = (1, 1): pᵀAp = 1 − 1 = 0 at the first step, so z stays 0 and the residual is ‖b‖/‖b‖ = 1
    const out = conjugateGradient(2, (v) => Float64Array.of(v[0]!, -v[1]!), Float64Array.of(1, 1));
    expect([...out.z]).toEqual([0, 0]);
    expect(out.relativeResidual).toBe(1);
    expect(out.converged).toBe(false);
  });

  it('stops after maxIterations products and says it has not converged', () => {
    const out = conjugateGradient(2, WIKI_A, WIKI_B, 1e-10, 1);
    expect(out.iterations).toBe(2);
    expect(out.converged).toBe(false);
    // one steepest-descent step from 0: z = (rᵀr / rᵀAr)·b = (5/20)·(1, 2)
    expect(out.z[0]).toBeCloseTo(0.25, 15);
    expect(out.z[1]).toBeCloseTo(0.5, 15);
  });
});
