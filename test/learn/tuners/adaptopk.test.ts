import { describe, expect, it } from 'vitest';
import * as msg from '../../../src/learn/messages.js';
import { ErrorFeedback, TopK } from '../../../src/learn/compress/index.js';
import { AdapTopK, adapTopKMessages, adapTopKSchedule, coefficient, estimateGradientVariance, lemma3Constants, turningPoint, type Lemma3Constants } from '../../../src/learn/tuners/adaptopk.js';

const sum = (xs: Int32Array) => xs.reduce((a, b) => a + b, 0);

/** The integer minimiser of A_t·B_t over t = 1 … T − 1 (A_0 is infinite). */
function discreteArgmin(c: Lemma3Constants, T: number): number {
  let best = 1;
  for (let t = 2; t < T; t++) if (coefficient(c, T, t) < coefficient(c, T, best) * (1 - 1e-12)) best = t;
  return best;
}

describe('Lemma 2 and Lemma 3 of AdapTop-K', () => {
  it('builds α = (2d/(kη))·F(w₀), β = (dσ²/k)(ηL + 1) and B = 1 − ημk/d (eq. 16)', () => {
    const c = lemma3Constants({ dim: 785, k: 6, learningRate: 0.1, initialLoss: 0.7, gradientVariance: 2, smoothness: 4, pl: 0.5 });
    expect(c.alpha).toBeCloseTo(((2 * 785) / (6 * 0.1)) * 0.7, 9);
    expect(c.beta).toBeCloseTo(((785 * 2) / 6) * (0.1 * 4 + 1), 9);
    expect(c.B).toBeCloseTo(1 - (0.1 * 0.5 * 6) / 785, 15);
  });

  it('puts t̂ at the floor of the continuous minimiser of (α/t + β)·B^{T−1−t}: the integer minimiser is t̂ or t̂ + 1', () => {
    let atT = 0;
    let atNext = 0;
    for (const alpha of [1e-3, 0.1, 1, 10, 1e3, 1e5]) {
      for (const beta of [1e-3, 0.1, 1, 10, 1e3]) {
        for (const B of [0.9, 0.99, 0.999, 0.9999]) {
          const c = { alpha, beta, B };
          const tHat = turningPoint(c);
          // the closed form of Lemma 3, as printed
          const lnB = Math.log(B);
          expect(tHat).toBe(Math.floor((-alpha + Math.sqrt(alpha ** 2 - (4 * alpha * beta) / lnB)) / (2 * beta)));
          if (tHat < 1) continue;
          const argmin = discreteArgmin(c, 2 * tHat + 100);
          expect([tHat, tHat + 1]).toContain(argmin);
          if (argmin === tHat) atT++;
          else atNext++;
        }
      }
    }
    // Lemma 3 says A_{t+1}B_{t+1} ≥ A_t B_t from t = t̂ on; for the integer sequence that fails at t = t̂ in these cases
    expect({ atT, atNext }).toEqual({ atT: 58, atNext: 36 });
  });

  it('is off by one in Lemma 3’s own statement: (α, β, B) = (0.001, 0.001, 0.9) has t̂ = 2 but A_3B_3 < A_2B_2', () => {
    const c = { alpha: 0.001, beta: 0.001, B: 0.9 };
    expect(turningPoint(c)).toBe(2);
    expect(coefficient(c, 10, 3)).toBeLessThan(coefficient(c, 10, 2));
    expect(coefficient(c, 10, 4)).toBeGreaterThan(coefficient(c, 10, 3));
  });

  it('takes the limits: β = 0 gives ⌊−1/ln B⌋, α = 0 gives 0, μ = 0 (B = 1) gives +∞', () => {
    expect(turningPoint({ alpha: 5, beta: 0, B: 0.99 })).toBe(Math.floor(-1 / Math.log(0.99)));
    expect(turningPoint({ alpha: 0, beta: 3, B: 0.99 })).toBe(0);
    expect(turningPoint({ alpha: 5, beta: 3, B: 1 })).toBe(Infinity);
    // no cancellation when α ≫ β: agrees with the limit
    expect(turningPoint({ alpha: 1e12, beta: 1e-12, B: 0.99 })).toBe(Math.floor(-1 / Math.log(0.99)));
  });

  it('rejects constants outside their ranges', () => {
    expect(() => turningPoint({ alpha: -1, beta: 0, B: 0.5 })).toThrow(msg.notNonNegative('α', -1));
    expect(() => turningPoint({ alpha: 1, beta: 1, B: 0 })).toThrow(msg.notInUnitInterval('B = 1 − ημk/d', 0));
    expect(() => lemma3Constants({ dim: 10, k: 11, learningRate: 0.1, initialLoss: 1, gradientVariance: 1, smoothness: 1, pl: 1 })).toThrow(msg.budgetOutOfRange(11, 10));
  });
});

describe('the AdapTop-K schedule (eq. 20)', () => {
  it('sends (1 + γ)k on [0, t̂/2) ∪ [(t̂ + T)/2, T) and (1 − γ)k on [t̂/2, (t̂ + T)/2), Σ k_t = kT', () => {
    const s = adapTopKSchedule({ k: 6, iterations: 10, gamma: 0.5, turningPoint: 4 });
    expect([...s]).toEqual([9, 9, 3, 3, 3, 3, 3, 9, 9, 9]);
    expect(sum(s)).toBe(60);
  });

  it('preserves the total budget exactly for any k, T (odd too), γ and t̂, each k_t within one of its exact value', () => {
    for (const k of [1, 2, 3, 7, 10, 62]) {
      for (const T of [1, 2, 3, 10, 11, 100, 101, 3000]) {
        for (const gamma of [0, 0.25, 0.3, 0.5, 0.9]) {
          for (const tHat of [0, 1, 7, 33, T - 1, T, 5 * T, Infinity]) {
            const options = { k, iterations: T, gamma, turningPoint: tHat };
            if ((1 - gamma) * k < 1) {
              // a low budget under one coordinate may be refused, never silently sent as 0
              let schedule: Int32Array | undefined;
              try {
                schedule = adapTopKSchedule(options);
              } catch (e) {
                expect((e as Error).message).toContain('< 1');
              }
              if (schedule !== undefined) expect(Math.min(...schedule)).toBeGreaterThanOrEqual(1);
              continue;
            }
            const s = adapTopKSchedule(options);
            expect(sum(s)).toBe(k * T);
            const th = Math.min(tHat, T);
            const bad: number[] = [];
            for (let t = 0; t < T; t++) {
              const low = t >= th / 2 && t < (th + T) / 2;
              const kt = s[t] as number;
              // even T: within one of eq. 20's (1 ± γ)k; odd T: the deviation may only shrink
              const near = T % 2 !== 0 || Math.abs(kt - (low ? 1 - gamma : 1 + gamma) * k) < 1;
              const side = low ? kt >= Math.floor((1 - gamma) * k) && kt <= k : kt >= k && kt <= Math.ceil((1 + gamma) * k);
              if (!near || !side) bad.push(t);
            }
            expect(bad).toEqual([]);
          }
        }
      }
    }
  });

  it('takes t̂ ≥ T as T: the high budget first, T/2 rounds each', () => {
    expect([...adapTopKSchedule({ k: 4, iterations: 6, gamma: 0.5, turningPoint: Infinity })]).toEqual([6, 6, 6, 2, 2, 2]);
    expect([...adapTopKSchedule({ k: 4, iterations: 6, gamma: 0.5, turningPoint: 100 })]).toEqual([6, 6, 6, 2, 2, 2]);
  });

  it('balances an odd T by shrinking the larger set’s deviation', () => {
    // t̂ = 0: low on [0, 2.5) = {0, 1, 2} (3 rounds), high on {3, 4} (2 rounds): low deviation 2·(2/3)
    const s = adapTopKSchedule({ k: 4, iterations: 5, gamma: 0.5, turningPoint: 0 });
    expect([...s]).toEqual([3, 2, 3, 6, 6]);
    expect(sum(s)).toBe(20);
  });

  it('rounds a fractional γk by carrying the fractions', () => {
    expect([...adapTopKSchedule({ k: 7, iterations: 4, gamma: 0.5, turningPoint: 0 })]).toEqual([4, 3, 11, 10]);
  });

  it('refuses a γ whose low budget is below one coordinate, with the catalog message', () => {
    expect(() => adapTopKSchedule({ k: 1, iterations: 4, gamma: 0.5, turningPoint: 0 })).toThrow(adapTopKMessages.budgetBelowOne(1, 0.5, 0));
    expect(() => adapTopKSchedule({ k: 4, iterations: 4, gamma: 1, turningPoint: 0 })).toThrow(adapTopKMessages.gammaOutOfRange(1));
  });
});

describe('the AdapTop-K budget tuner', () => {
  const d = 50;
  const g = (t: number) => Float32Array.from({ length: d }, (_, i) => Math.sin(i * 1.7 + t) * (1 + i / d));

  it('drives TopK round by round, with and without error compensation, and the bits follow Σ k_t = kT', () => {
    for (const ec of [false, true]) {
      const tuner = new AdapTopK({ budget: { k: 4 }, iterations: 12, gamma: 0.5, turningPoint: 6 });
      const topk = new TopK(d, tuner);
      const c = ec ? new ErrorFeedback(topk) : topk;
      const ks: number[] = [];
      for (let t = 1; t <= 12; t++) {
        const m = c.compress(g(t), { iteration: t, worker: 0 });
        ks.push(m.kind === 'sparse' ? m.indices.length : d);
      }
      expect(ks).toEqual([6, 6, 6, 2, 2, 2, 2, 2, 2, 6, 6, 6]);
      expect(topk.bitsTotal).toBe(4 * 12 * 64);
      expect([...tuner.schedule!]).toEqual(ks);
      expect(tuner.turningPoint).toBe(6);
    }
  });

  it('declares its budget a function of the iteration alone (what gTop-k reads), the schedule above, refused outside it', () => {
    const tuner = new AdapTopK({ budget: { k: 4 }, iterations: 12, gamma: 0.5, turningPoint: 6 });
    expect(Array.from({ length: 12 }, (_, i) => tuner.iterationBudget(d, i + 1))).toEqual([6, 6, 6, 2, 2, 2, 2, 2, 2, 6, 6, 6]);
    expect(() => tuner.iterationBudget(d, 13)).toThrow(RangeError);
  });

  it('computes t̂ from given Lemma-3 constants or from the problem’s constants, and resolves a ratio budget against d', () => {
    const constants = { alpha: 1, beta: 1, B: 0.99 };
    const a = new AdapTopK({ budget: { k: 5 }, iterations: 40, constants });
    a.build(d);
    expect(a.turningPoint).toBe(turningPoint(constants));
    const problem = { learningRate: 0.1, initialLoss: 0.7, gradientVariance: 0.3, smoothness: 1, pl: 0.2 };
    const b = new AdapTopK({ budget: { ratio: 0.1 }, iterations: 40, problem });
    expect(b.name).toBe('adaptopk(ratio=0.1,γ=0.5,T=40)');
    b.build(d);
    expect(b.turningPoint).toBe(turningPoint(lemma3Constants({ ...problem, dim: d, k: 5 })));
    expect(sum(b.schedule!)).toBe(5 * 40);
  });

  it('maps the scheme’s iteration numbers (from 1 by default) to rounds and refuses one outside [first, first + T)', () => {
    const tuner = new AdapTopK({ budget: { k: 4 }, iterations: 4, turningPoint: 0, gamma: 0.5 });
    expect(tuner.budget(g(0), { iteration: 1, worker: 0 })).toBe(2);
    expect(tuner.budget(g(0), { iteration: 4, worker: 3 })).toBe(6);
    expect(() => tuner.budget(g(0), { iteration: 5, worker: 0 })).toThrow(adapTopKMessages.roundOutsideSchedule(5, 1, 4));
    const zero = new AdapTopK({ budget: { k: 4 }, iterations: 4, turningPoint: 0, gamma: 0.5, firstIteration: 0 });
    expect(zero.budget(g(0), { iteration: 0, worker: 0 })).toBe(2);
  });

  it('refuses a schedule whose high budget exceeds d', () => {
    const tuner = new AdapTopK({ budget: { k: 40 }, iterations: 4, turningPoint: 0, gamma: 0.5 });
    expect(() => tuner.build(d)).toThrow(adapTopKMessages.budgetAboveDim(40, 0.5, 60, d));
  });
});

describe('estimating σ² for Lemma 2', () => {
  it('is the unbiased sample variance of the gradients about their mean', () => {
    const gs = [Float32Array.of(1, 0), Float32Array.of(3, 0), Float32Array.of(2, 3)];
    // mean (2, 1); squared deviations 1 + 1, 1 + 1, 0 + 4 → 8 / (3 − 1)
    expect(estimateGradientVariance(gs)).toBeCloseTo(4, 12);
    expect(() => estimateGradientVariance([Float32Array.of(1)])).toThrow(adapTopKMessages.tooFewGradients(1));
  });
});
