import { describe, expect, it } from 'vitest';
import * as msg from '../../../src/learn/messages.js';
import {
  bidirectionalDistributedError,
  downlinkCompressionError,
  rhoHat,
  sparseAggregate,
  stepNorm,
  topKDense,
  topKDiagnostics,
  uplinkCompressionError,
  uplinkDistributedError,
  weightedSum,
  type TopKRound,
} from '../../../src/learn/diagnostics/index.js';

const f32 = (...xs: number[]) => Float32Array.from(xs);

describe('the §6.6 diagnostics of the bidirectional Top-K thesis (eqs. 6.3–6.7)', () => {
  // Alistarh et al.'s example, as the thesis retells it in §4.2: two nodes, d = 2, K = 1.
  const a = [f32(-1001, 500), f32(1001, 500)];
  const sum = [1, 1];

  it('gives Alistarh et al.’s example its distributed error: Top_1 of the sum keeps (0, 1000), the sum of Top_1 is (0, 0)', () => {
    expect(weightedSum(a, sum)).toEqual(f32(0, 1000));
    expect(sparseAggregate(a, sum, 1)).toEqual(f32(0, 0));
    expect(uplinkDistributedError(a, sum, 1)).toBe(1000); // eq. 6.6 numerator
    // "We can easily use this example for the bidirectional case": Top_1 of (0, 0) is (0, 0) too
    expect(bidirectionalDistributedError(f32(0, 0), a, sum, 1, 1)).toBe(1000); // eq. 6.3 numerator
  });

  it('divides by the step ‖α Σ p_q g^q‖ for ρ̂, with 0/0 = 0 and x/0 = ∞', () => {
    expect(stepNorm([f32(3, 0), f32(0, 4)], [1, 1])).toBe(5);
    expect(rhoHat(10, 5)).toBe(2);
    expect(rhoHat(0, 0)).toBe(0);
    expect(rhoHat(1, 0)).toBe(Infinity);
  });

  it('measures 1 − γ̂ as a ratio of norms, the worst worker on the uplink (eqs. 6.5, 6.7) and the server input on the downlink (eq. 6.4)', () => {
    // worker 0: a = (3, 4), Top_1 keeps 4: ‖(3, 0)‖/5 = 0.6; worker 1: a = (0, 2): nothing lost
    expect(uplinkCompressionError([f32(3, 4), f32(0, 2)], [0.5, 0.5], 1)).toBeCloseTo(0.6, 12);
    // p_q cancels
    expect(uplinkCompressionError([f32(3, 4)], [0.01], 1)).toBeCloseTo(0.6, 12);
    // downlink input x = δ + Σ p_q Top_1(a^q) = (1, 1) + ½(0, 4) + ½(0, 4) = (1, 5): Top_1 loses 1 of √26
    expect(downlinkCompressionError(f32(1, 1), [f32(3, 4), f32(0, 4)], [0.5, 0.5], 1, 1)).toBeCloseTo(1 / Math.sqrt(26), 12);
    // a zero vector loses nothing
    expect(uplinkCompressionError([f32(0, 0)], [1], 1)).toBe(0);
  });

  it('is 0 for a dense uplink (downlink-only, Algorithms 10–11): the benchmark update is the one applied', () => {
    const acc = [f32(0.3, -2, 1), f32(-0.1, 0.5, 4)];
    expect(bidirectionalDistributedError(f32(0.5, 0, -1), acc, [0.5, 0.5], 3, 1)).toBe(0);
    expect(uplinkCompressionError(acc, [0.5, 0.5], 3)).toBe(0);
  });

  it('picks the same coordinates as the TopK compressor (ties to the lower index)', () => {
    expect(topKDense(f32(1, -3, 3, 2), 1)).toEqual(f32(0, -3, 0, 0));
    expect(topKDense(f32(1, -3, 3, 2), 3)).toEqual(f32(0, -3, 3, 2));
  });

  it('combines a round from the scheme into ρ̂, its parts and both 1 − γ̂, and never mutates the round', () => {
    const round: TopKRound = {
      iteration: 7,
      stepSize: 0.1,
      weights: [1, 1],
      scaledGradients: [f32(-0.1, 0.05), f32(0.1, 0.05)],
      accumulators: a,
      uplinkBudgets: [1, 1],
      downlink: { memory: f32(0, 0), budget: 1 },
    };
    const copy = structuredClone(round);
    const d = topKDiagnostics(round);
    expect(d.iteration).toBe(7);
    expect(d.distributedError).toBe(1000);
    expect(d.stepNorm).toBe(Math.fround(0.1)); // ‖(0, 0.05 + 0.05)‖ in float32
    expect(d.rhoHat).toBe(1000 / Math.fround(0.1));
    expect(d.oneMinusGammaUplink).toBeCloseTo(500 / Math.hypot(1001, 500), 12);
    expect(d.oneMinusGammaDownlink).toBe(0); // the server input Σ Top_1 = (0, 0) loses nothing
    expect(round).toEqual(copy);
    const uplinkOnly = topKDiagnostics({ ...round, downlink: undefined });
    expect(uplinkOnly.oneMinusGammaDownlink).toBeNull();
    expect(uplinkOnly.distributedError).toBe(1000);
  });

  it('rejects mismatched inputs with the catalog messages', () => {
    expect(() => topKDense(f32(1, 2), 3)).toThrow(msg.budgetOutOfRange(3, 2));
    expect(() => weightedSum([f32(1, 2)], [1, 1])).toThrow(msg.dimensionMismatch('weights p_q', 2, 1));
    expect(() => weightedSum([f32(1, 2), f32(1)], [1, 1])).toThrow(msg.dimensionMismatch('vector of worker 1', 1, 2));
    expect(() => weightedSum([f32(1)], [0])).toThrow(msg.notPositive('weight p_0', 0));
    expect(() => weightedSum([], [])).toThrow(msg.notPositiveInteger('number of workers', 0));
  });
});
