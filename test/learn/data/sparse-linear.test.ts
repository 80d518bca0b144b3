import { describe, expect, it } from 'vitest';
import { makeSparseLinear } from '../../../src/learn/data/sparse-linear.js';
import { checkCsr } from '../../../src/learn/data/sparse-csr.js';
import * as msg from '../../../src/learn/messages.js';
import { RandomStreams } from '../../../src/sim/random.js';

const make = (seed: number, o: Parameters<typeof makeSparseLinear>[0]) => makeSparseLinear(o, new RandomStreams(seed, 0).stream('data'));

function margins(data: ReturnType<typeof makeSparseLinear>): Float64Array {
  const { xTrain: x, wTrue } = data;
  return Float64Array.from({ length: x.rows }, (_, i) => {
    let m = 0;
    for (let q = x.indptr[i] as number; q < (x.indptr[i + 1] as number); q++) m += (x.values[q] as number) * (wTrue[x.indices[q] as number] as number);
    return m;
  });
}

describe('makeSparseLinear', () => {
  it('is a valid CSR matrix with unit rows and about nonZeros entries per row', () => {
    const data = make(1, { nTrain: 2000, d: 20_000, nonZeros: 30 });
    checkCsr(data.xTrain, 'xTrain');
    expect(data.xTrain.indices.length / 2000).toBeGreaterThan(27);
    expect(data.xTrain.indices.length / 2000).toBeLessThan(33);
    for (const i of [0, 17, 1999]) {
      let sq = 0;
      for (let q = data.xTrain.indptr[i] as number; q < (data.xTrain.indptr[i + 1] as number); q++) sq += (data.xTrain.values[q] as number) ** 2;
      expect(sq).toBeCloseTo(1, 5);
    }
  });

  it('draws targets x·w_true + N(0, noiseVariance): signal std ≈ weightStd, residual variance ≈ noiseVariance', () => {
    const data = make(2, { nTrain: 8000, d: 5000, nonZeros: 40, weightStd: 2, noiseVariance: 0.25, trueDensity: 0.5 });
    const m = margins(data);
    let signal = 0;
    let noise = 0;
    for (let i = 0; i < data.nTrain; i++) {
      signal += (m[i] as number) ** 2;
      noise += ((data.yTrain[i] as number) - (m[i] as number)) ** 2;
    }
    expect(Math.sqrt(signal / data.nTrain)).toBeGreaterThan(1.7);
    expect(Math.sqrt(signal / data.nTrain)).toBeLessThan(2.3);
    expect(noise / data.nTrain).toBeGreaterThan(0.23);
    expect(noise / data.nTrain).toBeLessThan(0.27);
  });

  it('gives noiseless targets at noiseVariance 0, and the same data for the same seed only', () => {
    const a = make(3, { nTrain: 300, d: 2000, nonZeros: 10, noiseVariance: 0 });
    const m = margins(a);
    for (let i = 0; i < a.nTrain; i++) expect(a.yTrain[i]).toBe(Math.fround(m[i] as number));
    const b = make(3, { nTrain: 300, d: 2000, nonZeros: 10, noiseVariance: 0 });
    expect(Buffer.from(b.xTrain.values.buffer).equals(Buffer.from(a.xTrain.values.buffer))).toBe(true);
    expect(make(4, { nTrain: 300, d: 2000, nonZeros: 10 }).yTrain).not.toEqual(a.yTrain);
  });

  it('refuses bad options naming the option', () => {
    expect(() => make(1, { nTrain: 0, d: 10 })).toThrow(msg.notPositiveInteger('nTrain', 0));
    expect(() => make(1, { nTrain: 10, d: 10, nonZeros: 5, noiseVariance: -1 })).toThrow(msg.notNonNegative('noiseVariance', -1));
  });
});
