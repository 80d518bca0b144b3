import { describe, expect, it } from 'vitest';
import * as msg from '../../../src/learn/messages.js';
import { makeThesisQuadratic, QuadraticModel } from '../../../src/learn/models/quadratic.js';
import { RandomStreams } from '../../../src/sim/random.js';
import { centralDifference, maxAbsDiff } from '../finite-difference.js';

const streams = new RandomStreams(11, 0);

/** Weights on the grid k/64, so that w ± 1/64 is exact in float32. */
function gridWeights(d: number, seed: string): Float32Array {
  const s = streams.stream(seed);
  return Float32Array.from({ length: d }, () => Math.round(s.normal(0, 8) * 64) / 64);
}

describe('QuadraticModel', () => {
  it('reproduces the thesis example: w* = 16/3·𝟙 and F* = 6100/9 (d = 100, centres 1, 5, 10)', () => {
    const model = makeThesisQuadratic();
    expect(model.dim).toBe(100);
    expect(model.nTrain).toBe(3);
    const opt = model.optimum;
    for (const v of opt.w) expect(v).toBeCloseTo(16 / 3, 6);
    expect(opt.loss).toBeCloseTo(6100 / 9, 9);
    expect(model.loss(opt.w)).toBeCloseTo(6100 / 9, 6);
    // From w₀ = 0: F(0) = ⅓·½·100·(1² + 5² + 10²) = 2100.
    const w0 = model.init();
    expect([...w0].every((v) => v === 0)).toBe(true);
    expect(model.loss(w0)).toBeCloseTo(2100, 9);
  });

  it('gives worker q the gradient w − c_q, and partitions worker q to index q', () => {
    const model = makeThesisQuadratic();
    expect(model.parts.map((p) => [...p])).toEqual([[0], [1], [2]]);
    const w = gridWeights(100, 'w/per-worker');
    for (const [q, level] of [
      [0, 1],
      [1, 5],
      [2, 10],
    ] as const) {
      const g = model.gradient(w, [q]);
      for (let j = 0; j < 100; j++) expect(g[j]).toBe(Math.fround((w[j] as number) - level));
    }
  });

  it('averages a batch, counting repeats: gradient(w, [0, 2, 2]) = w − (1 + 10 + 10)/3', () => {
    const model = makeThesisQuadratic({ d: 4 });
    const w = Float32Array.of(0, 1, 2, 3);
    const g = model.gradient(w, [0, 2, 2]);
    expect(
      maxAbsDiff(
        g,
        [...w].map((v) => v - 7),
      ),
    ).toBeLessThan(1e-6);
  });

  it('full gradient and the all-workers batch gradient agree with central differences of F', () => {
    // F is quadratic, so the central difference is exact up to float64 rounding of F
    // (≈ 1e-16·F/h ≈ 1e-11 here); the gradients are float32, rounded to ~1e-6 at |w − c| ≈ 30.
    const centres = [0, 1, 2, 3].map((q) => gridWeights(20, `centre/${q}`));
    const model = new QuadraticModel(centres);
    const w = gridWeights(20, 'w/fd');
    const fd = centralDifference((x) => model.loss(Float32Array.from(x)), w, 1 / 64);
    expect(maxAbsDiff(model.fullGradient(w), fd)).toBeLessThan(1e-5);
    expect(maxAbsDiff(model.gradient(w, [0, 1, 2, 3]), fd)).toBeLessThan(1e-5);
  });

  it('has F(w) − F* = ½‖w − w*‖² and smoothness L = 1', () => {
    const model = makeThesisQuadratic({ d: 10 });
    const w = gridWeights(10, 'w/gap');
    let half = 0;
    for (const v of w) half += 0.5 * (v - 16 / 3) ** 2;
    expect(model.loss(w) - model.optimum.loss).toBeCloseTo(half, 9);
    expect(model.smoothness()).toBe(1);
    expect(model.flopsPerSample).toBe(20);
  });

  it('rejects centres of different lengths, bad indices and wrong-length weights', () => {
    expect(() => new QuadraticModel([[1, 2], [3]])).toThrow(msg.dimensionMismatch('centre 1', 1, 2));
    const model = makeThesisQuadratic({ d: 3 });
    expect(() => model.gradient(new Float32Array(3), [3])).toThrow(msg.indexOutOfRange(3, 3));
    expect(() => model.loss(new Float32Array(2))).toThrow(msg.dimensionMismatch('weights', 2, 3));
  });
});
