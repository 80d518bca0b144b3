import { describe, expect, it } from 'vitest';
import { makeRegTopkLinear } from '../../../src/learn/data/linear-regression.js';
import * as msg from '../../../src/learn/messages.js';
import { RandomStreams } from '../../../src/sim/random.js';

const make = (seed: number, options = {}) => makeRegTopkLinear(options, new RandomStreams(seed, 0).stream('data'));

describe('makeRegTopkLinear', () => {
  it("defaults to the paper's §4.1 sizes: 20 workers × 500 points, J = 100, stored worker by worker", () => {
    const data = make(1);
    expect(data.workers).toBe(20);
    expect(data.nTrain).toBe(10_000);
    expect(data.d).toBe(100);
    expect(data.xTrain).toHaveLength(10_000 * 100);
    expect(data.yTrain).toHaveLength(10_000);
    expect(data.parts).toHaveLength(20);
    expect([...(data.parts[3] as Int32Array)]).toEqual(Array.from({ length: 500 }, (_, i) => 1500 + i));
    expect(data.workerMeans).toHaveLength(20);
    expect(data.truths).toHaveLength(20);
  });

  it('is identical for the same seed and differs across seeds', () => {
    const options = { workers: 3, samplesPerWorker: 20, d: 5 };
    expect(make(4, options).yTrain).toEqual(make(4, options).yTrain);
    expect(make(5, options).yTrain).not.toEqual(make(4, options).yTrain);
  });

  it('labels by y = xᵀt_n + ε with noise variance ϵ = 0.5 and standard-normal inputs', () => {
    const data = make(2, { workers: 4, samplesPerWorker: 2000, d: 10 });
    let sq = 0;
    let xs = 0;
    for (let n = 0; n < 4; n++) {
      const t = data.truths[n] as Float32Array;
      for (const i of data.parts[n] as Int32Array) {
        let m = 0;
        for (let j = 0; j < 10; j++) {
          const x = data.xTrain[i * 10 + j] as number;
          m += x * (t[j] as number);
          xs += x * x;
        }
        sq += ((data.yTrain[i] as number) - m) ** 2;
      }
    }
    // 8000 residuals: the variance estimate has relative std √(2/8000) ≈ 1.6%.
    expect(sq / 8000).toBeCloseTo(0.5, 1);
    expect(xs / 80_000).toBeCloseTo(1, 1);
  });

  it('draws t_n[j] ~ N(u_n, h² = 1) around one scalar mean u_n ~ N(U = 0, σ² = 5) per worker', () => {
    const data = make(3, { workers: 400, samplesPerWorker: 1, d: 50 });
    let spread = 0;
    let meanSq = 0;
    for (let n = 0; n < 400; n++) {
      const u = data.workerMeans[n] as number;
      meanSq += u * u;
      for (const t of data.truths[n] as Float32Array) spread += (t - u) ** 2;
    }
    expect(spread / (400 * 50)).toBeCloseTo(1, 1); // h², 20 000 draws
    expect(meanSq / 400).toBeGreaterThan(4); // σ² = 5 from 400 draws: ±0.35 std
    expect(meanSq / 400).toBeLessThan(6);
  });

  it("draws one mean per coordinate with workerMean 'vector'", () => {
    const data = make(3, { workers: 2, samplesPerWorker: 1, d: 7, workerMean: 'vector' });
    expect(data.workerMeans).toHaveLength(14);
  });

  it('rejects bad sizes and variances with catalog messages', () => {
    expect(() => make(1, { workers: 0 })).toThrow(msg.notPositiveInteger('workers', 0));
    expect(() => make(1, { noiseVariance: -1 })).toThrow(msg.notNonNegative('noiseVariance', -1));
  });
});
