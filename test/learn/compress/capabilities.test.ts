import { describe, expect, it } from 'vitest';
import { RandomStream, RandomStreams } from '../../../src/sim/random.js';
import { toDense } from '../../../src/learn/compress/accumulate.js';
import { makeAlistarhCompressor } from '../../../src/learn/compress/alistarh.js';
import { makeCatCompressor } from '../../../src/learn/compress/cat.js';
import type { Compressor } from '../../../src/learn/compress/compressor.js';
import { ErrorFeedback } from '../../../src/learn/compress/error-feedback.js';
import { Identity } from '../../../src/learn/compress/identity.js';
import { Qsgd } from '../../../src/learn/compress/qsgd.js';
import { RandK } from '../../../src/learn/compress/randk.js';
import { RegTopK } from '../../../src/learn/compress/regtopk.js';
import { StochasticSparsifier } from '../../../src/learn/compress/stochastic.js';
import { TopK } from '../../../src/learn/compress/topk.js';
import { TopKSign } from '../../../src/learn/compress/topk-sign.js';

/**
 * The capabilities schemes read off a compressor instead of its class
 * (`residual`: a memory of its own; `lossless`: its message is its input),
 * for every compressor kind of the scenario schema, bare and inside error
 * feedback.
 */

const d = 40;
const streams = new RandomStreams(11, 0);
const gradient = (name: string) => {
  const s = streams.stream(name);
  return Float32Array.from({ length: d }, () => s.normal());
};

/** Each kind, and whether it declares itself lossless. */
const KINDS: readonly [string, () => Compressor, boolean][] = [
  ['identity', () => new Identity(d), true],
  ['identity fp64', () => new Identity(d, { precision: 64 }), true],
  ['topk', () => new TopK(d, { k: 5 }), false],
  ['randk', () => new RandK(d, { k: 5 }, { streams: new RandomStreams(3, 0) }), false],
  ['topk-sign', () => new TopKSign(d, { k: 5 }), false],
  ['stochastic', () => new StochasticSparsifier(d, { k: 5 }, { rng: new RandomStream(3, 0, 'ss') }), false],
  ['qsgd', () => new Qsgd(d, { levels: 3, rng: new RandomStream(3, 0, 'q') }), false],
  ['cat', () => makeCatCompressor({ variant: 'sparsification', dim: d, L: 1, cost: { kind: 'affine', c1: 1, c0: 54 * 8 } }), false],
  ['alistarh', () => makeAlistarhCompressor({ dim: d }), false],
  ['regtopk', () => new RegTopK(d, { k: 5 }, { weight: 0.5 }), false],
];

describe('compressor capabilities', () => {
  for (const [kind, make, lossless] of KINDS) {
    it(`${kind}: no memory of its own; lossless ${lossless}, and its message says the same`, () => {
      const c = make();
      expect(c.residual).toBeUndefined();
      expect(c.lossless === true).toBe(lossless);
      const g = gradient(kind);
      const decoded = toDense(c.compress(g));
      // the declaration is honest both ways: lossless kinds decode to g exactly, the others lose something of it
      expect(decoded.every((x, j) => x === g[j])).toBe(lossless);
    });

    it(`${kind} inside error feedback: a memory, lossless as the inner one`, () => {
      const ef = new ErrorFeedback(make());
      expect(ef.residual).toBeDefined();
      expect(ef.lossless).toBe(lossless);
    });
  }

  it('error feedback’s memory: the input’s and residual’s norms, a copy of e, and the next input fp32(e + g)', () => {
    const ef = new ErrorFeedback(new TopK(4, { k: 1 }));
    const memory = ef.residual!;
    ef.compress(Float32Array.from([1, -2, 0.5, 0])); // sends −2, keeps e = [1, 0, 0.5, 0]
    expect(memory.inputNormSq).toBe(1 + 4 + 0.25);
    expect(memory.residualNormSq()).toBe(1 + 0.25);
    expect(memory.memory()).toEqual(Float32Array.from([1, 0, 0.5, 0]));
    const g = Float32Array.from([0.5, 1, 2 ** -30, 2]);
    // 0.5 + 2^-30 rounds to 0.5 in float32: the input is formed as the compressor forms it
    expect(memory.inputFor(g)).toEqual(Float32Array.from([1.5, 1, 0.5, 2]));
    expect(memory.memory()).toEqual(Float32Array.from([1, 0, 0.5, 0])); // unchanged
    const next = ef.compress(g);
    expect(toDense(next)).toEqual(Float32Array.from([0, 0, 0, 2])); // Top-1 of the input inputFor gave
    expect(memory.inputNormSq).toBe(1.5 ** 2 + 1 + 0.25 + 4);
  });
});
