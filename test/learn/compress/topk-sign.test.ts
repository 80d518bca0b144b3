import { describe, expect, it } from 'vitest';
import { toDense } from '../../../src/learn/compress/accumulate.js';
import { TopKSign } from '../../../src/learn/compress/topk-sign.js';
import { Encoding } from '../../../src/learn/encoding/encoding.js';
import * as msg from '../../../src/learn/messages.js';

describe('TopKSign (CAT eq. 3: sparsification + quantization)', () => {
  it('reproduces eq. 3 on a hand example: ‖g‖·sign(g_j) on the T largest', () => {
    // g = (3, −4, 0, 1, −0.5), T = 2: I_T = {0, 1}; ‖g‖ = √26.25.
    const g = Float32Array.from([3, -4, 0, 1, -0.5]);
    const out = new TopKSign(5, { k: 2 }).compress(g);
    const norm = Math.fround(Math.sqrt(26.25));
    expect(out.kind === 'sparse' && [...out.indices]).toEqual([0, 1]);
    expect([...out.values]).toEqual([norm, -norm]);
    expect(out.valueCode).toEqual({ kind: 'sign-scale', scale: norm });
    expect(toDense(out)).toEqual(Float32Array.from([norm, -norm, 0, 0, 0]));
    // ‖Q_T(g)‖² = T·‖g‖² (CAT A.5).
    expect(out.values.reduce((s, v) => s + v * v, 0)).toBeCloseTo(2 * 26.25, 4);
  });

  it('prices 32 bits of scale + per kept coordinate its index and one sign bit', () => {
    const g = Float32Array.from([3, -4, 0, 1, -0.5]);
    const raw = new TopKSign(5, { k: 2 }).compress(g);
    expect(raw.bits).toBe(32 + 2 * (32 + 1));
    expect(raw.encoding).toBe('sparse: 32-bit fp32 scale + 2×(32-bit index + 1-bit sign)');
    // packed: CAT's P^SQ(T) = FPP + T⌈log2 d⌉ = 32 + 2·3, plus T = 2 sign bits.
    expect(new TopKSign(5, { k: 2 }, { encoding: new Encoding({ indices: 'packed' }) }).compress(g).bits).toBe(32 + 2 * 3 + 2);
  });

  it('with scale "mean" folds CAT eq. 9’s step into the magnitude: ‖g_T‖₁/T = ‖g‖·√β(T)/√T', () => {
    const g = Float32Array.from([3, -4, 0, 1, -0.5]);
    const mean = new TopKSign(5, { k: 2 }, { scale: 'mean' }).compress(g);
    expect([...mean.values]).toEqual([3.5, -3.5]);
    // β(T) = (1/T)·⟨g, Q_T(g)⟩² / ‖g‖⁴ for the eq. 3 message (scale ‖g‖).
    const q = toDense(new TopKSign(5, { k: 2 }).compress(g));
    const inner = g.reduce((s, v, i) => s + v * (q[i] as number), 0);
    const beta = (inner * inner) / 2 / 26.25 ** 2;
    expect((Math.sqrt(26.25) * Math.sqrt(beta)) / Math.sqrt(2)).toBeCloseTo(3.5, 5);
  });

  it('sends no zeros: fewer than T non-zeros give fewer pairs, an all-zero vector an empty message', () => {
    const out = new TopKSign(4, { k: 3 }).compress(Float32Array.from([0, 0, -2, 0]));
    expect(out.kind === 'sparse' && [...out.indices]).toEqual([2]);
    expect([...out.values]).toEqual([-2]);
    const empty = new TopKSign(4, { k: 3 }).compress(new Float32Array(4));
    expect(empty.values.length).toBe(0);
    expect(empty.bits).toBe(32);
  });

  it('breaks magnitude ties toward the lower index, as Top-k', () => {
    const out = new TopKSign(5, { k: 2 }).compress(Float32Array.from([1, -2, 2, -2, 0]));
    expect(out.kind === 'sparse' && [...out.indices]).toEqual([1, 2]);
  });

  it('rejects an unknown scale rule', () => {
    expect(() => new TopKSign(5, { k: 2 }, { scale: 'max' as 'norm' })).toThrow(msg.optionInvalid('scale', 'max', ['norm', 'mean']));
  });
});
