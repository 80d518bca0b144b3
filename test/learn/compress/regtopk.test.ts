import { describe, expect, it } from 'vitest';
import { addMessage, toDense } from '../../../src/learn/compress/accumulate.js';
import type { SparseMessage } from '../../../src/learn/compress/compressor.js';
import { ErrorFeedback } from '../../../src/learn/compress/error-feedback.js';
import {
  RegTopK,
  aggregateObserverOf,
  isAggregateObserver,
  posteriorDistortion,
  regTopKWithErrorFeedback,
  regularizedAccumulator,
  type PreviousSelection,
} from '../../../src/learn/compress/regtopk.js';
import * as regMsg from '../../../src/learn/compress/regtopk-messages.js';
import { TopK } from '../../../src/learn/compress/topk.js';
import * as msg from '../../../src/learn/messages.js';
import { RandomStreams } from '../../../src/sim/random.js';

const streams = new RandomStreams(23, 0);
const vec = (...xs: number[]) => Float32Array.from(xs);
const sparse = (m: ReturnType<RegTopK['compress']>) => m as SparseMessage;

/**
 * The worked example of these tests (d = 4, k = 2, ω = ½, μ = 1, Q = 1e8):
 * t = 0 sends entries 0 and 1 of a⁰ = [4, −3, 1, 0.5]; the other worker sent
 * −4 and −3 there, so g⁰ = [0, −3, ·, ·] — entry 0 cancelled (the §3.2
 * discussion's case), entry 1 added up.
 */
const A0 = vec(4, -3, 1, 0.5);
const G0 = vec(0, -3, 0.2, 0);
const PREVIOUS: PreviousSelection = { indices: Int32Array.of(0, 1), sent: vec(4, -3), aggregate: vec(0, -3) };

describe('RegTop-k selection (Algorithm 1 lines 1, 5–7)', () => {
  it('sends plain Top-k first (line 1): the same message and bits as TopK', () => {
    const reg = new RegTopK(4, { k: 2 }, { weight: 0.5 });
    const top = new TopK(4, { k: 2 });
    const m = sparse(reg.compress(A0));
    const t = sparse(top.compress(A0));
    expect(m.indices).toEqual(Int32Array.of(0, 1));
    expect(m.values).toEqual(vec(4, -3));
    expect(m.bits).toBe(t.bits);
    expect(m.bits).toBe(2 * 64);
    expect(reg.awaitingAggregate).toBe(true);
    expect(reg.previous).toBeUndefined();
  });

  it('damps an entry whose previous aggregate cancelled to zero: Δ = −1 (§3.2 discussion)', () => {
    // a¹ = a⁰ on the cancelled entry: Δ = (0 − ½·4)/(½·4) = −1, tanh(0) = 0.
    const a1 = vec(4, -1, 0.9, 0.5);
    const delta = posteriorDistortion(a1, PREVIOUS, { q: 1e8, weight: 0.5 });
    expect(delta[0]).toBe(-1);
    expect(delta[1]).toBe((-3 - 0.5 * -3) / (0.5 * -1)); // 3
    expect(delta[2]).toBe(1e8);
    expect(delta[3]).toBe(1e8);

    const reg = new RegTopK(4, { k: 2 }, { weight: 0.5, mu: 1, q: 1e8 });
    reg.compress(A0);
    reg.observeAggregate(G0);
    const m = sparse(reg.compress(a1));
    // Top-2 of a¹ would be {0, 1}; RegTop-2 drops the cancelled entry 0.
    expect(m.indices).toEqual(Int32Array.of(1, 2));
    expect(m.values).toEqual(vec(-1, 0.9)); // line 7: the accumulated values, not the scores
  });

  it('computes ã = a ⊙ tanh(|1 + Δ|/μ) (eq. 16) by hand, for both denominators', () => {
    const a1 = vec(2, -1, 0.9, 0.5);
    const params = { mu: 1, q: 1e8, weight: 0.5 };
    // current (Algorithm 1): entry 0: |½·2 + (0 − ½·4)| / |½·2| = 1; entry 1: |−½ + (−3 + 3/2)| / ½ = 4.
    expect(regularizedAccumulator(a1, PREVIOUS, params)).toEqual(vec(2 * Math.tanh(1), -1 * Math.tanh(4), 0.9, 0.5));
    // previous (the authors' code): entry 0: |0| / |½·4| = 0; entry 1: |−3| / |½·(−3)| = 2.
    expect(regularizedAccumulator(a1, PREVIOUS, { ...params, denominator: 'previous' })).toEqual(vec(0, -1 * Math.tanh(2), 0.9, 0.5));
    // μ scales the argument of tanh; Q sets the factor of entries not sent last time.
    expect(regularizedAccumulator(a1, PREVIOUS, { mu: 4, q: 1, weight: 0.5 })).toEqual(vec(2 * Math.tanh(1 / 4), -1 * Math.tanh(4 / 4), Math.fround(0.9) * Math.tanh(2 / 4), 0.5 * Math.tanh(2 / 4)));
    // No previous selection (t = 0): a itself.
    expect(regularizedAccumulator(a1, undefined, params)).toEqual(a1);

    const select = (denominator: 'current' | 'previous') => {
      const reg = new RegTopK(4, { k: 2 }, { weight: 0.5, denominator });
      reg.compress(A0);
      reg.observeAggregate(G0);
      return sparse(reg.compress(a1)).indices;
    };
    expect(select('current')).toEqual(Int32Array.of(0, 1)); // 2·tanh(1) = 1.52 still beats 0.9
    expect(select('previous')).toEqual(Int32Array.of(1, 2));
  });

  it('gives 0 where a_n^t = 0 on the previous selection, and treats a sent 0 as unsent with denominator previous', () => {
    const prev: PreviousSelection = { indices: Int32Array.of(0, 1), sent: vec(0, 2), aggregate: vec(1, 0) };
    const a = vec(3, 0, 1, 1);
    const current = regularizedAccumulator(a, prev, { mu: 1, q: 1e8, weight: 1 });
    expect(current[1]).toBe(0);
    expect(Number.isFinite(posteriorDistortion(a, prev, { q: 1e8, weight: 1 })[1])).toBe(false);
    const previous = regularizedAccumulator(a, prev, { mu: 1, q: 1, weight: 1, denominator: 'previous' });
    expect(previous[0]).toBe(Math.fround(3 * Math.tanh(2))); // sent 0: Δ = Q = 1
    expect(posteriorDistortion(a, prev, { q: 1, weight: 1, denominator: 'previous' })[0]).toBe(1);
  });

  it('becomes Top-k as μ → 0 (§3.2, extreme case 1)', () => {
    const d = 50;
    const s = streams.stream('mu-to-zero');
    const reg = new ErrorFeedback(new RegTopK(d, { k: 7 }, { weight: 0.25, mu: 1e-300 }));
    const top = new ErrorFeedback(new TopK(d, { k: 7 }));
    for (let t = 0; t < 30; t++) {
      const g = Float32Array.from({ length: d }, () => s.normal());
      const m = sparse(reg.compress(g));
      expect(m.indices).toEqual(sparse(top.compress(g)).indices);
      aggregateObserverOf(reg)!.observeAggregate(Float32Array.from({ length: d }, () => s.normal()));
    }
  });

  it('with error feedback equals a line-by-line transcription of Algorithm 1 for three workers', () => {
    const d = 30;
    const k = 6;
    const N = 3;
    const omega = 1 / N;
    const mu = 0.7;
    const q = 0.3; // tanh(1.3/0.7) < 1: unsent entries are regularized too
    const s = streams.stream('algorithm-1');
    const workers = Array.from({ length: N }, () => regTopKWithErrorFeedback(d, { k }, { weight: omega, mu, q }));
    // Reference state, float64: ε_n, a_n^{t−1}, s_n^{t−1}, g^{t−1}.
    const eps = Array.from({ length: N }, () => new Float64Array(d));
    const aPrev = Array.from({ length: N }, () => new Float64Array(d));
    const sPrev = Array.from({ length: N }, () => new Float64Array(d));
    let gPrev = new Float64Array(d);
    for (let t = 0; t < 25; t++) {
      const agg = new Float32Array(d);
      const gRef = new Float64Array(d);
      for (let n = 0; n < N; n++) {
        const g = Float32Array.from({ length: d }, () => s.normal(0, 1 + n));
        const a = Float64Array.from(g, (v, j) => v + (eps[n]![j] as number)); // line 4
        const ranked = Float64Array.from(a, (aj, j) => {
          if (t === 0) return aj; // line 1
          const delta = sPrev[n]![j] === 1 ? ((gPrev[j] as number) - omega * (aPrev[n]![j] as number)) / (omega * aj) : q; // line 5
          return aj * Math.tanh(Math.abs(1 + delta) / mu); // line 6
        });
        const order = Array.from({ length: d }, (_, j) => j).sort((x, y) => Math.abs(ranked[y]!) - Math.abs(ranked[x]!) || x - y);
        const chosen = order.slice(0, k).sort((x, y) => x - y);
        const m = sparse(workers[n]!.compress(g, { iteration: t, worker: n }));
        expect(Array.from(m.indices)).toEqual(chosen);
        sPrev[n]!.fill(0);
        for (const j of chosen) {
          sPrev[n]![j] = 1;
          gRef[j] = (gRef[j] as number) + omega * (a[j] as number); // line 7 and eq. 1
        }
        for (let j = 0; j < d; j++) eps[n]![j] = sPrev[n]![j] === 1 ? 0 : (a[j] as number); // line 8
        aPrev[n] = a;
        addMessage(agg, m, omega);
      }
      for (let j = 0; j < d; j++) expect(agg[j]).toBeCloseTo(gRef[j] as number, 4);
      for (const w of workers) aggregateObserverOf(w)!.observeAggregate(agg);
      gPrev = gRef;
    }
  });

  it('sends values verbatim, so error feedback conserves exactly (sent + residual = a)', () => {
    const d = 64;
    const s = streams.stream('conserve');
    const c = regTopKWithErrorFeedback(d, { ratio: 0.1 }, { weight: 0.5 });
    for (let t = 0; t < 10; t++) {
      const g = Float32Array.from({ length: d }, () => s.normal());
      const before = c.memory();
      const sent = toDense(c.compress(g));
      const after = c.memory();
      for (let i = 0; i < d; i++) expect(Math.fround((sent[i] as number) + (after[i] as number))).toBe(Math.fround((g[i] as number) + (before[i] as number)));
      aggregateObserverOf(c)!.observeAggregate(Float32Array.from({ length: d }, () => s.normal()));
    }
  });

  it('does not mutate its inputs', () => {
    const reg = new RegTopK(4, { k: 2 }, { weight: 0.5 });
    const a0 = A0.slice();
    reg.compress(a0);
    const g0 = G0.slice();
    reg.observeAggregate(g0);
    const a1 = vec(4, -1, 0.9, 0.5);
    reg.compress(a1);
    expect(a0).toEqual(A0);
    expect(g0).toEqual(G0);
    expect(a1).toEqual(vec(4, -1, 0.9, 0.5));
  });

  it('prices like Top-k: 64 bits per coordinate, 96 with 64-bit values', () => {
    const reg = new RegTopK(10, { k: 3 }, { weight: 1, precision: 64 });
    expect(reg.compress(Float32Array.from({ length: 10 }, (_, i) => i)).bits).toBe(3 * 96);
  });
});

describe('RegTop-k state and lifecycle', () => {
  it('remembers S^{t−1}, the sent values and g^{t−1} there, and forgets them on reset()', () => {
    const reg = new RegTopK(4, { k: 2 }, { weight: 0.5 });
    reg.compress(A0);
    reg.observeAggregate(G0);
    expect(reg.previous).toEqual(PREVIOUS);
    expect(reg.awaitingAggregate).toBe(false);
    reg.reset();
    expect(reg.previous).toBeUndefined();
    // After reset the next message is plain Top-k again, and needs no aggregate.
    expect(sparse(reg.compress(vec(4, -1, 0.9, 0.5))).indices).toEqual(Int32Array.of(0, 1));
  });

  it('refuses to compress again before the aggregate of its previous message arrived', () => {
    const reg = new RegTopK(4, { k: 2 }, { weight: 0.5 });
    reg.compress(A0, { iteration: 1, worker: 0 });
    expect(() => reg.compress(A0, { iteration: 2, worker: 0 })).toThrow(regMsg.regTopKMissingAggregate(2));
  });

  it('refuses an aggregate before the first message, twice for one message, of the wrong length, or not finite', () => {
    const reg = new RegTopK(4, { k: 2 }, { weight: 0.5 });
    expect(() => reg.observeAggregate(G0)).toThrow(regMsg.regTopKUnexpectedAggregate('before-first-message'));
    reg.compress(A0);
    expect(() => reg.observeAggregate(vec(1, 2))).toThrow(msg.dimensionMismatch('aggregate', 2, 4));
    expect(() => reg.observeAggregate(vec(Number.NaN, 0, 0, 0))).toThrow(regMsg.regTopKNonFiniteAggregate(0, Number.NaN));
    reg.observeAggregate(vec(0, 0, Number.NaN, 0)); // entry 2 was not sent: not read
    expect(() => reg.observeAggregate(G0)).toThrow(regMsg.regTopKUnexpectedAggregate('twice'));
  });

  it('rejects μ, Q, ω that are not positive and an unknown denominator, with the catalog message', () => {
    expect(() => new RegTopK(4, { k: 1 }, { weight: 0.5, mu: 0 })).toThrow(msg.notPositive('mu', 0));
    expect(() => new RegTopK(4, { k: 1 }, { weight: 0.5, q: -1 })).toThrow(msg.notPositive('q', -1));
    expect(() => new RegTopK(4, { k: 1 }, { weight: Number.POSITIVE_INFINITY })).toThrow(msg.notPositive('weight', Number.POSITIVE_INFINITY));
    expect(() => new RegTopK(4, { k: 1 }, { weight: 1, denominator: 'next' as 'current' })).toThrow(msg.optionInvalid('denominator', 'next', ['current', 'previous']));
    expect(() => new RegTopK(4, { k: 5 }, { weight: 1 })).toThrow(msg.budgetOutOfRange(5, 4));
  });

  it('defaults: μ = 1, Q = 1e8, denominator current; names say which denominator', () => {
    const reg = new RegTopK(4, { k: 1 }, { weight: 0.25 });
    expect([reg.mu, reg.q, reg.weight, reg.denominator, reg.name]).toEqual([1, 1e8, 0.25, 'current', 'regtopk']);
    expect(new RegTopK(4, { k: 1 }, { weight: 1, denominator: 'previous' }).name).toBe('regtopk(previous)');
    expect(regTopKWithErrorFeedback(4, { k: 1 }, { weight: 1 }).name).toBe('ef(regtopk)');
  });

  it('is found through an error-feedback wrapper; other compressors observe nothing', () => {
    const inner = new RegTopK(4, { k: 1 }, { weight: 1 });
    expect(aggregateObserverOf(inner)).toBe(inner);
    expect(aggregateObserverOf(new ErrorFeedback(inner))).toBe(inner);
    expect(aggregateObserverOf(new TopK(4, { k: 1 }))).toBeUndefined();
    expect(aggregateObserverOf(new ErrorFeedback(new TopK(4, { k: 1 })))).toBeUndefined();
    expect(isAggregateObserver(null)).toBe(false);
  });
});
