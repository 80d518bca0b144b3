import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { runScenario } from '../../src/run/run.js';
import { ScenarioError } from '../../src/scenario/messages.js';
import { LOGISTIC_4, RING_AR_AND_AG, scenario, tmp } from './fixtures.js';

const QUADRATIC = `workers: { count: 3, batchSize: full }
model: { kind: quadratic, features: 100, levels: [1, 5, 10] }
`;

describe('runs of the learning layer', () => {
  it('ends a diverging learning rate as diverged with the iteration, not an exception', async () => {
    const s = scenario(`${QUADRATIC}training: { iterations: 200, learningRate: 5 }
schemes:
  - name: sgd
    uplink: { compressor: { kind: identity } }
`);
    const result = await runScenario(s, tmp('learn'));
    const outcome = result.schemes[0]!.outcome;
    expect(outcome.status).toBe('diverged');
    if (outcome.status === 'diverged') {
      expect(outcome.atIteration).toBeGreaterThan(0);
      expect(outcome.atIteration).toBeLessThan(200);
    }
  });

  it('converges on the thesis quadratic and reports F − F* and ‖w − w*‖', async () => {
    const s = scenario(`${QUADRATIC}training: { iterations: 300, learningRate: 0.1 }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
`);
    const result = await runScenario(s, tmp('learn'));
    const last = result.rows.at(-1)!;
    expect(last.f_gap).toBeTypeOf('number');
    expect(Math.abs(last.f_gap!)).toBeLessThan(1e-6);
    expect(last.dist_to_opt).toBeLessThan(1e-3);
    expect(result.rows[0]!.f_gap).toBeCloseTo(2100 - 6100 / 9, 3);
    expect(last.grad_norm_sq).toBeLessThan(1e-6);
  });

  it('runs all-gather and ring all-reduce on a ring, and ring all-reduce equals dense parameter-server SGD numerically', async () => {
    const body = `${LOGISTIC_4}training: { iterations: 10, learningRate: 5 }
`;
    const ring = await runScenario(scenario(`${body}${RING_AR_AND_AG}`), tmp('learn'));
    const ps = await runScenario(
      scenario(`${body}schemes:
  - name: ps
    uplink: { compressor: { kind: identity } }
`),
      tmp('learn'),
    );
    expect(ring.schemes.map((s) => s.outcome.status)).toEqual(['completed', 'completed']);
    const ar = ring.rows.filter((r) => r.scheme === 'ar').at(-1)!;
    expect(Math.abs(ar.loss! - ps.rows.at(-1)!.loss!)).toBeLessThan(1e-5);
    const ag = ring.rows.filter((r) => r.scheme === 'ag').at(-1)!;
    expect(ag.budget_mean).toBe(8);
    expect(ag.alpha_mean).toBeGreaterThan(0);
    expect(ag.alpha_mean).toBeLessThanOrEqual(1);
  });

  it('compresses the downlink with server error feedback (bidirectional) and reports the downlink density', async () => {
    const result = await runScenario(
      scenario(`workers: { count: 4, batchSize: 16 }
model: { kind: logistic-regression, features: 100, trainSamples: 800, testSamples: 200 }
training: { iterations: 5, learningRate: 5 }
schemes:
  - name: bi
    uplink: { compressor: { kind: topk, k: 10 }, errorFeedback: true }
    downlink: { compressor: { kind: topk, k: 20 }, errorFeedback: true }
`),
      tmp('learn'),
    );
    const rows = result.rows.filter((r) => r.iteration > 0);
    for (const r of rows) {
      expect(r.downlink_nnz_fraction).toBeLessThanOrEqual(0.2);
      expect(r.bits_down_per_worker).toBe(20 * 64);
      expect(r.bits_up_per_worker).toBe(10 * 64);
    }
  });

  it('slows every step of a straggling worker, on the simulated clock', async () => {
    const body = (h: string) => `workers: { count: 2, batchSize: 16, heterogeneity: ${h} }
model: { kind: logistic-regression, features: 50, trainSamples: 200, testSamples: 50 }
training: { iterations: 3, learningRate: 1 }
schemes:
  - name: s
    uplink: { compressor: { kind: identity } }
`;
    const base = await runScenario(scenario(body('{}')), tmp('learn'));
    const slow = await runScenario(scenario(body('{ stragglerProbability: 1, stragglerSlowdown: 3 }')), tmp('learn'));
    const tb = base.rows.at(-1)!.time_s;
    const ts = slow.rows.at(-1)!.time_s;
    expect(ts).toBeGreaterThan(tb);
    expect(slow.rows.at(-1)!.loss).toBe(base.rows.at(-1)!.loss); // the same math, only later
  });

  it('runs AdapTop-K budgets on gTop-k: every worker follows the same schedule, whose mean is k', async () => {
    const result = await runScenario(
      scenario(`workers: { count: 4, batchSize: 16 }
model: { kind: logistic-regression, features: 100, trainSamples: 800, testSamples: 200 }
network: { topology: switch }
training: { iterations: 8, learningRate: 5 }
schemes:
  - name: g
    kind: gtopk
    uplink: { compressor: { kind: topk, k: 10 }, budget: { kind: adaptopk, gamma: 0.5, turningPoint: 4 } }
`),
      tmp('learn'),
    );
    const budgets = result.rows.filter((r) => r.iteration > 0).map((r) => r.budget_mean);
    expect(new Set(budgets).size).toBeGreaterThan(1);
    expect(budgets.reduce((a, b) => a + b, 0)).toBe(10 * 8);
  });

  it('records the papers’ diagnostics when asked: ρ̂ and 1 − γ̂ on a parameter server, δ on gTop-k', async () => {
    const ps = await runScenario(
      scenario(`${QUADRATIC}training: { iterations: 5, learningRate: 0.01 }
output: { diagnostics: true, report: false }
schemes:
  - name: bi
    uplink: { compressor: { kind: topk, k: 1 }, errorFeedback: true }
    downlink: { compressor: { kind: topk, k: 2 }, errorFeedback: true }
`),
      tmp('learn'),
    );
    const row = ps.rows.at(-1)!;
    expect(row.rho_hat).toBeGreaterThan(0);
    expect(row.one_minus_gamma_up).toBeGreaterThan(0);
    expect(row.one_minus_gamma_up).toBeLessThanOrEqual(1);
    expect(row.one_minus_gamma_down).not.toBeNull();
    const g = await runScenario(
      scenario(`workers: { count: 4, batchSize: 16 }
model: { kind: logistic-regression, features: 100, trainSamples: 800, testSamples: 200 }
network: { topology: switch }
training: { iterations: 3, learningRate: 5 }
output: { diagnostics: true }
schemes:
  - name: g
    kind: gtopk
    uplink: { compressor: { kind: topk, k: 5 } }
`),
      tmp('learn'),
    );
    expect(g.rows.at(-1)!.gtopk_delta).toBeGreaterThan(0);
    expect(g.rows.at(-1)!.rho_hat).toBeNull();
  });

  it('refuses a compressed ring all-reduce, saying why', () => {
    try {
      parseScenario(
        `name: t
schemes:
  - name: x
    kind: ring-allreduce
    uplink: { compressor: { kind: topk, k: 5 } }
`,
        'bad.yaml',
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect((e as ScenarioError).message).toContain('ring all-reduce sums dense chunks');
    }
  });

  it('trains the bundled MNIST MLP scenario to ≥ 90 % test accuracy with dense SGD on 8 workers', async () => {
    const s = resolveScenario(loadScenario(join(import.meta.dirname, '../../scenarios/learn/mnist-mlp.yaml')));
    const dense = { ...s, schemes: s.schemes.filter((x) => x.name === 'dense') };
    expect(dense.workers.count).toBe(8);
    const out = tmp('learn');
    await runScenario(dense, out);
    const lines = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n');
    const accuracy = lines[0]!.split(',').indexOf('accuracy');
    expect(accuracy).toBeGreaterThan(0);
    expect(Number(lines.at(-1)!.split(',')[accuracy])).toBeGreaterThanOrEqual(0.9);
  }, 300_000);
});
