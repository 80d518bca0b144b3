/**
 * The window of magnitudes a CAT search resolves first, guessed from a
 * deterministic sample of g.
 */
import type { Candidates, Costs } from './candidates.js';
import { KEY_END, keyOf } from './profile.js';
import type { CatVariant } from './types.js';

/**
 * The window [keyLo, keyHi) of magnitudes to resolve, guessed from a
 * sample: estimate the measure at ~64 log-spaced T from the sampled
 * magnitudes (scaled by d/m), take the best T̂, and cover ranks T̂/4 … 4T̂
 * (α, β) or water levels θ(4T̂)/2 … 2θ(T̂/4) (ω). Undefined
 * when the window would be large (then the histogram is the better start).
 */
export function guessWindow(g: Float32Array, variant: CatVariant, costs: Costs, cands: Candidates, v: Float64Array): { keyLo: number; keyHi: number } | undefined {
  const d = g.length;
  const m = v.length;
  const w = d / m;
  const cum1 = new Float64Array(m + 1);
  const cum2 = new Float64Array(m + 1);
  for (let j = 0; j < m; j++) {
    cum1[j + 1] = (cum1[j] as number) + (v[j] as number);
    cum2[j + 1] = (cum2[j] as number) + (v[j] as number) ** 2;
  }
  const q2 = w * (cum2[m] as number);
  if (!(q2 > 0)) return undefined;
  const prefix = (cum: Float64Array, t: number) => {
    const r = Math.min(m, t / w);
    const i = Math.floor(r);
    return w * ((cum[i] as number) + (i < m ? (r - i) * ((cum[i + 1] as number) - (cum[i] as number)) : 0));
  };
  // Water level for budget t on the scaled sample: saturate the top while v_j·(t/w − j) > rest.
  const water = (t: number): { v: number; theta: number } => {
    const b = t / w;
    let j = 0;
    let rest = cum1[m] as number;
    while (j < m && b - j > 1 && (v[j] as number) * (b - j) > rest) {
      rest -= v[j] as number;
      j++;
    }
    const theta = rest / (b - j);
    return { v: w * ((cum2[j] as number) + rest * theta), theta };
  };
  const measure = (t: number): number => {
    if (variant === 'sparsification') return prefix(cum2, t) / q2;
    if (variant === 'sparsification-quantization') return prefix(cum1, t) ** 2 / (t * q2);
    return Math.min(1, q2 / water(t).v);
  };
  let bestT = 1;
  let bestE = -Infinity;
  const grid = 64;
  let previous = 0;
  for (let i = 0; i <= grid; i++) {
    const t = Math.min(d, cands.first(Math.max(1, Math.round(Math.exp((i * Math.log(d)) / grid)))));
    if (t <= previous || t > d) continue;
    previous = t;
    const e = measure(t) / costs.at(t);
    if (e > bestE) {
      bestE = e;
      bestT = t;
    }
  }
  const maxWindow = Math.max(4096, d >> 4);
  if (variant === 'stochastic') {
    // Water levels for T̂/4 … 4T̂, widened by 2 in magnitude; from the top when that reaches the sample's largest.
    const hi = 2 * water(Math.max(1, bestT / 4)).theta;
    const top = hi >= (v[Math.min(m - 1, 2)] as number);
    const lo = top ? Math.min(water(Math.min(d, 4 * bestT)).theta / 2, v[Math.min(m - 1, 3)] as number) : water(Math.min(d, 4 * bestT)).theta / 2;
    let inside = 0;
    for (let j = 0; j < m; j++) if ((v[j] as number) >= lo && (top || (v[j] as number) < hi)) inside++;
    if (inside === m || w * inside > maxWindow) return undefined;
    return { keyLo: keyOf(lo), keyHi: top ? KEY_END : keyOf(hi) };
  }
  const rHi = Math.ceil((4 * bestT) / w) + 4;
  const rLo = Math.floor(bestT / (4 * w)) - 2;
  if (rHi >= m || w * (rHi - Math.max(0, rLo)) > maxWindow) return undefined;
  return { keyLo: keyOf(v[rHi] as number), keyHi: rLo < 2 ? KEY_END : keyOf(v[rLo] as number) };
}
