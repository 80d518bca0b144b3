import { describe, expect, it } from 'vitest';
import { toDense } from '../../../src/learn/compress/accumulate.js';
import { ErrorFeedback } from '../../../src/learn/compress/error-feedback.js';
import { Identity } from '../../../src/learn/compress/identity.js';
import { TopK } from '../../../src/learn/compress/topk.js';
import { TopKSign } from '../../../src/learn/compress/topk-sign.js';
import { RandK } from '../../../src/learn/compress/randk.js';
import { Qsgd } from '../../../src/learn/compress/qsgd.js';
import { StochasticSparsifier } from '../../../src/learn/compress/stochastic.js';
import type { Compressor } from '../../../src/learn/compress/compressor.js';
import { Encoding } from '../../../src/learn/encoding/encoding.js';
import { RandomStream, RandomStreams } from '../../../src/sim/random.js';

const stream = new RandomStreams(5, 0).stream('ef');
const randomVector = (d: number, scale = 1) => Float32Array.from({ length: d }, () => stream.normal(0, scale));

describe('ErrorFeedback', () => {
  it('conserves exactly: sent + residual === g + previous residual, elementwise, every step', () => {
    const d = 257;
    const ef = new ErrorFeedback(new TopK(d, { ratio: 0.05 }));
    for (let step = 0; step < 20; step++) {
      const before = ef.memory();
      const g = randomVector(d, 10 ** ((step % 5) - 2)); // mixed scales stress float32 rounding
      const acc = new Float32Array(d);
      for (let i = 0; i < d; i++) acc[i] = (g[i] as number) + (before[i] as number);
      const sent = toDense(ef.compress(g));
      const after = ef.memory();
      for (let i = 0; i < d; i++) expect(Math.fround((sent[i] as number) + (after[i] as number))).toBe(acc[i]);
    }
  });

  it('sends the Top-k of the accumulated gradient and zeroes the memory there', () => {
    const ef = new ErrorFeedback(new TopK(4, { k: 1 }));
    const first = ef.compress(Float32Array.from([1, -2, 0.5, 0]));
    expect(toDense(first)).toEqual(Float32Array.from([0, -2, 0, 0]));
    expect(ef.memory()).toEqual(Float32Array.from([1, 0, 0.5, 0]));
    // The remembered 1 plus a new 1.5 now beats the fresh −2.4.
    const second = ef.compress(Float32Array.from([1.5, -2.4, 0, 0]));
    expect(toDense(second)).toEqual(Float32Array.from([2.5, 0, 0, 0]));
    expect(ef.memory()).toEqual(Float32Array.from([0, -2.4, 0.5, 0]));
  });

  it('over many steps, everything sent plus the memory equals the sum of gradients', () => {
    const d = 100;
    const ef = new ErrorFeedback(new TopK(d, { k: 3 }));
    const sentTotal = new Float64Array(d);
    const gradTotal = new Float64Array(d);
    for (let step = 0; step < 50; step++) {
      const g = randomVector(d);
      const sent = toDense(ef.compress(g));
      for (let i = 0; i < d; i++) {
        gradTotal[i] = (gradTotal[i] as number) + (g[i] as number);
        sentTotal[i] = (sentTotal[i] as number) + (sent[i] as number);
      }
    }
    const e = ef.memory();
    // Only the float32 rounding of acc = g + e separates the two: ~1e-6 relative.
    for (let i = 0; i < d; i++) expect((sentTotal[i] as number) + (e[i] as number)).toBeCloseTo(gradTotal[i] as number, 4);
  });

  it('around the identity it keeps no residual and reports the inner encoding', () => {
    const ef = new ErrorFeedback(new Identity(16));
    const g = randomVector(16);
    const out = ef.compress(g);
    expect(out.kind).toBe('dense');
    expect(out.bits).toBe(16 * 32);
    expect(ef.memory()).toEqual(new Float32Array(16));
    expect(ef.name).toBe('ef(identity)');
  });

  it('never mutates the gradient it is given, and reset() clears the memory', () => {
    const ef = new ErrorFeedback(new TopK(32, { k: 2 }));
    const g = randomVector(32);
    const copy = g.slice();
    ef.compress(g);
    expect(g).toEqual(copy);
    ef.reset();
    expect(ef.memory()).toEqual(new Float32Array(32));
  });
});

/** Run `steps` rounds of EF; per round call `check(acc, sent, residualAfter)`. */
function runEf(inner: Compressor, steps: number, check: (acc: Float32Array, sent: Float32Array, e: Float32Array) => void): void {
  const d = inner.dim;
  const ef = new ErrorFeedback(inner);
  for (let step = 0; step < steps; step++) {
    const before = ef.memory();
    const g = randomVector(d, 10 ** ((step % 5) - 2)); // mixed scales stress float32 rounding
    const acc = new Float32Array(d);
    for (let i = 0; i < d; i++) acc[i] = (g[i] as number) + (before[i] as number);
    const sent = toDense(ef.compress(g, { iteration: step, worker: 0 }));
    check(acc, sent, ef.memory());
  }
}

describe('ErrorFeedback conservation for every compressor', () => {
  const d = 203;
  const streams = new RandomStreams(5, 0);
  const valuePreserving: [string, () => Compressor][] = [
    ['identity', () => new Identity(d)],
    ['identity fp64', () => new Identity(d, { precision: 64 })],
    ['topk', () => new TopK(d, { k: 9 })],
    ['topk, packed fp64', () => new TopK(d, { ratio: 0.1 }, { precision: 64, encoding: new Encoding({ indices: 'packed' }) })],
    ['randk unscaled', () => new RandK(d, { k: 11 }, { streams, unbiased: false })],
  ];
  for (const [label, make] of valuePreserving) {
    it(`${label}: sent + residual === accumulated, exactly, every coordinate, every step`, () => {
      runEf(make(), 20, (acc, sent, e) => {
        for (let i = 0; i < d; i++) expect(Math.fround((sent[i] as number) + (e[i] as number))).toBe(acc[i]);
      });
    });
  }

  // Deterministic compressors that change the values: the residual is fp32(acc − sent), so
  // sent + residual = acc up to that one rounding (exact whenever acc − sent is a float32).
  const valueChanging: [string, () => Compressor][] = [
    ['topk-sign (‖g‖ scale)', () => new TopKSign(d, { k: 9 })],
    ['topk-sign (mean scale)', () => new TopKSign(d, { k: 9 }, { scale: 'mean' })],
    ['randk scaled by d/k', () => new RandK(d, { k: 11 }, { streams })],
  ];
  for (const [label, make] of valueChanging) {
    it(`${label}: residual = fp32(accumulated − sent); sent + residual = accumulated within one rounding`, () => {
      runEf(make(), 20, (acc, sent, e) => {
        for (let i = 0; i < d; i++) {
          const diff = (acc[i] as number) - (sent[i] as number);
          expect(e[i]).toBe(Math.fround(diff));
          expect(Math.abs((sent[i] as number) + (e[i] as number) - (acc[i] as number))).toBeLessThanOrEqual(Math.abs(diff) * 2 ** -24);
        }
      });
    });
  }

  const stochastic: [string, () => Compressor][] = [
    ['stochastic sparsification', () => new StochasticSparsifier(d, { k: 9 }, { rng: new RandomStream(5, 0, 'ss') })],
    ['qsgd', () => new Qsgd(d, { levels: 3, rng: new RandomStream(5, 0, 'q') })],
  ];
  for (const [label, make] of stochastic) {
    it(`${label}: residual = accumulated − decoded (the draw that was sent)`, () => {
      runEf(make(), 20, (acc, sent, e) => {
        for (let i = 0; i < d; i++) expect(e[i]).toBe(Math.fround((acc[i] as number) - (sent[i] as number)));
      });
    });
  }

  it('passes the context through: EF around Rand-k uses the scheme’s iteration for the shared indices', () => {
    const inner = new RandK(d, { k: 5 }, { streams, unbiased: false });
    const ef = new ErrorFeedback(inner);
    const out = ef.compress(randomVector(d), { iteration: 42, worker: 1 });
    expect(out.kind === 'sparse' && out.indices).toEqual(inner.indicesFor(42, 5));
    expect(ef.encoding).toBe(inner.encoding);
    expect(ef.mayBeEmpty).toBe(false);
  });
});
