/**
 * Reproductions of Bereyhi, Liang, Boudreau, Afana, "Novel gradient
 * sparsification algorithm via Bayesian inference" (2024): the §1.2 toy
 * (Fig. 1) and the §4.1 linear regression (Fig. 2). Measured values are
 * pinned next to the paper's.
 *
 * The distributed loop is the parameter-server scheme's arithmetic without
 * the network: every worker computes its full-batch gradient at the common
 * w^t and compresses it with its own compressor (error feedback + Top-k or
 * RegTop-k), the server averages the decoded messages (`addMessage`, scale
 * 1/N, as `aggregation: mean`), everyone steps (`step`, w ← w − η g), and
 * each worker's RegTop-k is fed the aggregate (`observeAggregate`).
 *
 * Constants the paper does not print (μ, Q, iteration count of Fig. 2) are
 * the ones in the authors' public code (github.com/AlBerey/RegTopK:
 * Toy_Example.py μ = 1, 150 iterations; LinearRegression.py μ = 4,
 * 2500 rounds; both Δ = 1e8 off the previous selection, i.e. Q = 1e8).
 * η = 10⁻² is the paper's, on gradwire's ½(x·w − y)² loss (models/linear.ts);
 * the authors' code uses the mean squared error without ½, i.e. twice this
 * step. At η = 0.02 the §4.1 picture is the same (measured while writing
 * these tests: Top-k 3.8e-2, Algorithm 1 3.9e-2, authors'-code Δ 5.1e-6 at
 * S = 0.6), as it is for data seeds 2 and 3 and, for Algorithm 1 as printed,
 * for every μ in {0.05, 0.25, 1, 4, 16, 64, 1000} and Q ∈ {0.5, 1e8}.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMessage } from '../../src/learn/compress/accumulate.js';
import type { Compressor } from '../../src/learn/compress/compressor.js';
import { ErrorFeedback } from '../../src/learn/compress/error-feedback.js';
import { aggregateObserverOf, regTopKWithErrorFeedback, type RegTopKDenominator } from '../../src/learn/compress/regtopk.js';
import { TopK } from '../../src/learn/compress/topk.js';
import { makeRegTopkLinear, type RegTopkLinearDataset } from '../../src/learn/data/linear-regression.js';
import { makeTwoPointToy, twoPointToySettings } from '../../src/learn/data/two-point-toy.js';
import { LinearRegression } from '../../src/learn/models/linear.js';
import { LogisticRegression } from '../../src/learn/models/logistic.js';
import { step } from '../../src/learn/schemes/worker-step.js';
import { RandomStreams } from '../../src/sim/random.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { join } from 'node:path';

/** How every worker compresses: dense (undefined), or a fresh compressor per worker. */
type Method = ((worker: number) => Compressor) | undefined;

/**
 * Synchronous distributed gradient descent with mean aggregation (eq. 1 with
 * ω_n = 1/N). Calls `observe(t, w)` with w^0 and with w^t after every
 * iteration t = 1…T. Returns w^T.
 */
function train(options: {
  readonly workers: number;
  readonly gradient: (worker: number, w: Float32Array) => Float32Array;
  readonly method: Method;
  readonly learningRate: number;
  readonly iterations: number;
  readonly init: Float32Array;
  readonly observe: (t: number, w: Float32Array) => void;
}): Float32Array {
  const { workers: N, gradient, method, learningRate, iterations, init, observe } = options;
  const w = init.slice();
  const compressors = method === undefined ? undefined : Array.from({ length: N }, (_, n) => method(n));
  observe(0, w);
  for (let t = 1; t <= iterations; t++) {
    const aggregate = new Float32Array(w.length);
    for (let n = 0; n < N; n++) {
      const g = gradient(n, w);
      if (compressors === undefined) for (let j = 0; j < w.length; j++) aggregate[j] = (aggregate[j] as number) + (g[j] as number) / N;
      else addMessage(aggregate, compressors[n]!.compress(g, { iteration: t, worker: n }), 1 / N);
    }
    step(w, learningRate, aggregate);
    if (compressors !== undefined) for (const c of compressors) aggregateObserverOf(c)?.observeAggregate(aggregate);
    observe(t, w);
  }
  return w;
}

const topK =
  (dim: number, k: number): Method =>
  () =>
    new ErrorFeedback(new TopK(dim, { k }));
const regTopK =
  (dim: number, k: number, workers: number, mu: number, denominator: RegTopKDenominator): Method =>
  () =>
    regTopKWithErrorFeedback(dim, { k }, { weight: 1 / workers, mu, q: 1e8, denominator });

describe('RegTop-k paper §1.2: the two-point toy (Fig. 1)', () => {
  const settings = twoPointToySettings();
  const T = 110; // Fig. 1 shows 100 iterations; 10 more to see Top-1 move
  let model: LogisticRegression;
  const losses: Record<string, number[]> = {};
  const thetas: Record<string, [number, number][]> = {};

  beforeAll(async () => {
    model = await LogisticRegression.create(makeTwoPointToy(), { init: settings.init });
    const methods: Record<string, Method> = {
      dense: undefined,
      top1: topK(2, 1),
      regtop1: regTopK(2, 1, 2, 1, 'current'),
      'regtop1-previous': regTopK(2, 1, 2, 1, 'previous'),
    };
    for (const [name, method] of Object.entries(methods)) {
      losses[name] = [];
      thetas[name] = [];
      train({
        workers: settings.workers,
        gradient: (n, w) => model.gradient(w, settings.parts[n]!),
        method,
        learningRate: settings.learningRate,
        iterations: T,
        init: model.init(),
        observe: (_, w) => {
          losses[name]!.push(model.loss(w));
          thetas[name]!.push([w[0] as number, w[1] as number]);
        },
      });
    }
  });
  afterAll(() => model.dispose());

  it('has local gradients whose first entries cancel in the average at w⁰ (eq. 2; the paper prints 0.736 for the factor, eq. 2 gives σ(−1) = 0.269)', () => {
    const g1 = model.gradient(settings.init, settings.parts[0]!);
    const g2 = model.gradient(settings.init, settings.parts[1]!);
    const s = 1 / (1 + Math.E); // e^{−1}/(1 + e^{−1})
    expectClose(g1[0]!, -100 * s, 1e-5);
    expectClose(g1[1]!, -s, 1e-5);
    expectClose(g2[0]!, 100 * s, 1e-5);
    expect(g1[0]! + g2[0]!).toBe(0);
    expect(g1[1]).toBe(g2[1]);
  });

  it('Top-1 with error accumulation leaves w at w⁰ for 99 iterations, then takes a 100× step (paper: no progress after 100 iterations)', () => {
    const th = thetas.top1!;
    for (let t = 1; t <= 99; t++) expect(th[t]).toEqual([0, 1]);
    expectClose(losses.top1![99]!, 0.3133, 1e-3); // F(w⁰) = log(1 + e^{−1})
    // Iteration 100: the accumulated second entry, 100 × 0.269, meets the first entry's 26.9. Equal in exact
    // arithmetic (the lower index would win and Top-1 would wait one more iteration, as the paper says);
    // the float32 running sum is 26.89417 > 26.89414, so Top-1 sends it now: θ₂ = 1 + 0.9 × 26.89 — 100 dense steps at once.
    expect(th[100]![0]).toBe(0);
    expectClose(th[100]![1], 25.2048, 1e-4);
    expect(losses.top1![100]!).toBeLessThan(1e-10);
  });

  it('RegTop-1 (Algorithm 1 as printed, μ = 1, Q = 1e8) lowers the loss from iteration 2 and tracks dense GD within 0.91–1.30× (paper: tracks non-sparsified training)', () => {
    expect(thetas.regtop1![1]).toEqual([0, 1]); // line 1: plain Top-1, the first entries cancel
    expectClose(losses.regtop1![2]!, 0.2043, 1e-3); // dense: 0.2119
    expectClose(losses.dense![2]!, 0.2119, 1e-3);
    const [lo, hi] = ratioRange(losses.regtop1!, losses.dense!, 2, 100);
    expectClose(lo, 0.9149, 1e-3);
    expectClose(hi, 1.2929, 1e-3);
    expectClose(losses.regtop1![100]!, 0.01083, 1e-3); // dense: 0.01097
    expectClose(losses.dense![100]!, 0.01097, 1e-3);
    for (const th of thetas.regtop1!) expect(th[0]).toBe(0); // the cancelling first entry never moves w
  });

  it("RegTop-1 with the authors' code's Δ (over ω a^{t−1}) tracks dense GD as well, within 0.95–1.13×", () => {
    expect(thetas['regtop1-previous']![1]).toEqual([0, 1]);
    expectClose(losses['regtop1-previous']![2]!, 0.2043, 1e-3);
    const [lo, hi] = ratioRange(losses['regtop1-previous']!, losses.dense!, 2, 100);
    expectClose(lo, 0.9498, 1e-3);
    expectClose(hi, 1.1271, 1e-3);
    expectClose(losses['regtop1-previous']![100]!, 0.01078, 1e-3);
  });
});

describe('RegTop-k paper §4.1: linear regression (Fig. 2)', () => {
  const N = 20;
  const J = 100;
  const eta = 0.01;
  const T = 2500;
  const MU = 4;
  let data: RegTopkLinearDataset;
  let model: LinearRegression;
  let wStar: Float32Array;
  let gradient: (n: number, w: Float32Array) => Float32Array;
  const runs: Record<string, { final: number; tailMin: number; tailMax: number; w: Float32Array }> = {};

  beforeAll(async () => {
    data = makeRegTopkLinear({}, new RandomStreams(1, 0).stream('data'));
    model = await LinearRegression.create(data);
    wStar = model.optimum!.w;
    gradient = gramGradients(data);
    const run = (name: string, method: Method) => {
      let tailMin = Infinity;
      let tailMax = 0;
      let final = NaN;
      const w = train({
        workers: N,
        gradient,
        method,
        learningRate: eta,
        iterations: T,
        init: model.init(),
        observe: (t, w) => {
          if (t <= T - 500) return;
          final = distance(w, wStar);
          tailMin = Math.min(tailMin, final);
          tailMax = Math.max(tailMax, final);
        },
      });
      runs[name] = { final, tailMin, tailMax, w };
    };
    run('dense', undefined);
    for (const S of [0.4, 0.5, 0.6]) {
      const k = Math.round(S * J);
      run(`topk/${S}`, topK(J, k));
      run(`regtopk/${S}`, regTopK(J, k, N, MU, 'current'));
      run(`regtopk-previous/${S}`, regTopK(J, k, N, MU, 'previous'));
    }
  }, 120_000);
  afterAll(() => model.dispose());

  it("uses the model's gradient: the Gram form H_n w − b_n equals LinearRegression.gradient(w, parts[n]) to 1e-5", () => {
    let worst = 0;
    for (const w of [model.init(), runs.dense!.w, runs['topk/0.6']!.w]) {
      for (let n = 0; n < N; n++) {
        const a = gradient(n, w);
        const b = model.gradient(w, data.parts[n]!);
        for (let j = 0; j < J; j++) worst = Math.max(worst, Math.abs((a[j] as number) - (b[j] as number)));
      }
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it('dense distributed GD converges from ‖w⁰ − w*‖ = 5.31 to the float32 floor 2.4e-5 in 2500 iterations', () => {
    expectClose(distance(model.init(), wStar), 5.3052, 1e-4);
    expectClose(runs.dense!.final, 2.438e-5, 1e-2);
  });

  it('Top-k stays at a fixed gap from w* at S = 0.4, 0.5, 0.6 (paper: oscillates at a fixed distance)', () => {
    const pinned = { 0.4: [3.088e-2, 2.774e-2, 3.746e-2], 0.5: [2.372e-2, 1.924e-2, 2.848e-2], 0.6: [1.779e-2, 1.459e-2, 2.047e-2] };
    for (const [S, [final, min, max]] of Object.entries(pinned)) {
      const r = runs[`topk/${S}`]!;
      expectClose(r.final, final!, 1e-2);
      expectClose(r.tailMin, min!, 1e-2); // over the last 500 iterations
      expectClose(r.tailMax, max!, 1e-2);
    }
  });

  it('does not reproduce with Algorithm 1 as printed (Δ over ω a^t): at S = 0.6 RegTop-k stalls like Top-k, 2.71e-2 vs 1.78e-2 (paper: tracks dense GD)', () => {
    const pinned = { 0.4: [2.925e-2, 2.782e-2], 0.5: [2.726e-2, 2.041e-2], 0.6: [2.708e-2, 2.066e-2] };
    for (const [S, [final, min]] of Object.entries(pinned)) {
      const r = runs[`regtopk/${S}`]!;
      expectClose(r.final, final!, 1e-2);
      expectClose(r.tailMin, min!, 1e-2);
    }
    // No gain over Top-k at S = 0.6: the final gap is 1.52× Top-k's, not far below it.
    expectClose(runs['regtopk/0.6']!.final / runs['topk/0.6']!.final, 1.522, 1e-2);
    expect(runs['regtopk/0.6']!.tailMin).toBeGreaterThan(1e-2);
  });

  it("reproduces with the authors' code's Δ (over ω a^{t−1}): at S = 0.6 RegTop-k reaches the float32 floor, 1.79e-5 vs Top-k 1.78e-2 (≈ 990× lower)", () => {
    const r = runs['regtopk-previous/0.6']!;
    expectClose(r.final, 1.791e-5, 1e-2);
    expectClose(r.tailMax, 1.791e-5, 1e-2); // converged for the whole last 500 iterations
    expectClose(runs['topk/0.6']!.final / r.final, 993, 1e-2);
    expect(r.tailMax).toBeLessThan(runs.dense!.final); // as close as dense GD gets in float32
    // S = 0.5: partly (3.0e-3, 7.8× below Top-k); S = 0.4: not (2.7e-2, like Top-k). The paper shows S = 0.6 as the
    // sparsity where RegTop-k starts to track dense GD.
    expectClose(runs['regtopk-previous/0.5']!.final, 3.037e-3, 1e-2);
    expectClose(runs['regtopk-previous/0.4']!.final, 2.721e-2, 1e-2);
  });
});

describe('RegTop-k in scenarios: Δ over the previous sent value by default (the reading that reproduces §4.1 above)', () => {
  const denominatorOf = (scheme: { uplink: { compressor: unknown } }) => (scheme.uplink.compressor as { denominator: string }).denominator;

  it('a regtopk compressor without `denominator` divides by the previous sent value; `current` stays available', () => {
    const scenario = parseScenario(
      `name: d
workers: { count: 2, batchSize: full }
model: { kind: two-point }
schemes:
  - { name: default, uplink: { compressor: { kind: regtopk, k: 1 }, errorFeedback: true } }
  - { name: printed, uplink: { compressor: { kind: regtopk, k: 1, denominator: current }, errorFeedback: true } }
`,
      'inline.yaml',
    );
    expect(scenario.schemes.map(denominatorOf)).toEqual(['previous', 'current']);
  });

  it('the bundled §1.2 and §4.1 scenarios run the default as their RegTop-k and Algorithm 1 as printed beside it', () => {
    const expected = {
      'regtopk-toy.yaml': [
        ['regtop1', 'previous'],
        ['regtop1-printed', 'current'],
      ],
      'regtopk-linear.yaml': [
        ['regtopk-s60', 'previous'],
        ['regtopk-printed-s60', 'current'],
      ],
    };
    for (const [file, schemes] of Object.entries(expected)) {
      const scenario = loadScenario(join(import.meta.dirname, '../../scenarios/papers', file));
      const regtopk = scenario.schemes.filter((s) => s.uplink.compressor.kind === 'regtopk');
      expect(regtopk.map((s) => [s.name, denominatorOf(s)])).toEqual(schemes);
    }
  });
});

/** expect |actual − expected| ≤ rel·|expected|. */
function expectClose(actual: number | undefined, expected: number, rel: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

/** [min, max] over t ∈ [from, to] of a[t] / b[t]. */
function ratioRange(a: readonly number[], b: readonly number[], from: number, to: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = from; t <= to; t++) {
    const r = (a[t] as number) / (b[t] as number);
    lo = Math.min(lo, r);
    hi = Math.max(hi, r);
  }
  return [lo, hi];
}

/** ‖a − b‖₂ in float64. */
function distance(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += ((a[j] as number) - (b[j] as number)) ** 2;
  return Math.sqrt(s);
}

/**
 * Worker n's full-batch gradient of the model's loss mean_i ½(x_i·w − y_i)²
 * over its own samples, H_n w − b_n with H_n = X_nᵀX_n/D, b_n = X_nᵀy_n/D
 * formed once in float64: the same function as `LinearRegression.gradient(w,
 * parts[n])` (checked in the tests), ~40× cheaper per call than a tfjs
 * gather + autodiff, which keeps 10 runs × 2500 iterations × 20 workers
 * within the test budget.
 */
function gramGradients(data: RegTopkLinearDataset): (n: number, w: Float32Array) => Float32Array {
  const d = data.d;
  const grams = data.parts.map((part) => {
    const h = new Float64Array(d * d);
    const b = new Float64Array(d);
    for (const i of part) {
      const y = data.yTrain[i] as number;
      for (let j = 0; j < d; j++) {
        const xj = data.xTrain[i * d + j] as number;
        b[j] = (b[j] as number) + xj * y;
        for (let k = 0; k < d; k++) h[j * d + k] = (h[j * d + k] as number) + xj * (data.xTrain[i * d + k] as number);
      }
    }
    for (let j = 0; j < d * d; j++) h[j] = (h[j] as number) / part.length;
    for (let j = 0; j < d; j++) b[j] = (b[j] as number) / part.length;
    return { h, b };
  });
  const w64 = new Float64Array(d);
  return (n, w) => {
    const { h, b } = grams[n]!;
    w64.set(w);
    const g = new Float32Array(d);
    for (let j = 0, row = 0; j < d; j++, row += d) {
      let s = -(b[j] as number);
      for (let k = 0; k < d; k++) s += (h[row + k] as number) * (w64[k] as number);
      g[j] = s;
    }
    return g;
  };
}
