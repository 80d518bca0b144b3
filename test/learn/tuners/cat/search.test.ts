import { describe, expect, it } from 'vitest';
import { optimalProbabilities } from '../../../../src/learn/compress/stochastic.js';
import { Encoding } from '../../../../src/learn/encoding/encoding.js';
import { CAT_VARIANTS, catSearch, type CatVariant, type CostShape } from '../../../../src/learn/tuners/cat/index.js';
import * as cmsg from '../../../../src/learn/tuners/cat/messages.js';
import { costOf } from '../../../../src/net/cost/cost-of.js';
import { LINK_PRESETS } from '../../../../src/net/presets/index.js';
import { referenceCost, type ReferenceModel } from '../../../../src/learn/tuners/cat/reference-cost.js';
import { RandomStreams } from '../../../../src/sim/random.js';
import { bruteForce, measures, secondMoments, sortedMagnitudes } from './brute-force.js';

const catSearchOracle = bruteForce;

const streams = new RandomStreams(11, 0);

/** Test vectors: Gaussian, heavy-tailed (5% ×20), sparse (70% zeros), quantised (many exact ties), constant. */
function vector(kind: 'normal' | 'heavy' | 'sparse' | 'ties' | 'flat', d: number): Float32Array {
  const s = streams.stream(`cat-search/${kind}/${d}`);
  switch (kind) {
    case 'normal':
      return Float32Array.from({ length: d }, () => s.normal());
    case 'heavy':
      return Float32Array.from({ length: d }, () => s.normal() * (s.uniform() < 0.05 ? 20 : 1));
    case 'sparse':
      return Float32Array.from({ length: d }, () => (s.uniform() < 0.7 ? 0 : s.normal()));
    case 'ties':
      return Float32Array.from({ length: d }, () => Math.round(s.normal() * 3) / 4);
    case 'flat':
      return Float32Array.from({ length: d }, (_, i) => (i % 2 ? 1 : -1));
  }
}

/** P(T) of a packed-index fp32 sparse message (CAT eq. 5 with FPP = 32). */
function packedBits(d: number): (t: number) => number {
  const enc = new Encoding({ indices: 'packed' });
  return (t) => enc.bitsFor({ kind: 'sparse', dim: d, value: 'fp32' }, t);
}

const MODELS: readonly (readonly [string, ReferenceModel, CostShape])[] = [
  ['payload', { kind: 'payload' }, { kind: 'affine' }],
  ['affine', { kind: 'affine', c1: 1, c0: 54 * 8 }, { kind: 'affine' }],
  ['packet', { kind: 'packet', c1: 576 * 8, c0: 64 * 8, pMaxBits: 512 * 8 }, { kind: 'packet', pMaxBits: 512 * 8 }],
];

/**
 * Our T must be brute force's first maximiser, unless the brute-force curve
 * has other T within 1e-12 (relative) of its maximum — summation order then
 * decides, and ours must be one of them.
 */
function expectBruteForce(ours: { budget: number; efficiency: number }, bf: ReturnType<typeof bruteForce>): 'unique' | 'tie' {
  const near: number[] = [];
  bf.curve.forEach((e, i) => {
    if (e >= bf.efficiency * (1 - 1e-12)) near.push(i + 1);
  });
  expect(Math.abs(ours.efficiency / bf.efficiency - 1)).toBeLessThan(1e-12);
  if (near.length === 1) {
    expect(ours.budget).toBe(bf.budget);
    return 'unique';
  }
  expect(near).toContain(ours.budget);
  return 'tie';
}

describe('catSearch: T* = argmax measure(T)/C(T) (CAT eqs. 8, 9, §5)', () => {
  it('ω(T) is exactly Q/Σ g²/p for the p the stochastic sparsifier uses (App. F)', () => {
    const g = vector('heavy', 400);
    const v = secondMoments(sortedMagnitudes(g));
    for (const t of [1, 2, 7, 50, 200, 399, 400]) {
      const p = optimalProbabilities(g, t);
      const second = g.reduce((s, x, i) => (x === 0 ? s : s + (x * x) / (p[i] as number)), 0);
      expect(Math.abs((v[t - 1] as number) / second - 1)).toBeLessThan(1e-12);
    }
  });

  for (const d of [600, 3000]) {
    it(`equals a brute force over all T ∈ [1, ${d}] — every variant, reference model, vector shape and strategy`, () => {
      const bits = packedBits(d);
      let ties = 0;
      let cases = 0;
      for (const kind of ['normal', 'heavy', 'sparse', 'ties', 'flat'] as const) {
        const g = vector(kind, d);
        for (const variant of CAT_VARIANTS) {
          for (const [, model, shape] of MODELS) {
            const cost = (t: number) => referenceCost(model, bits(t));
            const bf = bruteForce(g, variant, cost);
            for (const strategy of ['window', 'histogram'] as const) {
              for (const s of [shape, { kind: 'general' } as const]) {
                const r = catSearch(g, { variant, cost, payloadBits: bits, shape: s, strategy });
                if (expectBruteForce(r, bf) === 'tie') ties++;
                cases++;
                expect(r.measure).toBeCloseTo(measures(g, variant)[r.budget - 1] as number, 12);
                expect(r.cost).toBe(cost(r.budget));
              }
            }
          }
        }
      }
      // Ties are the flat vector (every T equal under the payload model) and ω/C flat below saturation.
      expect(ties).toBeLessThan(cases / 4);
    });
  }

  it('equals a brute force under the simulated network costs (seconds and joules of every link preset)', () => {
    const d = 2000;
    const bits = packedBits(d);
    for (const [name, preset] of Object.entries(LINK_PRESETS)) {
      for (const metric of ['seconds', 'joules'] as const) {
        const cost = (t: number) => costOf(preset, Math.ceil(bits(t) / 8))[metric];
        for (const variant of CAT_VARIANTS) {
          const g = vector('heavy', d);
          const bf = bruteForce(g, variant, cost);
          const r = catSearch(g, { variant, cost, payloadBits: bits, strategy: 'histogram' });
          expect(`${name} ${metric} ${variant}: ${expectBruteForce(r, bf)}`).toMatch(/unique|tie/);
        }
      }
    }
  });

  it('on d = 2^17 certifies in at most two passes and sorts at most a few thousand magnitudes', () => {
    const d = 1 << 17;
    const bits = packedBits(d);
    const strategies: string[] = [];
    for (const kind of ['normal', 'heavy'] as const) {
      const g = vector(kind, d);
      for (const variant of CAT_VARIANTS) {
        for (const [name, model, shape] of MODELS) {
          const cost = (t: number) => referenceCost(model, bits(t));
          const r = catSearch(g, { variant, cost, payloadBits: bits, shape });
          expectBruteForce(r, catSearchOracle(g, variant, cost));
          expect(r.sortedElements).toBeLessThan(d / 16);
          // (ω under the payload model ties over every unsaturated T: the window cannot certify, histogram + refine do.)
          expect(r.passes).toBeLessThanOrEqual(variant === 'stochastic' && name === 'payload' ? 3 : 2);
          // α and β: the sampled window holds the optimum, one pass.
          if (variant !== 'stochastic') expect(`${kind} ${variant} ${name} ${r.strategy}`).toBe(`${kind} ${variant} ${name} window`);
          strategies.push(r.strategy);
        }
      }
    }
    // ω's optimum sits at the onset of saturation, θ(T*) ≈ max|g_i|, which a 1/256 sample cannot see: the histogram decides it.
    expect(strategies.filter((s) => s === 'window').length).toBeGreaterThanOrEqual(12);
  });

  it('never sorts all d magnitudes, even when every T ties (stochastic, payload model)', () => {
    const d = 1 << 17;
    const bits = packedBits(d);
    const g = vector('normal', d);
    const r = catSearch(g, { variant: 'stochastic', cost: bits, payloadBits: bits });
    expect(r.sortedElements).toBeLessThan(d / 4);
  });

  it('under the packet shape evaluates C only at packet-count ends (Prop. 1)', () => {
    const d = 3000;
    const bits = packedBits(d);
    const model: ReferenceModel = { kind: 'packet', c1: 576 * 8, c0: 64 * 8, pMaxBits: 512 * 8 };
    const seen: number[] = [];
    const cost = (t: number) => {
      seen.push(t);
      return referenceCost(model, bits(t));
    };
    const g = vector('heavy', d);
    for (const variant of ['sparsification', 'stochastic'] as CatVariant[]) {
      seen.length = 0;
      catSearch(g, { variant, cost, payloadBits: bits, shape: { kind: 'packet', pMaxBits: 4096 }, strategy: 'histogram' });
      for (const t of seen) expect(t === d || Math.ceil(bits(t + 1) / 4096) > Math.ceil(bits(t) / 4096)).toBe(true);
    }
  });

  it('returns T = 1 for g = 0 and prices it', () => {
    const bits = packedBits(100);
    const r = catSearch(new Float32Array(100), { variant: 'sparsification', cost: (t) => bits(t) + 1, payloadBits: bits });
    expect(r).toMatchObject({ budget: 1, measure: 0, strategy: 'zero' });
    expect(r.candidates).toBeUndefined();
    const kept = catSearch(new Float32Array(100), { variant: 'sparsification', cost: (t) => bits(t) + 1, payloadBits: bits, recordCandidates: true });
    expect(kept.candidates).toEqual([{ budget: 1, measure: 0, cost: bits(1) + 1, efficiency: 0 }]);
  });

  it('with recordCandidates lists the exact ratios it evaluated: true measures and costs, T* their first maximiser, the answer unchanged', () => {
    const d = 3000;
    const bits = packedBits(d);
    const starts = new Set<string>();
    for (const kind of ['normal', 'heavy', 'sparse'] as const) {
      const g = vector(kind, d);
      for (const variant of CAT_VARIANTS) {
        const truth = measures(g, variant);
        for (const [name, model, shape] of MODELS) {
          const cost = (t: number) => referenceCost(model, bits(t));
          for (const strategy of ['window', 'histogram'] as const) {
            const plain = catSearch(g, { variant, cost, payloadBits: bits, shape, strategy });
            const r = catSearch(g, { variant, cost, payloadBits: bits, shape, strategy, recordCandidates: true });
            const { candidates: list, ...rest } = r;
            expect(rest).toEqual(plain);
            const at = `${kind} ${variant} ${name} ${strategy}`;
            starts.add(r.strategy);
            expect(list, at).toBeDefined();
            const candidates = list!;
            expect(
              candidates.map((c) => c.budget),
              at,
            ).toEqual([...new Set(candidates.map((c) => c.budget))].sort((a, b) => a - b));
            for (const c of candidates) {
              expect(c.measure, `${at} T = ${c.budget}`).toBeCloseTo(truth[c.budget - 1] as number, 11);
              expect(c.cost).toBe(cost(c.budget));
              expect(c.efficiency).toBe(c.measure / c.cost);
            }
            const best = Math.max(...candidates.map((c) => c.efficiency));
            expect(candidates.find((c) => c.efficiency === best)?.budget, at).toBe(r.budget);
            expect(best).toBe(r.efficiency);
          }
        }
      }
    }
    expect([...starts].sort()).toEqual(['histogram', 'window']);
  });

  it('rejects a non-positive cost, a non-affine cost declared affine, and a bad packet size', () => {
    const g = vector('normal', 100);
    const bits = packedBits(100);
    expect(() => catSearch(g, { variant: 'sparsification', cost: () => 0, payloadBits: bits })).toThrow(cmsg.costNotPositive(1, bits(1), 0));
    expect(() => catSearch(g, { variant: 'sparsification', cost: (t) => Math.ceil(t / 10), payloadBits: bits, shape: { kind: 'affine' } })).toThrow(/declared affine/);
    expect(() => catSearch(g, { variant: 'sparsification', cost: bits, payloadBits: bits, shape: { kind: 'packet', pMaxBits: 0 } })).toThrow(cmsg.packetSizeInvalid(0));
  });
});
