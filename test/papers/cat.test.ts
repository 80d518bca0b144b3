/**
 * Reproduction: CAT (S. Khirirat, A. Aytekin, S. Magnússon, M. Johansson, "A
 * flexible framework for communication-efficient machine learning: from HPC
 * to IoT"): §6 Experiment 2 and App. H; its propositions are checked in
 * cat-propositions.test.ts.
 *
 * Claims checked:
 * - §6, Experiment 2: CAT S+Q vs Alistarh's dynamic S+Q, 4 workers, packet
 *   model c1 = 576 B, c0 = 64 B, Pmax = 512 B: "roughly 6 times more
 *   communication efficient" — measured across loss targets, since the
 *   factor is set by where Alistarh's S+Q stalls; and Figure 2 (right):
 *   CAT S+Q on the fewest bits against dense GD, CAT SG, CAT SS (per-worker
 *   step and App. G's common step ω(T)/(2L)) and fixed-T stochastic
 *   sparsification. Measured here at laptop scale (pinned below).
 * - App. H: the hybrid (re-tune every S iterations) sends what CAT sends and
 *   spends less compression compute (each message's work, CompressionWork).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addMessage, CommonStep } from '../../src/learn/compress/accumulate.js';
import type { Compressor } from '../../src/learn/compress/compressor.js';
import { Identity, StochasticSparsifier } from '../../src/learn/compress/index.js';
import { compressionSeconds, DEVICE_PRESETS } from '../../src/learn/devices.js';
import type { Dataset } from '../../src/learn/data/dataset.js';
import { makeSyntheticLogistic } from '../../src/learn/data/synthetic-logistic.js';
import { Encoding } from '../../src/learn/encoding/encoding.js';
import { LogisticRegression } from '../../src/learn/models/logistic.js';
import { partitionIid } from '../../src/learn/partition.js';
import { makeAlistarhCompressor } from '../../src/learn/compress/alistarh.js';
import { makeCatCompressor } from '../../src/learn/compress/cat.js';
import type { CatVariant } from '../../src/learn/tuners/cat/index.js';
import { referenceCost } from '../../src/learn/tuners/cat/reference-cost.js';
import { RandomStreams } from '../../src/sim/random.js';
import { PACKET as PACKET_S6 } from '../learn/tuners/cat/fixtures.js'; // §6's packet model, in bits

const streams = new RandomStreams(2019, 0);

/**
 * Logistic loss and shard gradients in float64 JavaScript (the TensorFlow.js
 * model is checked against it below): one pass for all margins per
 * iteration, then Xᵀ·coef per shard — a few ms per iteration at d = 1000.
 */
class FastLogistic {
  private readonly margins: Float64Array;
  constructor(private readonly data: Dataset) {
    this.margins = new Float64Array(data.nTrain);
  }

  /** Margins x_i·w for every training sample; then `loss()` and `gradient()` use them. */
  at(w: Float32Array): void {
    const { d, nTrain, xTrain } = this.data;
    for (let i = 0; i < nTrain; i++) {
      let m = 0;
      const row = i * d;
      for (let j = 0; j < d; j++) m += (xTrain[row + j] as number) * (w[j] as number);
      this.margins[i] = m;
    }
  }

  loss(): number {
    const { nTrain, yTrain } = this.data;
    let s = 0;
    for (let i = 0; i < nTrain; i++) {
      const z = -(yTrain[i] as number) * (this.margins[i] as number);
      s += z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }
    return s / nTrain;
  }

  /** ∇ mean_{i∈shard} log(1 + exp(−y_i x_i·w)) as float32. */
  gradient(shard: Int32Array): Float32Array {
    const { d, xTrain, yTrain } = this.data;
    const g = new Float64Array(d);
    for (const i of shard) {
      const y = yTrain[i] as number;
      const z = y * (this.margins[i] as number);
      const coef = -y / (1 + Math.exp(z)); // −y·σ(−y m)
      const row = i * d;
      for (let j = 0; j < d; j++) g[j] = (g[j] as number) + coef * (xTrain[row + j] as number);
    }
    return Float32Array.from(g, (v) => v / shard.length);
  }
}

describe('§6 Experiment 2 at laptop scale: Figure 2 (right) — dense, CAT SG, SS and S+Q, Alistarh’s S+Q, fixed-T SS; 4 workers, packet model', () => {
  // Fixed before measuring: d = 1000, 4000 samples (weightStd 4, dense features), 4 IID shards, full-batch
  // local gradients, step 1/L of the full objective with each worker's γ(T) folded into its message (CAT SS
  // also with App. G's common step ω(T)/(2L)), packed indices, FPP = 32 (the sign-scale scale is fp32; §6
  // Exp. 1 states FPP = 32), 200 iterations each. Bits: the packet model C = c1·⌈P/Pmax⌉ + c0 per message.
  const d = 1000;
  const iterations = 200;
  const workers = 4;
  const HYBRID = 20; // App. H's hybrid-200 ran 30 000 iterations; 20 keeps 10 searches in our 200
  const cpu = DEVICE_PRESETS['server-cpu']!;
  const arms = ['dense', 'cat-sq', 'alistarh-sq', 'cat-sg', 'cat-ss', 'cat-ss-common', 'ss-64', 'ss-256', 'ss-64-omega', 'ss-256-omega'] as const;
  type Arm = (typeof arms)[number];
  let result: Record<Arm, Trace>;
  /** Worker 0's compression compute per iteration of the hybrid (S = HYBRID) fed CAT S+Q's gradients, s. */
  let hybridCompressS: number[];
  /** The same, every iteration and hybrid, with each search charged as the paper's sort of all d magnitudes (searchCharge: full-sort). */
  let fullSortCompressS: number[];
  let fullSortHybridCompressS: number[];

  interface Trace {
    readonly loss: number[];
    /** Packet-model cost C(P) summed over workers and iterations, bits; bits[t] after iteration t. */
    readonly bits: number[];
    /** Worker 0's message budgets (coordinates sent), per iteration. */
    readonly budgets: number[];
    /** Worker 0's compression compute per iteration on a server core (its messages' work, see CompressionWork), s. */
    readonly compressS: number[];
  }

  beforeAll(async () => {
    const data = makeSyntheticLogistic({ nTrain: 4000, nTest: 100, d, weightStd: 4 }, streams.stream('cat/s6/data'));
    const shards = partitionIid(data.nTrain, workers, streams.stream('cat/s6/shards'));
    const model = await LogisticRegression.create(data);
    const L = model.smoothness();
    // The float64 gradient agrees with the TensorFlow.js model's.
    const fast = new FastLogistic(data);
    const probe = Float32Array.from({ length: d }, (_, j) => Math.sin(j) * 3);
    fast.at(probe);
    const tfGrad = model.gradient(probe, shards[1] as Int32Array);
    const jsGrad = fast.gradient(shards[1] as Int32Array);
    const err = Math.sqrt(jsGrad.reduce((s, v, j) => s + (v - (tfGrad[j] as number)) ** 2, 0) / jsGrad.reduce((s, v) => s + v * v, 0));
    expect(err).toBeLessThan(1e-4);
    expect(fast.loss()).toBeCloseTo(model.loss(probe), 4);
    model.dispose();

    const encoding = new Encoding({ indices: 'packed' });
    // `shadows`: more compressors per worker fed the same vectors, whose messages must equal the run's (their work is kept)
    type Shadow = { make: (worker: number) => Compressor; compressS: number[] };
    const run = (make: (worker: number) => Compressor, steps = iterations, shadows: Shadow[] = []): Trace => {
      const compressors = Array.from({ length: workers }, (_, i) => make(i));
      const twins = shadows.map((sh) => Array.from({ length: workers }, (_, i) => sh.make(i)));
      const common = new CommonStep();
      const w = new Float32Array(d);
      fast.at(w);
      const loss = [fast.loss()];
      const bits = [0];
      const budgets: number[] = [];
      const compressS: number[] = [];
      let total = 0;
      for (let t = 1; t <= steps; t++) {
        const acc = new Float32Array(d);
        compressors.forEach((c, i) => {
          const g = fast.gradient(shards[i] as Int32Array);
          const m = c.compress(g, { iteration: t, worker: i });
          twins.forEach((twin, k) => {
            const n = twin[i]!.compress(g, { iteration: t, worker: i });
            expect(n.bits).toBe(m.bits);
            expect(n.values).toEqual(m.values);
            if (i === 0) shadows[k]!.compressS.push(compressionSeconds(cpu, twin[i]!.lastWork));
          });
          total += referenceCost(PACKET_S6, m.bits);
          if (i === 0) {
            budgets.push(m.kind === 'sparse' ? m.indices.length : d);
            compressS.push(compressionSeconds(cpu, c.lastWork));
          }
          addMessage(acc, m, 1 / workers);
          common.add(m);
        });
        const f = common.factor(); // App. G: ω(T)/2 for the common step, else 1
        for (let j = 0; j < d; j++) w[j] = (w[j] as number) - (f * (acc[j] as number)) / L;
        fast.at(w);
        loss.push(fast.loss());
        bits.push(total);
      }
      return { loss, bits, budgets, compressS };
    };
    const cat =
      (variant: CatVariant, more: Partial<Parameters<typeof makeCatCompressor>[0]> = {}) =>
      (i: number) =>
        makeCatCompressor({ variant, dim: d, L, cost: PACKET_S6, encoding, ...(variant === 'stochastic' ? { rng: streams.stream(`cat/s6/${variant}/${more.step ?? ''}/${i}`) } : {}), ...more });
    const fixedT = (k: number) => (i: number) => {
      const c = makeCatCompressor({ variant: 'stochastic', dim: d, L, cost: PACKET_S6, encoding, rng: streams.stream(`cat/s6/fixed${k}/${i}`) });
      c.setBudget({ k });
      return c;
    };
    const make: Record<Arm, (i: number) => Compressor> = {
      dense: () => new Identity(d),
      'cat-sq': cat('sparsification-quantization'),
      'alistarh-sq': () => makeAlistarhCompressor({ dim: d, encoding }),
      'cat-sg': cat('sparsification'),
      'cat-ss': cat('stochastic'),
      'cat-ss-common': cat('stochastic', { step: 'common' }),
      'ss-64': (i) => new StochasticSparsifier(d, { k: 64 }, { encoding, rng: streams.stream(`cat/s6/ss64/${i}`) }),
      'ss-256': (i) => new StochasticSparsifier(d, { k: 256 }, { encoding, rng: streams.stream(`cat/s6/ss256/${i}`) }),
      // fixed T with Lemma 4's step ω(T)/L, as CAT SS takes it: CAT's compressor with its budget fixed
      'ss-64-omega': fixedT(64),
      'ss-256-omega': fixedT(256),
    };
    // CAT S+Q and Alistarh's run 200 iterations (where Alistarh's stalls); the others 100, enough for the targets below
    const sq = (more: Partial<Parameters<typeof makeCatCompressor>[0]>) => ({ make: cat('sparsification-quantization', more), compressS: [] as number[] });
    const shadows = [sq({ hybridEvery: HYBRID }), sq({ searchCharge: 'full-sort' }), sq({ hybridEvery: HYBRID, searchCharge: 'full-sort' })];
    result = Object.fromEntries(arms.map((arm) => [arm, arm === 'cat-sq' ? run(make[arm], iterations, shadows) : run(make[arm], arm === 'alistarh-sq' ? iterations : 100)])) as Record<Arm, Trace>;
    [hybridCompressS, fullSortCompressS, fullSortHybridCompressS] = shadows.map((x) => x.compressS) as [number[], number[], number[]];
  }, 120_000);

  /** Bits spent when the loss first reaches `target` (Infinity if never). */
  const bitsTo = (trace: Trace, target: number) => {
    const i = trace.loss.findIndex((l) => l <= target);
    return i < 0 ? Infinity : (trace.bits[i] as number);
  };
  const perIteration = workers * (576 + 64) * 8; // one packet per message

  it('CAT S+Q and Alistarh’s S+Q both send one packet per message: CAT fills it (T = 369 = ⌊(4096 − 32)/11⌋), Alistarh sends 11–17 coordinates', () => {
    const { 'cat-sq': cat, 'alistarh-sq': alistarh } = result;
    expect(new Set(cat.budgets)).toEqual(new Set([369]));
    expect(Math.min(...alistarh.budgets)).toBe(11);
    expect(Math.max(...alistarh.budgets)).toBe(17);
    // Same cost per iteration (c1·1 + c0 per worker), so the bit ratio is an iteration ratio.
    expect(cat.bits[1]).toBe(perIteration);
    expect(alistarh.bits[1]).toBe(perIteration);
    // dense: 32 000 bits = 8 packets per message
    expect(result.dense.bits[1]).toBe(workers * (8 * 576 + 64) * 8);
  });

  it('CAT S+Q needs fewer bits than Alistarh’s S+Q to reach the same loss — ≈6× at ε = 0.4 in the paper; measured 3× to 49× across targets, ∞ at 0.4 (the factor does not reproduce: it is set by where Alistarh’s S+Q stalls)', () => {
    const { 'cat-sq': cat, 'alistarh-sq': alistarh } = result;
    const f0 = cat.loss[0] as number;
    const fA = alistarh.loss[iterations] as number;
    // Targets: 25 %, 50 %, 75 %, 90 %, 100 % of the decrease Alistarh's S+Q achieves in 200 iterations.
    const targets = [0.25, 0.5, 0.75, 0.9, 1].map((f) => f0 - f * (f0 - fA));
    const iterationsTo = (trace: Trace) => targets.map((e) => bitsTo(trace, e) / perIteration);
    expect(Math.round(f0 * 1e4) / 1e4).toBe(0.6931);
    expect(Math.round(fA * 1e4) / 1e4).toBe(0.4184); // Alistarh's S+Q stalls here (plateau from ≈ iteration 100)
    expect(Math.round((cat.loss[iterations] as number) * 1e4) / 1e4).toBe(0.1554);
    expect(Math.round(targets[0]! * 1e4) / 1e4).toBe(0.6245);
    expect(iterationsTo(alistarh)).toEqual([3, 9, 19, 32, 98]);
    expect(iterationsTo(cat)).toEqual([1, 1, 2, 2, 2]);
    // the factor grows as the target nears where Alistarh's S+Q stalls: 3× at a quarter of its decrease, 49× at all of it
    expect(targets.map((e) => bitsTo(alistarh, e) / bitsTo(cat, e))).toEqual([3, 9, 9.5, 16, 49]);
    // at absolute losses: 5× at 0.6 up to 17× at 0.5, then ∞ from 0.4 (Alistarh's S+Q never gets there)
    expect([0.6, 0.55, 0.5, 0.45].map((e) => bitsTo(alistarh, e) / bitsTo(cat, e))).toEqual([5, 9, 17, 15]);
    // The paper's ε = 0.4 (its loss on RCV1): CAT after 3 iterations, Alistarh's S+Q never (∞ bits).
    expect(bitsTo(cat, 0.4) / perIteration).toBe(3);
    expect(bitsTo(alistarh, 0.4)).toBe(Infinity);
  });

  it('Figure 2 (right): CAT S+Q reaches every target on the fewest bits — against dense GD, CAT SG and SS, fixed-T SS and Alistarh; CAT SS on fewer than fixed T with its step (Fig. 11)', () => {
    const targets = [0.5, 0.4, 0.3, 0.2]; // 0.4: the paper's ε
    // kbit (packet model) to each target; Infinity: not reached (CAT S+Q and Alistarh's in 200 iterations, the others in 100)
    const table = Object.fromEntries(arms.map((arm) => [arm, targets.map((e) => bitsTo(result[arm], e) / 1e3)]));
    expect(mapValues(table, (r) => r.map((x) => (Number.isFinite(x) ? Math.round(x) : x)))).toEqual({
      dense: [150, 299, 748, 2392],
      'cat-sq': [20, 61, 143, 573],
      'alistarh-sq': [348, Infinity, Infinity, Infinity],
      'cat-sg': [61, 143, 553, Infinity], // deterministic Top-T without error feedback stalls at 0.268
      'cat-ss': [165, 250, 675, 2352],
      'cat-ss-common': [237, 581, 1337, 4723], // App. G's ω(T)/(2L): half the per-worker step or less
      'ss-64': [102, 143, 246, 676],
      'ss-256': [57, 115, 287, 1090],
      'ss-64-omega': [205, 430, 1024, Infinity],
      'ss-256-omega': [172, 287, 745, 2466],
    });
    // Figs. 1c and 11: CAT SS spends no more than stochastic sparsification at a fixed T with the same step
    // ω(T)/L (at the scheme's 1/L step, fixed T does better here: a larger step than Lemma 4's)
    for (const fixed of ['ss-64-omega', 'ss-256-omega']) table[fixed]!.forEach((x, k) => expect(table['cat-ss']![k]).toBeLessThan(x));
    for (const [arm, row] of Object.entries(table)) if (arm !== 'cat-sq') row.forEach((x, k) => expect(x).toBeGreaterThan(table['cat-sq']![k]!));
    // CAT S+Q against dense GD: 4–7× here (d = 1000: a dense message is 8 packets); Exp. 1 reports up to two orders of magnitude at d = 3.2·10⁶
    expect(targets.map((e) => Math.round((bitsTo(result.dense, e) / bitsTo(result['cat-sq'], e)) * 10) / 10)).toEqual([7.3, 4.9, 5.2, 4.2]);
  });

  it('App. H: the hybrid (S = 20) sends what every-iteration CAT sends and searches 10 times, not 200 — 3× less compression compute with our search, 13× charged as the paper’s full sort', () => {
    const every = result['cat-sq'].compressS;
    const total = (x: number[]) => x.reduce((a, b) => a + b, 0);
    const selectionPass = d * cpu.selectSPerElement;
    // the hybrid's messages equal every-iteration CAT's (checked in the run: T = 369 at every search), so it
    // follows the same trajectory; between searches it pays one selection pass, at a search what CAT pays
    expect(hybridCompressS).toHaveLength(iterations);
    hybridCompressS.forEach((x, k) => expect(x).toBeCloseTo(k % HYBRID === 0 ? (every[k] as number) : selectionPass, 15));
    const saved = total(every) - total(hybridCompressS);
    expect(saved).toBeCloseTo(total(every.filter((_, k) => k % HYBRID !== 0)) - (iterations - iterations / HYBRID) * selectionPass, 12);
    // Figure 9 (right): "reduces the time to sparsify the gradients by roughly an order of magnitude" — our search
    // reads g about 2.6 times and sorts no full vector, so skipping it saves ≈ 3× (the selection pass stays)
    expect(Math.round((total(every) / total(hybridCompressS)) * 10) / 10).toBe(3.2);
    // Figure 5: CAT's sparsification time ≈ 10× Alistarh's (a full sort in C++); here the two searches cost about the same
    expect(Math.round((total(every) / total(result['alistarh-sq'].compressS)) * 10) / 10).toBe(1.2);
    // Charged as the paper's procedure (sort all d = 1000 magnitudes: d·log2 d comparisons, then T* + 1 = 370
    // evaluations), a search costs ≈ 31 selection passes, and the hybrid saves an order of magnitude
    const sortSearch = d * Math.log2(d) * cpu.sortSPerComparison + (d + 370) * cpu.selectSPerElement;
    expect(fullSortCompressS[0]).toBeCloseTo(sortSearch + selectionPass, 15);
    expect(Math.round(total(fullSortCompressS) / total(fullSortHybridCompressS))).toBe(13);
    // and CAT charged so against Alistarh's search as it runs: Figure 5's order of magnitude
    expect(Math.round(total(fullSortCompressS) / total(result['alistarh-sq'].compressS))).toBe(11);
  });
});

function mapValues<T, U>(o: Record<string, T>, f: (v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}
