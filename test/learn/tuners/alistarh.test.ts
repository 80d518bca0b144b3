import { describe, expect, it } from 'vitest';
import { TopK } from '../../../src/learn/compress/topk.js';
import { TopKSign } from '../../../src/learn/compress/topk-sign.js';
import { Encoding } from '../../../src/learn/encoding/encoding.js';
import { AlistarhTuner, alistarhBudget, makeAlistarhCompressor } from '../../../src/learn/tuners/index.js';
import { RandomStreams } from '../../../src/sim/random.js';
import { sortedMagnitudes } from './brute-force.js';

const streams = new RandomStreams(8, 0);

/** min{T : Σ_{j≤T} a₍ⱼ₎ ≥ ‖g‖₂} on a full sort. */
function reference(g: Float32Array): number {
  const a = sortedMagnitudes(g);
  const norm = Math.sqrt(a.reduce((s, x) => s + x * x, 0));
  let s = 0;
  for (let t = 1; t <= a.length; t++) {
    s += a[t - 1] as number;
    if (s >= norm) return t;
  }
  return a.length;
}

describe("Alistarh et al.'s dynamic rule (CAT §4)", () => {
  it('is the smallest set of largest magnitudes whose sum reaches ‖g‖₂ (hand example)', () => {
    // ‖g‖₂ = √(9 + 16 + 1 + 0.25) ≈ 5.12: 4 < 5.12 ≤ 4 + 3.
    expect(alistarhBudget(Float32Array.from([3, -4, 0, 1, -0.5]))).toBe(2);
    // A single non-zero coordinate: its magnitude is the norm.
    expect(alistarhBudget(Float32Array.from([0, 0, -7, 0]))).toBe(1);
    // d equal magnitudes: T = ⌈√d⌉.
    expect(alistarhBudget(new Float32Array(100).fill(0.5))).toBe(10);
    expect(alistarhBudget(new Float32Array(10))).toBe(1);
  });

  it('equals a full-sort reference on Gaussian, heavy-tailed and sparse vectors, small and 2^17-dimensional', () => {
    for (const d of [50, 3000, 1 << 17]) {
      const s = streams.stream(`alistarh/${d}`);
      const vectors = [
        Float32Array.from({ length: d }, () => s.normal()),
        Float32Array.from({ length: d }, () => s.normal() * (s.uniform() < 0.05 ? 20 : 1)),
        Float32Array.from({ length: d }, () => (s.uniform() < 0.8 ? 0 : s.normal())),
      ];
      for (const g of vectors) expect(alistarhBudget(g)).toBe(reference(g));
    }
  });

  it('makeAlistarhCompressor: Top-k sign with Lemma 3’s step (quantize, default) or plain Top-k', () => {
    const d = 4000;
    const s = streams.stream('alistarh/compressor');
    const g = Float32Array.from({ length: d }, () => s.normal());
    const packed = new Encoding({ indices: 'packed' });
    const T = reference(g);
    const sq = makeAlistarhCompressor({ dim: d, encoding: packed });
    expect(sq.compress(g)).toEqual(new TopKSign(d, { k: T }, { scale: 'mean', encoding: packed }).compress(g));
    const plain = makeAlistarhCompressor({ dim: d, quantize: false });
    expect(plain.compress(g)).toEqual(new TopK(d, { k: T }).compress(g));
    expect(new AlistarhTuner().name).toBe('alistarh-dynamic');
  });
});
