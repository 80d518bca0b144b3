import { describe, expect, it } from 'vitest';
import { makeSyntheticLogistic, type SyntheticLogisticOptions } from '../../../src/learn/data/synthetic-logistic.js';
import * as msg from '../../../src/learn/messages.js';
import { RandomStreams } from '../../../src/sim/random.js';

const options: SyntheticLogisticOptions = { nTrain: 400, nTest: 100, d: 50 };
const make = (seed: number, opts = options) => makeSyntheticLogistic(opts, new RandomStreams(seed, 0).stream('data'));

describe('makeSyntheticLogistic', () => {
  it('has the requested shapes and ±1 labels', () => {
    const data = make(1);
    expect(data.xTrain).toHaveLength(400 * 50);
    expect(data.yTrain).toHaveLength(400);
    expect(data.xTest).toHaveLength(100 * 50);
    expect(data.yTest).toHaveLength(100);
    expect(data.wTrue).toHaveLength(50);
    for (const y of [...data.yTrain, ...data.yTest]) expect(Math.abs(y)).toBe(1);
  });

  it('is identical for the same seed', () => {
    const a = make(7);
    const b = make(7);
    expect(b.xTrain).toEqual(a.xTrain);
    expect(b.yTrain).toEqual(a.yTrain);
    expect(b.xTest).toEqual(a.xTest);
    expect(b.yTest).toEqual(a.yTest);
    expect(b.wTrue).toEqual(a.wTrue);
  });

  it('differs across seeds', () => {
    const a = make(7);
    const b = make(8);
    expect(b.xTrain).not.toEqual(a.xTrain);
    expect(b.wTrue).not.toEqual(a.wTrue);
  });

  it('keeps the test set when only nTrain changes', () => {
    const a = make(3);
    const b = make(3, { ...options, nTrain: 800 });
    expect(b.xTest).toEqual(a.xTest);
    expect(b.yTest).toEqual(a.yTest);
  });

  it('scales features by 1/√d', () => {
    const d = 200;
    const data = make(5, { nTrain: 2000, nTest: 10, d });
    let sq = 0;
    for (const v of data.xTrain) sq += v * v;
    expect((sq / data.xTrain.length) * d).toBeCloseTo(1, 1); // E[x_j²] = 1/d
  });

  it('draws labels from σ(x·w_true): agreement with sign(x·w_true) is the Bayes accuracy', () => {
    const d = 100;
    // Bayes accuracy E[σ(|z|)], z ~ N(0, weightStd²): 0.675 at 1, 0.871 at 4.
    for (const [weightStd, bayes] of [
      [1, 0.675],
      [4, 0.871],
    ] as const) {
      const data = make(5, { nTrain: 8000, nTest: 10, d, weightStd });
      let agree = 0;
      for (let i = 0; i < data.nTrain; i++) {
        let m = 0;
        for (let j = 0; j < d; j++) m += (data.xTrain[i * d + j] as number) * (data.wTrue[j] as number);
        if ((m >= 0 ? 1 : -1) === data.yTrain[i]) agree++;
      }
      // ±4 binomial standard deviations, plus slack for ‖w_true‖²/d ≠ weightStd².
      expect(Math.abs(agree / data.nTrain - bayes)).toBeLessThan(0.03);
    }
  });

  it('rejects non-integer sizes with the catalog message', () => {
    expect(() => make(1, { ...options, d: 0 })).toThrow(msg.notPositiveInteger('d', 0));
    expect(() => make(1, { ...options, weightStd: 0 })).toThrow(msg.notPositive('weightStd', 0));
  });

  it('with density < 1 gives every sample exactly round(density·d) non-zeros at varying positions, scaled so ‖x‖² ≈ 1', () => {
    const d = 200;
    const data = make(9, { nTrain: 500, nTest: 20, d, density: 0.05 });
    const positions = new Set<number>();
    let sq = 0;
    for (let i = 0; i < data.nTrain; i++) {
      let nnz = 0;
      for (let j = 0; j < d; j++) {
        const v = data.xTrain[i * d + j] as number;
        if (v !== 0) {
          nnz++;
          positions.add(j);
          sq += v * v;
        }
      }
      expect(nnz).toBe(10);
    }
    expect(positions.size).toBe(d); // 500 random 10-subsets of 200 cover every feature
    expect(sq / data.nTrain).toBeCloseTo(1, 1);
    for (const y of data.yTrain) expect(Math.abs(y)).toBe(1);
  });

  it('keeps at least one non-zero per sample, and density 1 draws exactly the dense data', () => {
    const tiny = make(2, { nTrain: 50, nTest: 5, d: 30, density: 0.001 });
    for (let i = 0; i < 50; i++) expect(tiny.xTrain.subarray(i * 30, (i + 1) * 30).filter((v) => v !== 0)).toHaveLength(1);
    const dense = make(4);
    const one = make(4, { ...options, density: 1 });
    expect(one.xTrain).toEqual(dense.xTrain);
    expect(one.yTrain).toEqual(dense.yTrain);
    expect(() => make(1, { ...options, density: 0 })).toThrow(msg.notInUnitInterval('density', 0));
  });

  it('sparse labels still follow σ(x·w_true): the margin has std ≈ weightStd', () => {
    const d = 100;
    const data = make(6, { nTrain: 4000, nTest: 10, d, weightStd: 4, density: 0.1 });
    let agree = 0;
    let m2 = 0;
    for (let i = 0; i < data.nTrain; i++) {
      let m = 0;
      for (let j = 0; j < d; j++) m += (data.xTrain[i * d + j] as number) * (data.wTrue[j] as number);
      m2 += m * m;
      if ((m >= 0 ? 1 : -1) === data.yTrain[i]) agree++;
    }
    // E[m²] = ‖w_true‖²/d ≈ 16 (±14% for d = 100 weights); Bayes accuracy at weightStd 4 ≈ 0.871.
    expect(Math.sqrt(m2 / data.nTrain)).toBeGreaterThan(3.3);
    expect(Math.sqrt(m2 / data.nTrain)).toBeLessThan(4.7);
    expect(Math.abs(agree / data.nTrain - 0.871)).toBeLessThan(0.04);
  });
});
