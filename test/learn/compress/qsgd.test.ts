import { describe, expect, it } from 'vitest';
import { layoutOf, qsgdValue } from '../../../src/learn/compress/message.js';
import { Qsgd } from '../../../src/learn/compress/qsgd.js';
import * as msg from '../../../src/learn/messages.js';
import { RandomStream } from '../../../src/sim/random.js';

describe('Qsgd (Alistarh et al. 2017)', () => {
  it('is unbiased: the Monte-Carlo mean is within 5 standard errors of g', () => {
    const g = Float32Array.from([0.3, -1.2, 0.05, 0, 2.0, -0.7]);
    const s = 2;
    const c = new Qsgd(g.length, { levels: s, rng: new RandomStream(5, 0, 'qsgd') });
    const n = 40_000;
    const mean = new Float64Array(g.length);
    for (let t = 0; t < n; t++) c.compress(g).values.forEach((v, i) => (mean[i] = (mean[i] as number) + v / n));
    const norm = Math.fround(Math.hypot(...g));
    g.forEach((gi, i) => {
      // Level ℓ or ℓ+1 (step norm/s) with probability 1 − f, f: variance (norm/s)²·f(1 − f).
      const r = (Math.abs(gi) / norm) * s;
      const f = r - Math.floor(r);
      const se = (norm / s) * Math.sqrt((f * (1 - f)) / n);
      expect(Math.abs((mean[i] as number) - gi)).toBeLessThanOrEqual(5 * se + 1e-6);
    });
  });

  it('sends an fp32 norm and a sign + ⌈log2(s+1)⌉-bit level per coordinate', () => {
    const rng = new RandomStream(5, 0, 'bits');
    expect(new Qsgd(10, { levels: 1, rng }).compress(new Float32Array(10).fill(1)).bits).toBe(32 + 10 * 2);
    const out = new Qsgd(10, { levels: 4, rng }).compress(Float32Array.from({ length: 10 }, (_, i) => i - 4.5));
    expect(out.bits).toBe(32 + 10 * (1 + 3));
    expect(out.encoding).toBe('dense qsgd(s=4): 32-bit fp32 norm + 10×(1-bit sign + 3-bit level)');
    const code = out.valueCode;
    if (code.kind !== 'qsgd') throw new Error('expected qsgd');
    code.levels.forEach((l, i) => {
      expect(Math.abs(l)).toBeLessThanOrEqual(4);
      expect(out.values[i]).toBe(qsgdValue(code.norm, l, 4));
    });
  });

  it('is exact where s·|g_i|/‖g‖ is a whole level, and sends zeros for a zero vector', () => {
    const rng = new RandomStream(5, 0, 'exact');
    const out = new Qsgd(2, { levels: 5, rng }).compress(Float32Array.from([3, -4]));
    expect([...out.values]).toEqual([3, -4]);
    expect(out.valueCode).toEqual({ kind: 'qsgd', s: 5, norm: 5, levels: Int32Array.from([3, -4]) });
    expect([...new Qsgd(3, { levels: 2, rng }).compress(new Float32Array(3)).values]).toEqual([0, 0, 0]);
  });

  it('round-trips through its encoding', () => {
    const c = new Qsgd(100, { levels: 7, rng: new RandomStream(5, 0, 'rt') });
    const out = c.compress(Float32Array.from({ length: 100 }, (_, i) => Math.sin(i * 1.3)));
    expect(c.encoding.deserialize(c.encoding.serialize(out), layoutOf(out))).toEqual(out);
  });

  it('rejects a level count that is not a positive integer', () => {
    const rng = new RandomStream(5, 0, 'bad');
    expect(() => new Qsgd(3, { levels: 0, rng })).toThrow(msg.qsgdLevelsInvalid(0));
    expect(() => new Qsgd(3, { levels: 2.5, rng })).toThrow(msg.qsgdLevelsInvalid(2.5));
  });
});
