import { describe, expect, it } from 'vitest';
import { toDense } from '../../../src/learn/compress/accumulate.js';
import { keepProbabilities, optimalProbabilities, StochasticSparsifier } from '../../../src/learn/compress/stochastic.js';
import { RandomStream, RandomStreams } from '../../../src/sim/random.js';

const streams = new RandomStreams(3, 0);
const randomVector = (d: number, name: string) => {
  const s = streams.stream(name);
  return Float32Array.from({ length: d }, () => s.normal() * (s.uniform() < 0.1 ? 10 : 1));
};

/** ATOMO Algorithm 1 verbatim on a full sort (test reference). */
function atomoReference(g: Float32Array, budget: number): Float64Array {
  const order = Array.from(g, (v, i) => [Math.abs(v), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const p = new Float64Array(g.length);
  let s = budget;
  for (let i = 0; i < order.length; i++) {
    const rest = order.slice(i).reduce((acc, [a]) => acc + a, 0);
    const [a, index] = order[i]!;
    if (a * s <= rest) {
      for (let j = i; j < order.length; j++) p[order[j]![1]] = rest === 0 ? 0 : (order[j]![0] * s) / rest;
      break;
    }
    p[index] = 1;
    s -= 1;
  }
  return p;
}

/** E‖Q(g)‖² = Σ g²/p over p > 0 (the variance term CAT's Appendix F minimises). */
const secondMoment = (g: Float32Array, p: Float64Array) => g.reduce((s, v, i) => (v === 0 ? s : s + (v * v) / (p[i] as number)), 0);

describe('variance-optimal keep probabilities (CAT Appendix F, ATOMO Algorithm 1)', () => {
  it('follow Algorithm 1 on a hand example', () => {
    // g = (1, 10, 1, 1, 1), T = 2: 10 saturates (10·2 > 14); then p = 1·1/4 for the rest.
    const p = optimalProbabilities(Float32Array.from([1, 10, 1, 1, 1]), 2);
    expect([...p]).toEqual([0.25, 1, 0.25, 0.25, 0.25]);
  });

  it('match a full-sort implementation of Algorithm 1 and sum to the budget', () => {
    for (const [d, budget] of [
      [50, 1],
      [50, 7],
      [200, 20],
      [1000, 999],
      [3000, 150],
    ] as const) {
      const g = randomVector(d, `p/${d}/${budget}`);
      const p = optimalProbabilities(g, budget);
      const ref = atomoReference(g, budget);
      p.forEach((pi, i) => expect(pi).toBeCloseTo(ref[i] as number, 12));
      expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(budget, 9);
      for (const pi of p) (expect(pi).toBeGreaterThan(0), expect(pi).toBeLessThanOrEqual(1));
      expect(keepProbabilities(g, budget).expectedKept).toBe(budget);
    }
  });

  it('minimise Σ g_j²/p_j: no feasible perturbation does better', () => {
    const g = randomVector(40, 'opt');
    const p = optimalProbabilities(g, 8);
    const best = secondMoment(g, p);
    const rng = new RandomStream(3, 0, 'perturb');
    for (let trial = 0; trial < 200; trial++) {
      // Move probability mass ε from one unsaturated coordinate to another (keeps Σp = T).
      const i = rng.int(40);
      const j = rng.int(40);
      const eps = 0.01 * rng.uniform();
      if (i === j || (p[i] as number) - eps <= 0 || (p[j] as number) + eps > 1) continue;
      const q = p.slice();
      q[i] = (q[i] as number) - eps;
      q[j] = (q[j] as number) + eps;
      expect(secondMoment(g, q)).toBeGreaterThanOrEqual(best - 1e-9 * best);
    }
    expect(
      secondMoment(
        g,
        Float64Array.from(g, () => 8 / 40),
      ),
    ).toBeGreaterThan(best); // uniform p = T/d
  });

  it('keep every non-zero surely when there are at most T of them, and never a zero', () => {
    expect([...optimalProbabilities(Float32Array.from([0, 3, 0, -1]), 3)]).toEqual([0, 1, 0, 1]);
    expect([...optimalProbabilities(Float32Array.from([0, 3, 0, -1, 0.5]), 2)]).toEqual([0, 1, 0, 2 / 3, 1 / 3]);
  });
});

describe('StochasticSparsifier (CAT eq. 4)', () => {
  const g = Float32Array.from([0.1, -2, 0.5, 0, 4, -0.3, 1, 0.05]);
  const budget = 3;
  const p = optimalProbabilities(g, budget);
  const n = 40_000;

  it('is unbiased: the Monte-Carlo mean of Q(g) is within 5 standard errors of g', () => {
    const c = new StochasticSparsifier(g.length, { k: budget }, { rng: new RandomStream(3, 0, 'mc') });
    const mean = new Float64Array(g.length);
    for (let t = 0; t < n; t++) toDense(c.compress(g)).forEach((v, i) => (mean[i] = (mean[i] as number) + v / n));
    g.forEach((gi, i) => {
      const pi = p[i] as number;
      // Q_i = g_i/p_i w.p. p_i: variance g_i²(1 − p_i)/p_i; plus float32 rounding of g_i/p_i.
      const se = pi > 0 ? Math.abs(gi) * Math.sqrt((1 - pi) / pi / n) : 0;
      expect(Math.abs((mean[i] as number) - gi)).toBeLessThanOrEqual(5 * se + 1e-6 * Math.abs(gi));
    });
  });

  it('keeps the budget on average: mean kept count within 5 standard errors of T = Σ p', () => {
    const c = new StochasticSparsifier(g.length, { k: budget }, { rng: new RandomStream(3, 0, 'count') });
    let total = 0;
    for (let t = 0; t < n; t++) total += c.compress(g).values.length;
    const sd = Math.sqrt(p.reduce((s, pi) => s + pi * (1 - pi), 0));
    expect(Math.abs(total / n - budget)).toBeLessThanOrEqual((5 * sd) / Math.sqrt(n));
  });

  it('sends surely-kept coordinates verbatim and the others as g_j/p_j', () => {
    const c = new StochasticSparsifier(g.length, { k: budget }, { rng: new RandomStream(3, 0, 'values') });
    for (let t = 0; t < 50; t++) {
      const out = c.compress(g);
      if (out.kind !== 'sparse') throw new Error('expected sparse');
      out.indices.forEach((i, j) => {
        const pi = p[i] as number;
        expect(out.values[j]).toBe(pi === 1 ? g[i] : Math.fround((g[i] as number) / pi));
      });
      expect(out.bits).toBe(out.values.length * 64);
    }
  });

  it('is reproducible from its stream and may send an empty message', () => {
    const a = new StochasticSparsifier(1000, { k: 2 }, { rng: new RandomStream(3, 0, 'same') });
    const b = new StochasticSparsifier(1000, { k: 2 }, { rng: new RandomStream(3, 0, 'same') });
    const flat = new Float32Array(1000).fill(1); // p = 0.002 each
    let empties = 0;
    for (let t = 0; t < 200; t++) {
      const x = a.compress(flat);
      expect(b.compress(flat)).toEqual(x);
      if (x.values.length === 0) empties++;
    }
    expect(empties).toBeGreaterThan(0); // P(empty) = 0.998^1000 ≈ 0.135
    expect(a.mayBeEmpty).toBe(true);
  });
});
