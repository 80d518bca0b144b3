import { describe, expect, it } from 'vitest';
import { toDense } from '../../../src/learn/compress/accumulate.js';
import { keepProbabilities, StochasticSparsifier } from '../../../src/learn/compress/stochastic.js';
import { TopK } from '../../../src/learn/compress/topk.js';
import { TopKSign } from '../../../src/learn/compress/topk-sign.js';
import { Encoding } from '../../../src/learn/encoding/encoding.js';
import * as msg from '../../../src/learn/messages.js';
import * as cmsg from '../../../src/learn/tuners/cat-messages.js';
import { CatTuner, catSearch, makeCatCompressor, shapeOf } from '../../../src/learn/tuners/index.js';
import { referenceCost, type ReferenceModel } from '../../../src/learn/tuners/cat-reference-cost.js';
import { RandomStream, RandomStreams } from '../../../src/sim/random.js';

const streams = new RandomStreams(5, 0);
const heavy = (d: number, name: string) => {
  const s = streams.stream(name);
  return Float32Array.from({ length: d }, () => s.normal() * (s.uniform() < 0.05 ? 20 : 1));
};
const PACKET: ReferenceModel = { kind: 'packet', c1: 576 * 8, c0: 64 * 8, pMaxBits: 512 * 8 };
const AFFINE: ReferenceModel = { kind: 'affine', c1: 1, c0: 54 * 8 };
const packed = new Encoding({ indices: 'packed' });
const normSq = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x * x, 0);

describe('CatTuner (CAT step 1 as a budget tuner)', () => {
  it('gives a budgeted compressor the T of catSearch under its own encoding', () => {
    const d = 2000;
    const g = heavy(d, 'tuner/1');
    const tuner = new CatTuner({ variant: 'sparsification', cost: PACKET });
    const topk = new TopK(d, tuner, { encoding: packed });
    const m = topk.compress(g);
    const payloadBits = (t: number) => packed.bitsFor({ kind: 'sparse', dim: d, value: 'fp32' }, t);
    const expected = catSearch(g, { variant: 'sparsification', cost: (t) => referenceCost(PACKET, payloadBits(t)), payloadBits, shape: shapeOf(PACKET) });
    expect(m.kind === 'sparse' && m.indices.length).toBe(expected.budget);
    expect(tuner.last).toMatchObject({ iteration: 0, worker: 0, budget: expected.budget, retuned: true });
    expect(tuner.name).toBe('cat-s(packet 4096b)');
  });

  it("falls back to the context's cost(k); refuses without a cost or payloadBits", () => {
    const g = heavy(500, 'tuner/2');
    const bits = (t: number) => 64 * t;
    const viaContext = new CatTuner({ variant: 'sparsification' }).budget(g, { iteration: 0, worker: 0, payloadBits: bits, cost: (t) => bits(t) + 432 });
    const viaOption = new CatTuner({ variant: 'sparsification', cost: AFFINE }).budget(g, { iteration: 0, worker: 0, payloadBits: bits });
    expect(viaContext).toBe(viaOption);
    const bare = new CatTuner({ variant: 'sparsification' });
    expect(() => bare.budget(g, { iteration: 0, worker: 0, payloadBits: bits })).toThrow(cmsg.noCost(bare.name));
    const priced = new CatTuner({ variant: 'sparsification', cost: AFFINE });
    expect(() => priced.budget(g, { iteration: 0, worker: 0 })).toThrow(cmsg.noPayloadBits(priced.name));
  });

  it('hybrid (Appendix H): searches every S iterations per worker and reuses T in between', () => {
    const d = 1000;
    const tuner = new CatTuner({ variant: 'sparsification-quantization', cost: PACKET, every: 3 });
    const bits = (t: number) => packed.bitsFor({ kind: 'sparse', dim: d, value: 'sign-scale' }, t);
    const log: string[] = [];
    const lastTuned = new Map<number, number>(); // worker → T of its last search
    for (let t = 0; t < 7; t++) {
      for (const worker of [0, 1]) {
        const g = heavy(d, `hybrid/${t}/${worker}`);
        const k = tuner.budget(g, { iteration: t, worker, payloadBits: bits });
        const fresh = catSearch(g, { variant: 'sparsification-quantization', cost: (x) => referenceCost(PACKET, bits(x)), payloadBits: bits }).budget;
        log.push(`${t}/${worker}:${tuner.last?.retuned ? 'tune' : 'reuse'}`);
        if (tuner.last?.retuned) {
          expect(k).toBe(fresh);
          lastTuned.set(worker, k);
        } else {
          expect(k).toBe(lastTuned.get(worker)); // this worker's own last search, not a fresh one
          expect(lastTuned.get(worker)).not.toBe(undefined);
        }
      }
    }
    expect(log.filter((l) => l.endsWith('tune')).map((l) => l.split(':')[0])).toEqual(['0/0', '0/1', '3/0', '3/1', '6/0', '6/1']);
    expect(tuner.name).toBe('cat-sq(packet 4096b, every 3)');
    expect(() => new CatTuner({ variant: 'stochastic', every: 0 })).toThrow(msg.notPositiveInteger('every (CAT hybrid re-tuning period)', 0));
    expect(() => new CatTuner({ variant: 'sparse' as 'stochastic' })).toThrow(cmsg.unknownVariant('sparse'));
  });

  it('keeps the decisions at curveIterations with the candidates of the search behind them (hybrid: the reused one)', () => {
    const d = 1000;
    const bits = (t: number) => packed.bitsFor({ kind: 'sparse', dim: d, value: 'fp32' }, t);
    const plain = new CatTuner({ variant: 'sparsification', cost: PACKET, every: 3 });
    const tuner = new CatTuner({ variant: 'sparsification', cost: PACKET, every: 3, curveIterations: [2, 4] });
    for (let t = 1; t <= 7; t++) {
      const g = heavy(d, `curves/${t}`);
      expect(tuner.budget(g, { iteration: t, worker: 0, payloadBits: bits })).toBe(plain.budget(g, { iteration: t, worker: 0, payloadBits: bits }));
      // The searches at 1 and 4 decide iterations 2 and 4 (and keep their candidates); the one at 7 decides neither.
      expect(tuner.last?.search.candidates !== undefined).toBe(t < 7);
    }
    expect(tuner.curves.map((c) => [c.iteration, c.searchedAt, c.retuned])).toEqual([[2, 1, false], [4, 4, true]]);
    for (const c of tuner.curves) {
      const best = c.search.candidates!.reduce((a, b) => (b.efficiency > a.efficiency ? b : a));
      expect(best.budget).toBe(c.budget);
    }
    expect(plain.curves).toEqual([]);
    expect(() => new CatTuner({ variant: 'sparsification', curveIterations: [1.5] })).toThrow(cmsg.curveIterationInvalid(1.5));
  });
});

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

  it('refuses a missing random stream, a bad L, an unknown variant', () => {
    expect(() => makeCatCompressor({ variant: 'stochastic', dim: 10, L: 1, cost: AFFINE })).toThrow(cmsg.rngRequired());
    expect(() => makeCatCompressor({ variant: 'sparsification', dim: 10, L: 0, cost: AFFINE })).toThrow(msg.notPositive('smoothness L', 0));
    expect(() => makeCatCompressor({ variant: 'sq' as 'stochastic', dim: 10, L: 1, cost: AFFINE })).toThrow(cmsg.unknownVariant('sq'));
  });
});

describe("CAT's reference models (§2.2)", () => {
  it('computes payload, affine and packet costs', () => {
    expect(referenceCost({ kind: 'payload' }, 1000)).toBe(1000);
    expect(referenceCost({ kind: 'affine', c1: 1, c0: 54 * 8 }, 1000)).toBe(1432);
    // eq. 6 with the paper's Experiment 2 constants: c1 = 576 B, c0 = 64 B, Pmax = 512 B
    expect(referenceCost({ kind: 'packet', c1: 576 * 8, c0: 64 * 8, pMaxBits: 512 * 8 }, 513 * 8)).toBe(2 * 576 * 8 + 64 * 8);
  });
});
