/**
 * Test oracle for CAT step 1: sort every magnitude, evaluate measure(T)/C(T)
 * at every T ∈ [1, d], keep the first maximiser. O(d log d) + d cost calls;
 * and Alistarh's rule on the same sort.
 */
import type { CatVariant } from '../../../../src/learn/tuners/cat/types.js';

/** a₍₁₎ ≥ … ≥ a₍d₎ as float64. */
export function sortedMagnitudes(g: Float32Array): Float64Array {
  return Float64Array.from(g, Math.abs).sort().reverse();
}

/**
 * V(T) = E‖Q_{T,p*}(g)‖² for T = 1…d by ATOMO's water-filling on the sorted
 * magnitudes (n_s is non-decreasing in T, so one pointer): V[T−1].
 */
export function secondMoments(a: Float64Array): Float64Array {
  const d = a.length;
  let total = 0;
  let nnz = 0;
  for (const x of a) {
    total += x;
    if (x > 0) nnz++;
  }
  const out = new Float64Array(d);
  let m = 0;
  let s1 = 0;
  let s2 = 0;
  for (let t = 1; t <= d; t++) {
    if (t >= nnz) {
      let q = 0;
      for (const x of a) q += x * x;
      out[t - 1] = q;
      continue;
    }
    while (m < t && (a[m] as number) * (t - m) > total - s1) {
      s1 += a[m] as number;
      s2 += (a[m] as number) ** 2;
      m++;
    }
    const rest = total - s1;
    out[t - 1] = s2 + (rest * rest) / (t - m);
  }
  return out;
}

/** measure(T) for T = 1…d: α, β or ω. */
export function measures(g: Float32Array, variant: CatVariant): Float64Array {
  const a = sortedMagnitudes(g);
  const d = a.length;
  let q2 = 0;
  for (const x of a) q2 += x * x;
  const out = new Float64Array(d);
  if (variant === 'stochastic') {
    const v = secondMoments(a);
    for (let t = 0; t < d; t++) out[t] = Math.min(1, q2 / (v[t] as number));
    return out;
  }
  let s = 0;
  for (let t = 1; t <= d; t++) {
    const x = a[t - 1] as number;
    s += variant === 'sparsification' ? x * x : x;
    out[t - 1] = variant === 'sparsification' ? s / q2 : (s * s) / (t * q2);
  }
  return out;
}

/** The first T maximising measure(T)/C(T), and the ratio. */
export function bruteForce(g: Float32Array, variant: CatVariant, cost: (t: number) => number): { budget: number; efficiency: number; curve: Float64Array } {
  const m = measures(g, variant);
  const curve = new Float64Array(m.length);
  let budget = 1;
  let efficiency = -Infinity;
  for (let t = 1; t <= m.length; t++) {
    const e = (m[t - 1] as number) / cost(t);
    curve[t - 1] = e;
    if (e > efficiency) {
      efficiency = e;
      budget = t;
    }
  }
  return { budget, efficiency, curve };
}

/** Alistarh's rule on a full sort: min{T : Σ_{j≤T} a₍ⱼ₎ ≥ ‖g‖₂}. */
export function alistarhReference(g: Float32Array): number {
  const a = sortedMagnitudes(g);
  const norm = Math.sqrt(a.reduce((s, x) => s + x * x, 0));
  let s = 0;
  for (let t = 1; t <= a.length; t++) {
    s += a[t - 1] as number;
    if (s >= norm) return t;
  }
  return a.length;
}
