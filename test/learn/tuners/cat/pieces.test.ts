/**
 * CAT's measures as pieces of T (α and β from the ranks of the sorted magnitudes, ω from the water level):
 * exact where the magnitude profile is resolved, bounded where a histogram bucket is not.
 */
import { describe, expect, it } from 'vitest';
import { measureAt, piecesOf } from '../../../../src/learn/tuners/cat/pieces.js';
import { histogramPass, refine, type MagnitudeProfile } from '../../../../src/learn/tuners/cat/profile.js';
import { CAT_VARIANTS } from '../../../../src/learn/tuners/cat/types.js';
import { measures } from './brute-force.js';
import { heavy } from './fixtures.js';

/** Every segment of the histogram resolved: the measures are exact at every T. */
const resolvedProfile = (g: Float32Array): MagnitudeProfile => {
  const p = histogramPass(g);
  return refine(g, p, new Set(p.segments.map((_, k) => k)));
};

describe('CAT measure pieces', () => {
  it('give α, β and ω by hand on g = (3, −4, 0, 1): ‖g‖² = 26, ‖g‖₁ = 8', () => {
    const p = resolvedProfile(Float32Array.of(3, -4, 0, 1));
    const at = (variant: (typeof CAT_VARIANTS)[number]) => [1, 2, 3, 4].map((t) => measureAt(p, variant, t));
    const close = (got: number[], want: number[]) => got.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 14));
    // α(T) = Σ_{j≤T} a²₍ⱼ₎ / ‖g‖², sorted magnitudes 4, 3, 1, 0
    close(at('sparsification'), [16 / 26, 25 / 26, 1, 1]);
    // β(T) = (Σ_{j≤T} a₍ⱼ₎)² / (T·‖g‖²)
    close(at('sparsification-quantization'), [16 / 26, 49 / 52, 64 / 78, 64 / 104]);
    // ω(T) = ‖g‖² / V(T), V the water-filled second moment: no coordinate saturates at T = 1, 2 (4·T ≤ 8), so
    // V = ‖g‖₁²/T = 64, 32; from T = nnz = 3 on every coordinate is kept (V = ‖g‖², ω = 1)
    close(at('stochastic'), [26 / 64, 26 / 32, 1, 1]);
  });

  it('cover T = 1 … d in consecutive pieces, exact ones equal to the measures of a full sort', () => {
    const g = heavy(3000, 'pieces/exact');
    const p = resolvedProfile(g);
    for (const variant of CAT_VARIANTS) {
      const truth = measures(g, variant);
      const pieces = piecesOf(p, variant);
      expect(pieces[0]!.t1, variant).toBe(1);
      pieces.slice(1).forEach((x, i) => expect(x.t1, variant).toBe(pieces[i]!.t2 + 1));
      expect(pieces.at(-1)!.t2, variant).toBe(3000);
      for (const x of pieces) {
        expect(x.exact, variant).toBeDefined();
        for (let t = x.t1; t <= x.t2; t++) expect(Math.abs(x.exact!(t) - truth[t - 1]!), `${variant} T = ${t}`).toBeLessThanOrEqual(1e-12 * truth[t - 1]!);
      }
    }
  });

  it('bound the measure inside unresolved histogram buckets: lb ≤ measure ≤ ub, and ub/lb ≤ (65/64)² for α and β', () => {
    // a bucket spans a factor ≤ 1 + 1/64 in magnitude, so a prefix sum of a or a² is known within that factor (squared)
    const g = heavy(4096, 'pieces/bounded');
    const p = histogramPass(g);
    for (const variant of CAT_VARIANTS) {
      const truth = measures(g, variant);
      const pieces = piecesOf(p, variant);
      expect(pieces[0]!.t1).toBe(1);
      expect(pieces.at(-1)!.t2).toBe(4096);
      let bounded = 0;
      for (const x of pieces) {
        let runningMax = 0;
        for (let t = x.t1; t <= x.t2; t++) {
          const m = truth[t - 1]!;
          runningMax = Math.max(runningMax, m);
          // ub over [c1, c2] bounds the measure anywhere in it: over [t1, t] and at t alone
          expect(x.ub(x.t1, t) * (1 + 1e-12), `${variant} ub T = ${t}`).toBeGreaterThanOrEqual(runningMax);
          expect(x.ub(t, t) * (1 + 1e-12), `${variant} ub T = ${t}`).toBeGreaterThanOrEqual(m);
          if (x.exact !== undefined) expect(Math.abs(x.exact(t) - m)).toBeLessThanOrEqual(1e-12 * m);
          else {
            expect(x.lb!(t), `${variant} lb T = ${t}`).toBeLessThanOrEqual(m * (1 + 1e-12));
            if (variant !== 'stochastic') expect(x.ub(t, t) / x.lb!(t)).toBeLessThanOrEqual((65 / 64) ** 2 * (1 + 1e-9));
          }
        }
        if (x.exact === undefined) bounded++;
      }
      expect(bounded, variant).toBeGreaterThan(10);
    }
  });

  it('has no value where T falls in a bounded piece (measureAt is for a resolved T)', () => {
    const p = histogramPass(heavy(4096, 'pieces/bounded'));
    const bounded = piecesOf(p, 'sparsification').find((x) => x.exact === undefined)!;
    expect(measureAt(p, 'sparsification', bounded.t1)).toBeNaN();
  });
});
