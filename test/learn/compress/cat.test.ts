import { describe, expect, it } from 'vitest';
import { toDense } from '../../../src/learn/compress/accumulate.js';
import { keepProbabilities, StochasticSparsifier } from '../../../src/learn/compress/stochastic.js';
import { TopK } from '../../../src/learn/compress/topk.js';
import { TopKSign } from '../../../src/learn/compress/topk-sign.js';
import * as msg from '../../../src/learn/messages.js';
import * as cmsg from '../../../src/learn/tuners/cat/messages.js';
import { makeCatCompressor } from '../../../src/learn/compress/cat.js';
import { RandomStream } from '../../../src/sim/random.js';
import { AFFINE, PACKET, heavy, packed } from '../tuners/cat/fixtures.js';

const normSq = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x * x, 0);

describe('CatCompressor: the step γ(T) reaches the update through the values', () => {
  const d = 3000;
  const L = 2.5;
  const w = Float32Array.from({ length: d }, (_, i) => Math.sin(i));

  /** w − (1/L)·decode(message): what a scheme with learning rate 1/L applies. */
  const schemeStep = (m: Parameters<typeof toDense>[0]) => {
    const u = toDense(m);
    return w.map((x, i) => x - (u[i] as number) / L);
  };

  it('sparsification (eq. 8): values g_j, γ = 1/L — the same message as TopK(T)', () => {
    const g = heavy(d, 'comp/s');
    const cat = makeCatCompressor({ variant: 'sparsification', dim: d, L, cost: PACKET, encoding: packed });
    const m = cat.compress(g, { iteration: 4, worker: 2 });
    const T = cat.k;
    const ref = new TopK(d, { k: T }, { encoding: packed }).compress(g);
    expect(m).toEqual(ref);
    expect(cat.step).toMatchObject({ iteration: 4, worker: 2, budget: T, sent: T, retuned: true, gamma: 1 / L, valueScale: 1 });
    expect(cat.step?.measure).toBeCloseTo(normSq(ref.values) / normSq(g), 12);
  });

  it('sparsification + quantization (eq. 9): ±fp32(‖g_T‖₁/T) = γ(T)·L·‖g‖·sign(g_j), γ = √β(T)/(√T·L)', () => {
    const g = heavy(d, 'comp/sq');
    const cat = makeCatCompressor({ variant: 'sparsification-quantization', dim: d, L, cost: PACKET, encoding: packed });
    const m = cat.compress(g);
    const T = cat.k;
    // The same message as TopKSign with scale "mean", which folds Lemma 3's step into the magnitude.
    expect(m).toEqual(new TopKSign(d, { k: T }, { scale: 'mean', encoding: packed }).compress(g));
    // β(T) from the eq. 3 message (scale ‖g‖) as Lemma 3 defines it.
    const q = toDense(new TopKSign(d, { k: T }, { scale: 'norm' }).compress(g));
    const inner = g.reduce((s, x, i) => s + x * (q[i] as number), 0);
    const beta = (inner * inner) / T / normSq(g) ** 2;
    const gamma = Math.sqrt(beta) / (Math.sqrt(T) * L);
    expect(cat.step?.measure).toBeCloseTo(beta, 4);
    expect(Math.abs(cat.step!.gamma / gamma - 1)).toBeLessThan(1e-6);
    // The scheme's 1/L step is CAT's step 3: w − γ·Q_T(g), up to the float32 rounding of the values.
    const paper = w.map((x, i) => x - gamma * (q[i] as number));
    const applied = schemeStep(m);
    applied.forEach((x, i) => expect(Math.abs(x - (paper[i] as number))).toBeLessThan(1e-6 * (1 + Math.abs(paper[i] as number))));
  });

  it('stochastic (§5): values ω(T)·g_j/p_j with the StochasticSparsifier’s draws; γ = ω(T)/L', () => {
    const g = heavy(d, 'comp/ss');
    const cat = makeCatCompressor({ variant: 'stochastic', dim: d, L, cost: AFFINE, encoding: packed, rng: new RandomStream(9, 0, 'cat/ss') });
    const m = cat.compress(g);
    const T = cat.k;
    const plain = new StochasticSparsifier(d, { k: T }, { rng: new RandomStream(9, 0, 'cat/ss'), encoding: packed }).compress(g);
    expect(m.kind === 'sparse' && plain.kind === 'sparse' && [...m.indices]).toEqual(plain.kind === 'sparse' ? [...plain.indices] : []);
    const p = keepProbabilities(g, T);
    let second = 0;
    g.forEach((x) => {
      const a = Math.abs(x);
      if (a > 0) second += (a * a) / (a >= p.saturate ? 1 : Math.min(1, a * p.lambda));
    });
    const omega = normSq(g) / second;
    expect(cat.step?.measure).toBeCloseTo(omega, 10);
    expect(cat.step?.gamma).toBeCloseTo(omega / L, 10);
    m.values.forEach((v, j) => expect(Math.abs(v - omega * (plain.values[j] as number))).toBeLessThanOrEqual(2 ** -22 * Math.abs(v)));
    expect(m.bits).toBe(plain.bits);
  });

  it('hybrid compressor reuses T between re-tunings but recomputes γ for each gradient', () => {
    const cat = makeCatCompressor({ variant: 'sparsification-quantization', dim: d, L, cost: PACKET, encoding: packed, hybridEvery: 200 });
    const a = heavy(d, 'hyb/a');
    const b = heavy(d, 'hyb/b');
    cat.compress(a, { iteration: 0, worker: 0 });
    const first = cat.step!;
    cat.compress(b, { iteration: 1, worker: 0 });
    const second = cat.step!;
    expect(second).toMatchObject({ retuned: false, budget: first.budget });
    const top = new TopKSign(d, { k: first.budget }, { scale: 'mean' }).compress(b);
    const expected = top.valueCode.kind === 'sign-scale' ? top.valueCode.scale / Math.sqrt(normSq(b)) / L : NaN;
    expect(Math.abs(second.gamma / expected - 1)).toBeLessThan(1e-6); // fp32 scale vs exact
    expect(cat.name).toBe('cat-sq(packet 4096b, every 200)');
  });

  it('reports the decisions kept at curveIterations as budget curves (cat.csv), none without them', () => {
    const cat = makeCatCompressor({ variant: 'stochastic', dim: 800, L, cost: PACKET, encoding: packed, hybridEvery: 2, curveIterations: [2, 3], rng: new RandomStream(9, 0, 'cat/curves') });
    const bare = makeCatCompressor({ variant: 'sparsification', dim: 800, L, cost: PACKET });
    for (let t = 1; t <= 4; t++) {
      const g = heavy(800, `comp/curves/${t}`);
      cat.compress(g, { iteration: t, worker: 0 });
      bare.compress(g, { iteration: t, worker: 0 });
    }
    // Searches at 1 and 3: iteration 2 reuses the first, 3 is its own.
    expect(cat.budgetCurves.map((c) => [c.iteration, c.searchedAt, c.variant])).toEqual([
      [2, 1, 'stochastic'],
      [3, 3, 'stochastic'],
    ]);
    cat.budgetCurves.forEach((c, i) => {
      const kept = cat.catTuner.curves[i]!;
      expect(c.budget).toBe(kept.budget);
      expect(c.candidates).toEqual(kept.search.candidates);
      expect(c.candidates.some((x) => x.budget === c.budget)).toBe(true);
    });
    expect(bare.budgetCurves).toEqual([]);
  });

  it('refuses a missing random stream, a bad L, an unknown variant', () => {
    expect(() => makeCatCompressor({ variant: 'stochastic', dim: 10, L: 1, cost: AFFINE })).toThrow(cmsg.rngRequired());
    expect(() => makeCatCompressor({ variant: 'sparsification', dim: 10, L: 0, cost: AFFINE })).toThrow(msg.notPositive('smoothness L', 0));
    expect(() => makeCatCompressor({ variant: 'sq' as 'stochastic', dim: 10, L: 1, cost: AFFINE })).toThrow(cmsg.unknownVariant('sq'));
  });
});
