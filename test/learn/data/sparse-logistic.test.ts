import { describe, expect, it } from 'vitest';
import { csrBytes, type CsrMatrix } from '../../../src/learn/data/dataset.js';
import { checkCsr, csrNonZeros, densify, toCsr } from '../../../src/learn/data/sparse-csr.js';
import { makeSparseLogistic, type SparseLogisticOptions } from '../../../src/learn/data/sparse-logistic.js';
import { malformedCsr, optionOutOfRange } from '../../../src/learn/data/sparse-messages.js';
import { ZipfSampler } from '../../../src/learn/data/sparse-zipf.js';
import * as msg from '../../../src/learn/messages.js';
import { RandomStreams } from '../../../src/sim/random.js';

const options: SparseLogisticOptions = { nTrain: 300, nTest: 60, d: 2000, nonZeros: 20 };
const make = (seed: number, opts = options) => makeSparseLogistic(opts, new RandomStreams(seed, 0).stream('data'));

/** Non-zeros of each row. */
function rowCounts(x: CsrMatrix): number[] {
  return Array.from({ length: x.rows }, (_, i) => (x.indptr[i + 1] as number) - (x.indptr[i] as number));
}

/** x_i·w_true of each row, in float64. */
function margins(x: CsrMatrix, w: Float32Array): number[] {
  return Array.from({ length: x.rows }, (_, i) => {
    let m = 0;
    for (let q = x.indptr[i] as number; q < (x.indptr[i + 1] as number); q++) m += (x.values[q] as number) * (w[x.indices[q] as number] as number);
    return m;
  });
}

describe('makeSparseLogistic', () => {
  it('gives valid CSR rows (columns ascending in [0, d)) of positive values with unit norm, and ±1 labels', () => {
    const data = make(1);
    for (const [x, n] of [
      [data.xTrain, 300],
      [data.xTest, 60],
    ] as const) {
      expect(() => checkCsr(x, 'x')).not.toThrow();
      expect([x.rows, x.cols]).toEqual([n, 2000]);
      expect(x.indptr).toBeInstanceOf(Int32Array);
      for (let i = 0; i < x.rows; i++) {
        let sq = 0;
        for (let q = x.indptr[i] as number; q < (x.indptr[i + 1] as number); q++) {
          const v = x.values[q] as number;
          expect(v).toBeGreaterThan(0);
          sq += v * v;
        }
        expect(Math.abs(sq - 1)).toBeLessThan(1e-6);
      }
    }
    expect(data.yTrain).toHaveLength(300);
    expect(data.yTest).toHaveLength(60);
    for (const y of [...data.yTrain, ...data.yTest]) expect(Math.abs(y)).toBe(1);
    expect(data.wTrue).toHaveLength(2000);
  });

  it('is identical for the same seed and differs across seeds', () => {
    const a = make(7);
    const b = make(7);
    for (const key of ['xTrain', 'xTest'] as const) {
      expect(b[key].indptr).toEqual(a[key].indptr);
      expect(b[key].indices).toEqual(a[key].indices);
      expect(b[key].values).toEqual(a[key].values);
    }
    expect(b.yTrain).toEqual(a.yTrain);
    expect(b.yTest).toEqual(a.yTest);
    expect(b.wTrue).toEqual(a.wTrue);
    const c = make(8);
    expect(c.xTrain.indices).not.toEqual(a.xTrain.indices);
    expect(c.wTrue).not.toEqual(a.wTrue);
  });

  it('keeps the test set’s features when only nTrain changes (its idf-weighted values follow the training set)', () => {
    const a = make(3);
    const b = make(3, { ...options, nTrain: 600 });
    expect(b.xTest.indptr).toEqual(a.xTest.indptr);
    expect(b.xTest.indices).toEqual(a.xTest.indices);
  });

  it('draws non-zeros per sample with the requested mean and spread; spread 0 gives every sample the same count', () => {
    const data = make(4, { nTrain: 4000, nTest: 10, d: 20_000, nonZeros: 30, nonZerosSpread: 0.5 });
    const counts = rowCounts(data.xTrain);
    const mean = counts.reduce((s, c) => s + c, 0) / counts.length;
    const sd = Math.sqrt(counts.reduce((s, c) => s + (c - mean) ** 2, 0) / counts.length);
    // lognormal counts: the sample mean's std ≈ 15/√4000 ≈ 0.24, rounding and the clip at 1 shift it by less
    expect(Math.abs(mean - 30)).toBeLessThan(1);
    expect(Math.abs(sd / mean - 0.5)).toBeLessThan(0.05);
    expect(csrNonZeros(data.xTrain)).toBe(counts.reduce((s, c) => s + c, 0));
    const fixed = make(4, { ...options, nonZeros: 12.4, nonZerosSpread: 0 });
    expect(new Set(rowCounts(fixed.xTrain))).toEqual(new Set([12]));
  });

  it('gives column frequencies a power law: log(document frequency) against log(rank) has slope −zipfExponent', () => {
    for (const a of [0.7, 1, 1.3]) {
      const data = make(5, { nTrain: 4000, nTest: 10, d: 20_000, nonZeros: 30, zipfExponent: a });
      const df = new Float64Array(data.d);
      for (const j of data.xTrain.indices) df[j] = (df[j] as number) + 1;
      const sorted = [...df].sort((p, q) => q - p);
      // least squares over the tail the law governs: at least 20 documents (counting noise), at most 10 % (below saturation)
      const xs: number[] = [];
      const ys: number[] = [];
      sorted.forEach((f, r) => {
        if (f >= 20 && f <= 400) {
          xs.push(Math.log(r + 1));
          ys.push(Math.log(f));
        }
      });
      expect(xs.length).toBeGreaterThan(300);
      const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
      const my = ys.reduce((s, v) => s + v, 0) / ys.length;
      let sxy = 0;
      let sxx = 0;
      xs.forEach((x, i) => {
        sxy += (x - mx) * ((ys[i] as number) - my);
        sxx += (x - mx) ** 2;
      });
      expect(Math.abs(sxy / sxx + a)).toBeLessThan(0.08);
    }
  });

  it('scatters the frequent features over the index range (a seeded permutation of the ranks)', () => {
    const data = make(6, { nTrain: 2000, nTest: 10, d: 10_000, nonZeros: 20 });
    const df = new Float64Array(data.d);
    for (const j of data.xTrain.indices) df[j] = (df[j] as number) + 1;
    const top = [...df.keys()].sort((p, q) => (df[q] as number) - (df[p] as number)).slice(0, 20);
    expect(Math.max(...top)).toBeGreaterThan(1000); // not the first columns
  });

  it('labels follow σ(x·w_true) with margin std ≈ weightStd, the support a trueDensity fraction of the features', () => {
    const data = make(7, { nTrain: 4000, nTest: 10, d: 20_000, nonZeros: 30, weightStd: 4, trueDensity: 0.1 });
    let support = 0;
    for (const w of data.wTrue) if (w !== 0) support++;
    expect(Math.abs(support / data.d - 0.1)).toBeLessThan(0.01); // binomial std 0.002
    const m = margins(data.xTrain, data.wTrue);
    const rms = Math.sqrt(m.reduce((s, v) => s + v * v, 0) / m.length);
    expect(rms).toBeGreaterThan(3.3);
    expect(rms).toBeLessThan(4.7);
    let agree = 0;
    m.forEach((v, i) => {
      if ((v >= 0 ? 1 : -1) === data.yTrain[i]) agree++;
    });
    // Gaussian margins of std 4 would give 0.871; these are heavier near 0 (rows with few support features)
    expect(agree / m.length).toBeGreaterThan(0.75);
    expect(agree / m.length).toBeLessThan(0.92);
  });

  it('holds ≈ 8 bytes per non-zero: d = 10⁶, 20 000 samples of 200 non-zeros in 32 MB, not 80 GB', () => {
    const data = make(8, { nTrain: 20_000, nTest: 100, d: 1_000_000, nonZeros: 200 });
    const nnz = csrNonZeros(data.xTrain) + csrNonZeros(data.xTest);
    expect(nnz / 20_100).toBeGreaterThan(190);
    expect(nnz / 20_100).toBeLessThan(210);
    const bytes = csrBytes(data.xTrain) + csrBytes(data.xTest);
    expect(bytes).toBe(8 * nnz + 4 * (20_000 + 1) + 4 * (100 + 1));
    expect(data.xTrain.indices.buffer.byteLength).toBe(4 * csrNonZeros(data.xTrain)); // no spare capacity behind the views
  });

  it('rejects bad options with the catalog messages', () => {
    expect(() => make(1, { ...options, d: 0 })).toThrow(msg.notPositiveInteger('d', 0));
    expect(() => make(1, { ...options, nonZeros: 2001 })).toThrow(optionOutOfRange('nonZeros', 2001, '[1, d = 2000]'));
    expect(() => make(1, { ...options, nonZeros: 0.5 })).toThrow(optionOutOfRange('nonZeros', 0.5, '[1, d = 2000]'));
    expect(() => make(1, { ...options, zipfExponent: 2.5 })).toThrow(optionOutOfRange('zipfExponent', 2.5, '(0, 2]'));
    expect(() => make(1, { ...options, nonZerosSpread: -1 })).toThrow(msg.notNonNegative('nonZerosSpread', -1));
    expect(() => make(1, { ...options, trueDensity: 0 })).toThrow(msg.notInUnitInterval('trueDensity', 0));
    expect(() => make(1, { ...options, weightStd: -1 })).toThrow(msg.notPositive('weightStd', -1));
  });

  it('fills every row even when nonZeros = d (all features, drawn until each has come up)', () => {
    const data = make(9, { nTrain: 20, nTest: 5, d: 30, nonZeros: 30, nonZerosSpread: 0 });
    expect(new Set(rowCounts(data.xTrain))).toEqual(new Set([30]));
  });
});

describe('ZipfSampler (rejection-inversion)', () => {
  it('draws ranks with P(k) ∝ k^(−a): χ² against the exact probabilities', () => {
    const draws = 100_000;
    for (const [n, a] of [
      [40, 1],
      [40, 0.5],
      [40, 1.5],
      [8, 3],
    ] as const) {
      const z = new ZipfSampler(n, a);
      const stream = new RandomStreams(1, 0).stream(`zipf/${n}/${a}`);
      const counts = new Float64Array(n + 1);
      let outside = 0;
      for (let t = 0; t < draws; t++) {
        const k = z.sample(stream);
        if (Number.isInteger(k) && k >= 1 && k <= n) counts[k] = (counts[k] as number) + 1;
        else outside++;
      }
      expect(outside).toBe(0);
      let chi2 = 0;
      for (let k = 1; k <= n; k++) chi2 += ((counts[k] as number) - draws * z.probability(k)) ** 2 / (draws * z.probability(k));
      // n − 1 degrees of freedom: mean n − 1, std √(2(n − 1)); allow 5 std
      expect(chi2).toBeLessThan(n - 1 + 5 * Math.sqrt(2 * (n - 1)));
    }
  });

  it('handles one rank, a = 1 exactly, and n = 10⁷ (the head ratio P(1)/P(2) = 2^a)', () => {
    const stream = new RandomStreams(2, 0).stream('zipf');
    const one = new ZipfSampler(1, 1.2);
    for (let t = 0; t < 10; t++) expect(one.sample(stream)).toBe(1);
    const big = new ZipfSampler(10_000_000, 1);
    let ones = 0;
    let twos = 0;
    for (let t = 0; t < 200_000; t++) {
      const k = big.sample(stream);
      if (k === 1) ones++;
      else if (k === 2) twos++;
    }
    expect(ones / twos).toBeGreaterThan(1.85);
    expect(ones / twos).toBeLessThan(2.15);
    expect(() => new ZipfSampler(10, 0)).toThrow(msg.notPositive('zipfExponent', 0));
  });
});

describe('CSR helpers', () => {
  const dense = Float32Array.of(0, 1.5, 0, 2, 0, 0, 0, 0, -3, 0, 0, 4);
  it('toCsr keeps exactly the non-zeros and densify gives the matrix back', () => {
    const x = toCsr(dense, 3, 4);
    expect([...x.indptr]).toEqual([0, 2, 2, 4]);
    expect([...x.indices]).toEqual([1, 3, 0, 3]);
    expect([...x.values]).toEqual([1.5, 2, -3, 4]);
    expect(densify(x)).toEqual(dense);
    expect(() => checkCsr(x, 'x')).not.toThrow();
  });

  it('checkCsr names the matrix and the first violation', () => {
    const x = toCsr(dense, 3, 4);
    expect(() => checkCsr({ ...x, indices: Int32Array.of(1, 3, 0, 4) }, 'xTrain')).toThrow(malformedCsr('xTrain', 'row 2 has column 4 after 0 (columns ascending in [0, 4))'));
    expect(() => checkCsr({ ...x, indices: Int32Array.of(3, 1, 0, 3) }, 'xTrain')).toThrow(malformedCsr('xTrain', 'row 0 has column 1 after 3 (columns ascending in [0, 4))'));
    expect(() => checkCsr({ ...x, indptr: Int32Array.of(0, 2, 1, 4) }, 'xTrain')).toThrow(malformedCsr('xTrain', 'indptr[2] = 1 is not an integer ≥ indptr[1] = 2'));
    expect(() => checkCsr({ ...x, values: new Float32Array(3) }, 'xTrain')).toThrow(msg.dimensionMismatch('xTrain values', 3, 4));
    expect(() => checkCsr({ ...x, indptr: Int32Array.of(0, 2, 4) }, 'xTrain')).toThrow(msg.dimensionMismatch('xTrain indptr', 3, 4));
  });
});
