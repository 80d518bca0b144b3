/**
 * Reproduction 6: AdapTop-K (M. Ruan, G. Yan, Y. Xiao, L. Song, W. Xu,
 * "Adaptive Top-K in SGD for Communication-Efficient Distributed Learning",
 * arXiv:2210.13532), Algorithm 1 with the schedule of eq. 20, on the
 * Table I MNIST setting of scenarios/papers/adaptopk.yaml (8 workers, η = 0.1,
 * batch 32, T = 3000, γ = 0.5; softmax regression, d = 7850, k = 62, 30, 16
 * for d/k ≈ 128, 256, 512).
 *
 * Checked: Lemma 3's t̂ for this problem (from the paper's formula, not the
 * tuner's) lies beyond T, which is why the scenario gives t̂ = T/2; the
 * schedules the scenario's schemes run are eq. 20's, written out by hand;
 * and a short run (T = 300, t̂ = 150) of the scenario's schemes sends k_t
 * coordinates per worker in round t and the same bytes as fixed Top-k, while
 * the loss falls. The paper's claim — AdapTop-K beats fixed Top-k at the same
 * Σ k_t (Figs. 1 and 3: +0.39 to +0.86 points of test accuracy) — is measured
 * there: by final loss it holds with error compensation, not without, and by
 * margins far smaller than the paper's; by test accuracy AdapTop-K gains less
 * than the smallest gain the paper reports, either way (see the last test).
 * The full 3000-iteration run shows the same (numbers in the scenario).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/sim/index.js';
import { BatchSampler } from '../../src/learn/batch-sampler.js';
import { AdapTopK, estimateGradientVariance, lemma3Constants, turningPoint } from '../../src/learn/tuners/adaptopk.js';
import { buildModel } from '../../src/run/build-model.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { runScenario, type RunResult } from '../../src/run/run.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario, SchemeConfig } from '../../src/scenario/schema.js';
import { must } from '../must.js';

const FILE = join(import.meta.dirname, '../../scenarios/papers/adaptopk.yaml');
/**
 * μ of Assumption 2 along a dense run of the scenario (3000 iterations): the
 * smallest ‖∇F‖²/(2F) over its evaluated iterates, a PL constant that holds
 * on that path since F* ≥ 0 (cross-entropy). Measured once (the run takes
 * minutes), recorded in the scenario's description.
 */
const MU_DENSE_PATH = 4.8e-4;

/** eq. 20 by hand: (1 + γ)k on [0, t̂/2) ∪ [(t̂ + T)/2, T), (1 − γ)k on [t̂/2, (t̂ + T)/2). */
function handSchedule(T: number, tHat: number, high: number, low: number): number[] {
  return Array.from({ length: T }, (_, t) => (t >= tHat / 2 && t < (tHat + T) / 2 ? low : high));
}

/** The tuner `build-scheme` gives this scheme's uplink (same options). */
function tunerOf(scheme: SchemeConfig, T: number): { tuner: AdapTopK; k: number } {
  const b = scheme.uplink.budget;
  if (b.kind !== 'adaptopk') throw new Error(`${scheme.name} has no AdapTop-K budget`);
  const k = (scheme.uplink.compressor as { k: number }).k;
  const source = b.turningPoint !== undefined ? { turningPoint: b.turningPoint } : { constants: b.constants! };
  return { tuner: new AdapTopK({ budget: { k }, iterations: T, gamma: b.gamma, ...source }), k };
}

describe('Reproduction 6: AdapTop-K against fixed Top-k at equal Σ k_t (Algorithm 1, eq. 20, Lemma 3)', () => {
  let scenario: Scenario;
  let d: number;
  let T: number;
  let eta: number;
  let initialLoss: number;
  let sigma2: number;
  const scheme = (name: string) => scenario.schemes.find((s) => s.name === name)!;

  beforeAll(async () => {
    scenario = resolveScenario(loadScenario(FILE));
    T = scenario.training.iterations;
    eta = scenario.training.learningRate as number;
    // Lemma 2's inputs on this problem: F(w₀), and σ² as the mean over workers of the sample variance of
    // 16 mini-batch gradients at w₀ (each worker's own stream, not the run's)
    const streams = new RandomStreams(scenario.seed, 0);
    const built = await buildModel(scenario, streams);
    const model = must(built.model, 'a trained model (not a workload profile)');
    d = model.dim;
    const variances = built.parts.map((p, i) => {
      const sampler = new BatchSampler(p, scenario.workers.batchSize as number, streams.stream(`adaptopk/sigma/worker/${i}`));
      return estimateGradientVariance(Array.from({ length: 16 }, () => model.gradient(built.init, sampler.next())));
    });
    sigma2 = variances.reduce((a, b) => a + b, 0) / variances.length;
    initialLoss = model.loss(built.init);
    model.dispose();
  });

  it('reads the Table I MNIST setting: 8 workers, η = 0.1, batch 32, T = 3000, γ = 0.5; each AdapTop-K scheme beside a fixed Top-k with its k and error compensation, d/k ≈ 128, 256, 512', () => {
    expect([scenario.workers.count, eta, scenario.workers.batchSize, T, d]).toEqual([8, 0.1, 32, 3000, 7850]);
    const pairs: [string, string, number][] = [
      ['topk-128', 'adaptopk-128', 128],
      ['topk-128', 'adaptopk-128-lemma3', 128],
      ['topk-256', 'adaptopk-256', 256],
      ['topk-ec-256', 'adaptopk-ec-256', 256],
      ['topk-ec-512', 'adaptopk-ec-512', 512],
    ];
    for (const [fixed, adaptive, ratio] of pairs) {
      const f = scheme(fixed).uplink;
      const a = scheme(adaptive).uplink;
      expect(f.budget.kind).toBe('fixed');
      expect(a.budget).toMatchObject({ kind: 'adaptopk', gamma: 0.5 });
      expect(a.compressor).toEqual(f.compressor);
      expect(a.errorFeedback).toBe(f.errorFeedback);
      expect(a.errorFeedback).toBe(fixed.includes('-ec-'));
      const k = (f.compressor as { k: number }).k;
      expect(k % 2).toBe(0); // (1 ± γ)k whole
      expect(Math.abs(d / k / ratio - 1)).toBeLessThan(0.05);
    }
  });

  it('Lemma 3 puts t̂ beyond T on this problem (4929 … 6968 at k = 62 for ηL from 0 to 1), so the scenario gives Algorithm 1’s t̂ = T/2; the Lemma 3 scheme’s constants are these', () => {
    expect(initialLoss).toBeCloseTo(2.315, 3);
    expect(sigma2).toBeCloseTo(2.508, 2);
    const k = 62;
    // eq. 16 and Lemma 3, written out here (not lemma3Constants): α = 2d F(w₀)/(kη), β = dσ²(ηL + 1)/k, B = 1 − ημk/d
    const alpha = ((2 * d) / (k * eta)) * initialLoss;
    const B = 1 - (eta * MU_DENSE_PATH * k) / d;
    for (const etaL of [0, 1]) {
      const beta = ((d * sigma2) / k) * (etaL + 1);
      const lnB = Math.log1p(-(eta * MU_DENSE_PATH * k) / d);
      const delta = alpha * alpha - (4 * alpha * beta) / lnB;
      const tHat = Math.floor((-alpha + Math.sqrt(delta)) / (2 * beta)); // eq. 19 as printed
      expect(tHat).toBeGreaterThan(T);
      expect(turningPoint(lemma3Constants({ dim: d, k, learningRate: eta, initialLoss, gradientVariance: sigma2, smoothness: etaL / eta, pl: MU_DENSE_PATH }))).toBe(tHat);
      // eq. 19 itself: A_t B_t falls up to t̂ and rises after it; log(A_{t+1}B_{t+1}/(A_t B_t)) = log(A_{t+1}/A_t) − ln B.
      // (t̂ is the floor of the continuous minimiser, so the step from t̂ to t̂ + 1 may go either way.)
      const step = (t: number) => Math.log1p(-alpha / (t * (t + 1) * (alpha / t + beta))) - lnB;
      expect(step(tHat - 1)).toBeLessThan(0);
      expect(step(tHat + 1)).toBeGreaterThan(0);
      expect(tHat).toBe(etaL === 0 ? 6968 : 4929);
    }
    // the scheme that runs Lemma 3's t̂ gives its α, β (ηL = 0), B rounded
    const c = scheme('adaptopk-128-lemma3').uplink.budget as { constants: { alpha: number; beta: number; B: number } };
    expect(c.constants.alpha / alpha).toBeCloseTo(1, 5);
    expect(c.constants.beta / ((d * sigma2) / k)).toBeCloseTo(1, 4);
    expect(c.constants.B).toBeCloseTo(B, 10);
  });

  it('runs eq. 20 as written: t̂ = T/2 gives (1 + γ)k for t < 750 and t ≥ 2250, (1 − γ)k between (k = 62: 93/31; 30: 45/15; 16: 24/8); Lemma 3’s t̂ > T gives 93 for t < 1500, 31 after; Σ k_t = kT', () => {
    const expected: Record<string, number[]> = {
      'adaptopk-128': handSchedule(3000, 1500, 93, 31),
      'adaptopk-256': handSchedule(3000, 1500, 45, 15),
      'adaptopk-ec-256': handSchedule(3000, 1500, 45, 15),
      'adaptopk-ec-512': handSchedule(3000, 1500, 24, 8),
      'adaptopk-128-lemma3': [...new Array(1500).fill(93), ...new Array(1500).fill(31)],
    };
    const totals: Record<string, number> = { 'adaptopk-128': 186_000, 'adaptopk-256': 90_000, 'adaptopk-ec-256': 90_000, 'adaptopk-ec-512': 48_000, 'adaptopk-128-lemma3': 186_000 };
    for (const [name, schedule] of Object.entries(expected)) {
      const { tuner } = tunerOf(scheme(name), T);
      expect([...tuner.build(d)]).toEqual(schedule);
      expect(schedule.reduce((a, b) => a + b, 0)).toBe(totals[name]);
    }
    const lemma3 = tunerOf(scheme('adaptopk-128-lemma3'), T).tuner;
    lemma3.build(d);
    expect(lemma3.turningPoint).toBeGreaterThan(T);
    // the scheme's iteration i (from 1) is the paper's round t = i − 1
    const { tuner } = tunerOf(scheme('adaptopk-128'), T);
    const g = new Float32Array(d);
    expect([1, 750, 751, 2250, 2251, 3000].map((iteration) => tuner.budget(g, { iteration, worker: 0 }))).toEqual([93, 93, 31, 31, 93, 93]);
  });

  describe(`a short run of the scenario (T = 300, t̂ = 150)`, () => {
    const SHORT_T = 300;
    const names = ['dense', 'topk-128', 'adaptopk-128', 'topk-ec-256', 'adaptopk-ec-256'];
    let result: RunResult;
    const rows = (name: string) => result.rows.filter((r) => r.scheme === name);
    const final = (name: string) => rows(name).at(-1)!;
    const finalLoss = (name: string) => must(final(name).loss, `a final loss of ${name}`);

    beforeAll(async () => {
      const schemes = names.map((n) => {
        const s = scheme(n);
        return s.uplink.budget.kind === 'adaptopk' ? { ...s, uplink: { ...s.uplink, budget: { ...s.uplink.budget, turningPoint: SHORT_T / 2 } } } : s;
      });
      const short: Scenario = {
        ...scenario,
        schemes,
        training: { ...scenario.training, iterations: SHORT_T, evalEvery: 25 },
        output: { ...scenario.output, metrics: ['accuracy'], report: false },
      };
      result = await runScenario(short, mkdtempSync(join(tmpdir(), 'gradwire-adaptopk-')));
    }, 120_000);

    it('sends k_t = 93 (t < 75, t ≥ 225) or 31 coordinates per worker at d/k ≈ 128, 45 or 15 at 256, and in total the same uplink bytes as fixed Top-k (8 workers × kT × 8 B)', () => {
      for (const [name, high, low, k] of [
        ['adaptopk-128', 93, 31, 62],
        ['adaptopk-ec-256', 45, 15, 30],
      ] as const) {
        const schedule = handSchedule(SHORT_T, SHORT_T / 2, high, low);
        for (const r of rows(name).filter((x) => x.iteration > 0)) {
          expect([r.budget_mean, r.budget_min, r.budget_max]).toEqual(new Array(3).fill(schedule[r.iteration - 1]));
          expect(r.bits_up_per_worker).toBe(64 * schedule[r.iteration - 1]!); // raw32 index + fp32 value per coordinate
        }
        const fixed = name.replace('adaptopk', 'topk');
        expect(final(name).payload_bytes_up).toBe(final(fixed).payload_bytes_up);
        expect(final(fixed).payload_bytes_up).toBe(8 * k * SHORT_T * 8);
      }
    });

    it('trains: every scheme’s loss falls from F(w₀) = 2.315 to below half of it, and test accuracy rises above 75 %', () => {
      for (const name of names) {
        expect(rows(name)[0]!.loss).toBeCloseTo(2.315, 3);
        expect(final(name).loss).toBeLessThan(2.315 / 2);
        expect(final(name).accuracy!).toBeGreaterThan(0.75);
      }
    });

    it('paper (Figs. 1, 3): AdapTop-K ends better than Top-k at the same Σ k_t. By loss, with error compensation (d/k ≈ 256) yes, without (d/k ≈ 128) no; by test accuracy it does not reproduce: gaps under the paper’s smallest gain, 0.39 points', () => {
      const [fixedEc, adaptiveEc] = [finalLoss('topk-ec-256'), finalLoss('adaptopk-ec-256')];
      expect(adaptiveEc).toBeLessThan(fixedEc);
      const [fixed, adaptive] = [finalLoss('topk-128'), finalLoss('adaptopk-128')];
      expect(adaptive).toBeGreaterThan(fixed);
      // both gaps are small next to what error compensation itself buys (0.40 vs 0.82 here)
      expect(Math.abs(adaptive - fixed) / fixed).toBeLessThan(0.05);
      expect(Math.abs(adaptiveEc - fixedEc) / fixedEc).toBeLessThan(0.05);
      // paper: +0.39 (Fig. 1a, d/k = 128) and +0.79 points (Fig. 3a, d/k = 256 with ec); here less than 0.39 either way
      for (const [f, a] of [
        ['topk-128', 'adaptopk-128'],
        ['topk-ec-256', 'adaptopk-ec-256'],
      ]) {
        expect(Math.abs(final(a!).accuracy! - final(f!).accuracy!)).toBeLessThan(0.0039);
      }
    });
  });
});
