import { describe, expect, it } from 'vitest';
import * as msg from '../../src/learn/messages.js';
import { makeThesisQuadratic } from '../../src/learn/models/quadratic.js';
import { oneOverL, oneOverLSchedule, rateAt, type Schedule } from '../../src/learn/schedule.js';

describe('rateAt', () => {
  it('constant: η_t = η', () => {
    expect([0, 1, 1000].map((t) => rateAt({ kind: 'constant', rate: 0.1 }, t))).toEqual([0.1, 0.1, 0.1]);
  });

  it('step: multiplies by the factor every `every` iterations', () => {
    const s: Schedule = { kind: 'step', rate: 1, factor: 0.5, every: 10 };
    expect([0, 9, 10, 19, 20, 35].map((t) => rateAt(s, t))).toEqual([1, 1, 0.5, 0.5, 0.25, 0.125]);
  });

  it('inverse-time: η/(1 + βt)', () => {
    const s: Schedule = { kind: 'inverse-time', rate: 0.3, decay: 0.5 };
    expect(rateAt(s, 0)).toBe(0.3);
    expect(rateAt(s, 2)).toBeCloseTo(0.15, 15);
    expect(rateAt(s, 10)).toBeCloseTo(0.05, 15);
  });

  it('cosine: falls from η to minRate over the horizon, half-way at T/2, then stays', () => {
    const s: Schedule = { kind: 'cosine', rate: 1, horizon: 100, minRate: 0.1 };
    expect(rateAt(s, 0)).toBe(1);
    expect(rateAt(s, 50)).toBeCloseTo(0.55, 12);
    expect(rateAt(s, 25)).toBeCloseTo(0.1 + 0.45 * (1 + Math.SQRT1_2), 12);
    expect(rateAt(s, 100)).toBeCloseTo(0.1, 12);
    expect(rateAt(s, 500)).toBeCloseTo(0.1, 12);
    expect(rateAt({ kind: 'cosine', rate: 2, horizon: 4 }, 4)).toBeCloseTo(0, 15);
  });

  it('rejects bad parameters and iterations with catalog messages', () => {
    expect(() => rateAt({ kind: 'constant', rate: 0 }, 0)).toThrow(msg.notPositive('rate', 0));
    expect(() => rateAt({ kind: 'step', rate: 1, factor: 1.5, every: 1 }, 0)).toThrow(msg.notInUnitInterval('factor', 1.5));
    expect(() => rateAt({ kind: 'cosine', rate: 1, horizon: 10, minRate: 2 }, 0)).toThrow(msg.minRateOutOfRange(2, 1));
    expect(() => rateAt({ kind: 'constant', rate: 1 }, -1)).toThrow(msg.badIteration(-1));
    expect(() => rateAt({ kind: 'linear', rate: 1 } as unknown as Schedule, 0)).toThrow(msg.unknownSchedule('linear'));
  });
});

describe('1/L helpers', () => {
  it('give multiple/L, and a constant schedule from a model’s smoothness', () => {
    expect(oneOverL(4)).toBe(0.25);
    expect(oneOverL(4, 0.5)).toBe(0.125);
    expect(oneOverLSchedule(makeThesisQuadratic({ d: 3 }))).toEqual({ kind: 'constant', rate: 1 });
    expect(() => oneOverLSchedule({ name: 'mlp' })).toThrow(msg.noSmoothness('mlp'));
    expect(() => oneOverL(0)).toThrow(msg.notPositive('smoothness L', 0));
  });
});
