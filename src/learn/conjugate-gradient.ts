import type { MatVec } from './smoothness.js';

/** Outcome of {@link conjugateGradient}. */
export interface ConjugateGradientResult {
  /** The last iterate z ≈ A⁻¹b. */
  readonly z: Float64Array;
  /** Products A v computed. */
  readonly iterations: number;
  /** ‖b − A z‖ / ‖b‖ at the stop (recomputed from z, not the recursion's estimate). */
  readonly relativeResidual: number;
  /** Whether `relativeResidual` ≤ 10 × the tolerance (the recomputed residual differs from the recursion's by rounding). */
  readonly converged: boolean;
}

/**
 * Solve A z = b for a symmetric positive-definite operator A by conjugate
 * gradients from z₀ = 0 (Hestenes and Stiefel 1952; Nocedal and Wright,
 * "Numerical Optimization", Algorithm 5.2), in float64: O(1) d-vectors of
 * memory, one product per step, so least squares at d = 10⁶ needs no d × d
 * matrix. Stops when the recursive residual falls to `tolerance`·‖b‖ or after
 * `maxIterations` products; the true residual is then recomputed (one more
 * product) so `converged` never trusts drift in the recursion.
 */
export function conjugateGradient(dim: number, matVec: MatVec, b: Float64Array, tolerance = 1e-10, maxIterations = 2000): ConjugateGradientResult {
  const z = new Float64Array(dim);
  const r = Float64Array.from(b);
  const p = Float64Array.from(b);
  const bNorm = Math.sqrt(dot(b, b));
  if (bNorm === 0) return { z, iterations: 0, relativeResidual: 0, converged: true };
  let rr = dot(r, r);
  let k = 0;
  while (k < maxIterations && Math.sqrt(rr) > tolerance * bNorm) {
    const ap = matVec(p);
    k++;
    const pap = dot(p, ap);
    if (!(pap > 0)) break; // A not positive definite along p (singular or indefinite): stop, report the residual
    const alpha = rr / pap;
    for (let j = 0; j < dim; j++) {
      z[j] = (z[j] as number) + alpha * (p[j] as number);
      r[j] = (r[j] as number) - alpha * (ap[j] as number);
    }
    const next = dot(r, r);
    const beta = next / rr;
    rr = next;
    for (let j = 0; j < dim; j++) p[j] = (r[j] as number) + beta * (p[j] as number);
  }
  const az = matVec(z);
  let sq = 0;
  for (let j = 0; j < dim; j++) sq += ((b[j] as number) - (az[j] as number)) ** 2;
  const relativeResidual = Math.sqrt(sq) / bNorm;
  return { z, iterations: k + 1, relativeResidual, converged: relativeResidual <= tolerance * 10 };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] as number) * (b[j] as number);
  return s;
}
