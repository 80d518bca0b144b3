/**
 * How CAT certifies T*: branch and bound over the measure pieces, and under an affine cost Prop. 1's scan to the
 * first decrease; both checked against a worked example and a full sort (brute-force.ts).
 */
import { describe, expect, it } from 'vitest';
import { affineScan, branchAndBound, checkAffine } from '../../../../src/learn/tuners/cat/bounds.js';
import { Costs, everyT } from '../../../../src/learn/tuners/cat/candidates.js';
import { piecesOf } from '../../../../src/learn/tuners/cat/pieces.js';
import { histogramPass, refine, type MagnitudeProfile } from '../../../../src/learn/tuners/cat/profile.js';
import { CAT_VARIANTS } from '../../../../src/learn/tuners/cat/types.js';
import { bruteForce } from './brute-force.js';
import { heavy } from './fixtures.js';

const resolveAll = (g: Float32Array, p: MagnitudeProfile) => refine(g, p, new Set(p.segments.map((_, k) => k)));
const costsOf = (cost: (t: number) => number) => new Costs(cost, (t) => t);

describe('branch and bound over T', () => {
  it('finds T* by hand on g = (3, −4, 0, 1) with C(T) = 10 + T', () => {
    const p = resolveAll(Float32Array.of(3, -4, 0, 1), histogramPass(Float32Array.of(3, -4, 0, 1)));
    // α/C = (16/26)/11, (25/26)/12, 1/13, 1/14: T* = 2
    expect(
      branchAndBound(
        piecesOf(p, 'sparsification'),
        costsOf((t) => 10 + t),
        everyT(),
      ),
    ).toEqual({ budget: 2, efficiency: 25 / 312, unresolved: new Set() });
    // β/C = (16/26)/11, (49/52)/12, (64/78)/13, (64/104)/14: T* = 2
    const beta = branchAndBound(
      piecesOf(p, 'sparsification-quantization'),
      costsOf((t) => 10 + t),
      everyT(),
    );
    expect(beta.budget).toBe(2);
    expect(beta.efficiency).toBeCloseTo(49 / 624, 15);
    // ω/C = (26/64)/11, (26/32)/12, 1/13, 1/14: T* = 3
    const omega = branchAndBound(
      piecesOf(p, 'stochastic'),
      costsOf((t) => 10 + t),
      everyT(),
    );
    expect([omega.budget, omega.efficiency]).toEqual([3, 1 / 13]);
  });

  it('on a resolved profile, certifies the first maximiser of measure/C that a full sort finds, for every variant', () => {
    const g = heavy(3000, 'bounds/resolved');
    const p = resolveAll(g, histogramPass(g));
    // an affine cost (index and value per entry, a header) and a packet one (576 B per 512 B packet started)
    const costs: [string, (t: number) => number][] = [
      ['affine', (t) => 54 * 8 + 64 * t],
      ['packet', (t) => 576 * 8 * Math.ceil((64 * t) / (512 * 8))],
    ];
    for (const variant of CAT_VARIANTS) {
      for (const [name, cost] of costs) {
        const want = bruteForce(g, variant, cost);
        const got = branchAndBound(piecesOf(p, variant), costsOf(cost), everyT());
        expect(got.unresolved.size, `${variant}, ${name}`).toBe(0);
        expect(got.budget, `${variant}, ${name}`).toBe(want.budget);
        expect(Math.abs(got.efficiency - want.efficiency), `${variant}, ${name}`).toBeLessThanOrEqual(1e-12 * want.efficiency);
      }
    }
  });

  it('on a histogram alone, names the buckets to resolve, and after resolving them certifies the full sort’s T*', () => {
    const g = heavy(4096, 'bounds/histogram');
    const cost = (t: number) => 54 * 8 + 64 * t;
    for (const variant of CAT_VARIANTS) {
      let p = histogramPass(g);
      let out = branchAndBound(piecesOf(p, variant), costsOf(cost), everyT());
      let rounds = 0;
      while (out.unresolved.size > 0 && rounds++ < 10) {
        for (const k of out.unresolved) expect(p.segments[k]!.sorted, variant).toBeUndefined(); // only aggregates are named
        p = refine(g, p, out.unresolved);
        out = branchAndBound(piecesOf(p, variant), costsOf(cost), everyT());
      }
      expect(out.unresolved.size, variant).toBe(0);
      expect(p.sortedElements, variant).toBeLessThan(4096); // certified without sorting everything
      expect(out.budget, variant).toBe(bruteForce(g, variant, cost).budget);
    }
  });
});

describe("Prop. 1's affine scan (sparsification, affine cost)", () => {
  it('stops at the first decrease of α/C: T* = 2 by hand on g = (3, −4, 0, 1), C(T) = 10 + T', () => {
    const g = Float32Array.of(3, -4, 0, 1);
    expect(
      affineScan(
        resolveAll(g, histogramPass(g)),
        costsOf((t) => 10 + t),
      ),
    ).toEqual({ budget: 2, efficiency: 25 / 312, unresolved: new Set() });
  });

  it('agrees with a full sort on a resolved profile, and gives up (undefined) when the peak may lie before its window', () => {
    const g = heavy(3000, 'bounds/affine');
    const cost = (t: number) => 54 * 8 + 64 * t;
    const out = affineScan(resolveAll(g, histogramPass(g)), costsOf(cost))!;
    const want = bruteForce(g, 'sparsification', cost);
    expect(out.budget).toBe(want.budget);
    expect(Math.abs(out.efficiency - want.efficiency)).toBeLessThanOrEqual(1e-12 * want.efficiency);
    // a histogram alone has no resolved window to scan
    expect(affineScan(histogramPass(g), costsOf(cost))).toBeUndefined();
  });

  it('checks that a cost declared affine is: c̃1·T + c0 on T = 1, 2, d', () => {
    expect(() =>
      checkAffine(
        costsOf((t) => 432 + 64 * t),
        1000,
      ),
    ).not.toThrow();
    expect(() =>
      checkAffine(
        costsOf((t) => 432 + 64 * t + (t > 500 ? 1 : 0)),
        1000,
      ),
    ).toThrow(RangeError);
  });
});
