import { describe, expect, it } from 'vitest';
import { FixedBudget, isBudgetTuner, resolveBudget, type BudgetContext, type BudgetTuner } from '../../../src/learn/compress/budget.js';
import { TopK } from '../../../src/learn/compress/topk.js';
import { TopKSign } from '../../../src/learn/compress/topk-sign.js';
import { Encoding } from '../../../src/learn/encoding/encoding.js';
import * as msg from '../../../src/learn/messages.js';

/** Records what it was shown and returns a scripted budget. */
class Spy implements BudgetTuner {
  readonly name = 'spy';
  seen: { g: Float32Array; context: BudgetContext }[] = [];
  constructor(private readonly pick: (g: Float32Array, context: BudgetContext) => number) {}
  budget(g: Float32Array, context: BudgetContext): number {
    this.seen.push({ g: g.slice(), context });
    return this.pick(g, context);
  }
}

describe('FixedBudget', () => {
  it('declares its budget a function of the iteration alone: the resolved k for the dimension, every iteration', () => {
    expect(new FixedBudget({ k: 7 }).iterationBudget(100)).toBe(7);
    expect(new FixedBudget({ ratio: 0.05 }).iterationBudget(1000)).toBe(50);
    expect(new FixedBudget({ ratio: 0.001 }).iterationBudget(10)).toBe(1);
  });

  it('returns k, or ⌈ratio·d⌉ for the vector at hand, and names itself', () => {
    expect(new FixedBudget({ k: 3 }).budget(new Float32Array(10))).toBe(3);
    expect(new FixedBudget({ ratio: 0.07 }).budget(new Float32Array(100))).toBe(7);
    expect(new FixedBudget({ k: 3 }).name).toBe('fixed(k=3)');
    expect(new FixedBudget({ ratio: 0.5 }).name).toBe('fixed(ratio=0.5)');
    expect(resolveBudget({ ratio: 0.0015 }, 1000)).toBe(2);
  });

  it('rejects a non-positive k or a ratio outside (0, 1] when built', () => {
    expect(() => new FixedBudget({ k: 0 })).toThrow(msg.notPositiveInteger('budget k', 0));
    expect(() => new FixedBudget({ ratio: 1.5 })).toThrow(msg.ratioOutOfRange(1.5));
  });

  it('is told apart from a plain budget', () => {
    expect(isBudgetTuner(new FixedBudget({ k: 1 }))).toBe(true);
    expect(isBudgetTuner({ k: 1 })).toBe(false);
  });
});

describe('budget tuners in a compressor', () => {
  it('see the vector, the iteration, the worker, the scheme’s cost and the exact payload bits of each k', () => {
    const cost = (k: number) => 100 + k;
    const spy = new Spy((_g, c) => 1 + (c.iteration % 3));
    const c = new TopK(1024, spy, { encoding: new Encoding({ indices: 'packed' }) });
    const g = Float32Array.from({ length: 1024 }, (_, i) => Math.sin(i));
    const out = c.compress(g, { iteration: 4, worker: 2, cost });
    const seen = spy.seen[0]!;
    expect(seen.g).toEqual(g);
    expect(seen.context.iteration).toBe(4);
    expect(seen.context.worker).toBe(2);
    expect(seen.context.cost?.(5)).toBe(105);
    expect(seen.context.dim).toBe(1024);
    expect(out.values.length).toBe(2);
    expect(c.k).toBe(2);
    // P(k) under packed fp32: k(⌈log2 d⌉ + 32), equal to the real message bits.
    expect(seen.context.payloadBits?.(2)).toBe(out.bits);
    expect(seen.context.payloadBits?.(7)).toBe(7 * (10 + 32));
  });

  it('price sign-scale messages for the tuner as CAT’s P^SQ(T) plus the sign bits', () => {
    const spy = new Spy(() => 3);
    const c = new TopKSign(1000, spy, { encoding: new Encoding({ indices: 'packed' }) });
    const out = c.compress(Float32Array.from({ length: 1000 }, (_, i) => i - 500));
    expect(spy.seen[0]!.context.payloadBits?.(3)).toBe(out.bits);
    expect(out.bits).toBe(32 + 3 * 10 + 3);
  });

  it('without a context, count iterations from 0 on the compressor’s own messages, worker 0', () => {
    const spy = new Spy(() => 1);
    const c = new TopK(4, spy);
    c.compress(Float32Array.from([1, 2, 3, 4]));
    c.compress(Float32Array.from([1, 2, 3, 4]));
    expect(spy.seen.map((s) => [s.context.iteration, s.context.worker])).toEqual([
      [0, 0],
      [1, 0],
    ]);
  });

  it('reject a tuner’s budget outside [1, d] with the catalog message', () => {
    const c = new TopK(8, new Spy(() => 9));
    expect(() => c.compress(new Float32Array(8))).toThrow(msg.tunerBudgetOutOfRange('spy', 9, 8));
    const half = new TopK(8, new Spy(() => 2.5));
    expect(() => half.compress(new Float32Array(8))).toThrow(msg.tunerBudgetOutOfRange('spy', 2.5, 8));
  });

  it('can be swapped with setBudget', () => {
    const c = new TopK(8, { k: 4 });
    c.setBudget(new Spy(() => 2));
    expect(c.compress(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8])).values).toEqual(Float32Array.from([7, 8]));
  });
});
