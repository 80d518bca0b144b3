import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Divergence } from '../../src/learn/schemes/index.js';
import { runScenario } from '../../src/run/run.js';
import type { MetricRow } from '../../src/run/results.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { Stop, StopRules, stalled } from '../../src/run/stop-rules.js';
import { parseScenario } from '../../src/scenario/load.js';
import { dense3, tmp as tmpIn } from './fixtures.js';

const tmp = () => tmpIn('stop');

/** The rules of dense3's scenario with these fields added to `training:` (e.g. `, stop: { targetLoss: 0.5 }`). */
const rules = (training = '') => new StopRules(dense3(training).training);

/** An evaluated row: only what the rules read. */
const row = (r: Partial<MetricRow>): MetricRow => ({ loss: 1, accuracy: null, time_s: 0, wire_bytes_up: 0, wire_bytes_down: 0, packets_up: 0, packets_down: 0, energy_total_j: 0, ...r }) as MetricRow;

/** What `check` throws (undefined: nothing). */
function thrown(r: StopRules, iteration: number, m: MetricRow): unknown {
  try {
    r.check(iteration, m);
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('stopping rules on the evaluated rows', () => {
  it('stop at a target loss, recording when and what had been spent by then', () => {
    const r = rules(', stop: { targetLoss: 0.5 }');
    expect(thrown(r, 0, row({ loss: 2 }))).toBeUndefined();
    expect(r.timeToTarget).toBeNull();
    const e = thrown(r, 7, row({ loss: 0.5, time_s: 1.25, wire_bytes_up: 300, wire_bytes_down: 200, packets_up: 3, packets_down: 2, energy_total_j: 9 }));
    expect(e).toBeInstanceOf(Stop);
    expect(e).toMatchObject({ iteration: 7, reason: 'reached the target at iteration 7: training loss 0.5 ≤ target 0.5' });
    expect(r.timeToTarget).toEqual({ target: 'training loss 0.5 ≤ target 0.5', iteration: 7, time_s: 1.25, wire_bytes: 500, packets: 5, energy_j: 9 });
  });

  it('stop at a target accuracy, which a row without accuracy never reaches', () => {
    const r = rules(', stop: { targetAccuracy: 0.9 }');
    expect(thrown(r, 0, row({ accuracy: null }))).toBeUndefined();
    expect(thrown(r, 1, row({ accuracy: 0.89 }))).toBeUndefined();
    expect(thrown(r, 2, row({ accuracy: 0.95 }))).toMatchObject({ reason: 'reached the target at iteration 2: test accuracy 0.95 ≥ target 0.9' });
  });

  it('stop when the time or energy budget is spent, and say which', () => {
    expect(thrown(rules(', stop: { maxTimeS: 2 }'), 3, row({ time_s: 2 }))).toMatchObject({ iteration: 3, reason: 'simulated time 2 s reached the budget 2 s' });
    expect(thrown(rules(', stop: { maxTimeS: 2 }'), 3, row({ time_s: 1.999 }))).toBeUndefined();
    expect(thrown(rules(', stop: { maxEnergyJ: 10 }'), 4, row({ energy_total_j: 12 }))).toMatchObject({ reason: 'energy 12 J reached the budget 10 J' });
  });

  it('tell between iterations whether a budget is spent, reading the energy only when there is an energy budget', () => {
    let reads = 0;
    const energy = () => (reads++, 10);
    expect(rules(', stop: { maxTimeS: 2 }').spent(1.5, energy)).toBe(false);
    expect(rules(', stop: { maxTimeS: 2 }').spent(2, energy)).toBe(true);
    expect(rules().spent(1e9, energy)).toBe(false);
    expect(reads).toBe(0);
    expect(rules(', stop: { maxEnergyJ: 10 }').spent(0, energy)).toBe(true);
    expect(rules(', stop: { maxEnergyJ: 11 }').spent(0, energy)).toBe(false);
    expect(reads).toBe(2);
  });

  it('call a loss that is not finite, or above divergenceFactor × the initial loss, a divergence', () => {
    const r = rules(', divergenceFactor: 10');
    expect(thrown(r, 0, row({ loss: 2 }))).toBeUndefined();
    expect(thrown(r, 1, row({ loss: 20 }))).toBeUndefined();
    const e = thrown(r, 2, row({ loss: 20.5 }));
    expect(e).toBeInstanceOf(Divergence);
    expect(e).toMatchObject({ iteration: 2, detail: 'training loss 20.5 exceeds 10 × the initial 2' });
    expect(thrown(rules(), 3, row({ loss: NaN }))).toMatchObject({ detail: 'training loss is NaN' });
  });

  it('leave a row without loss (a workload profile) to the budgets alone', () => {
    const r = rules(', divergenceFactor: 10, stop: { targetLoss: 0.5, maxTimeS: 2 }');
    expect(thrown(r, 0, row({ loss: null }))).toBeUndefined();
    expect(thrown(r, 1, row({ loss: null, time_s: 3 }))).toMatchObject({ reason: 'simulated time 3 s reached the budget 2 s' });
  });
});

describe('a stalled scheme', () => {
  it('says when, and that dropped packets are why, with what to allow more of', () => {
    const byNode = new Map([
      ['worker/0', { drops: 2 }],
      ['server', { drops: 1 }],
    ]);
    expect(stalled(0.5, { byNode })).toBe(
      'stalled at t = 0.5 s: 3 packet(s) were dropped and their messages never arrived; allow more retries (arq.maxRetries, mac.upperLayerRetries) or a larger queue',
    );
    expect(stalled(1, { byNode: new Map([['worker/0', { drops: 0 }]]) })).toBe('stalled at t = 1 s: no event is left to process');
  });
});

describe('stopping a run', () => {
  it('stops at a target loss, as stopped, with the time to target', async () => {
    const full = await runScenario(dense3(), tmp());
    const target = full.rows[10]!.loss;
    const dir = tmp();
    const result = await runScenario(dense3(`, stop: { targetLoss: ${target} }`), dir);
    const s = result.schemes[0]!;
    expect(s.outcome).toMatchObject({ status: 'stopped', iterations: 10 });
    expect(s.timeToTarget).toMatchObject({ iteration: 10, time_s: full.rows[10]!.time_s });
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).schemes[0].time_to_target.iteration).toBe(10);
  });

  it('stops when the simulated-time budget is spent', async () => {
    const full = await runScenario(dense3(), tmp());
    const result = await runScenario(dense3(`, stop: { maxTimeS: ${full.rows[5]!.time_s} }`), tmp());
    expect(result.schemes[0]!.outcome).toMatchObject({ status: 'stopped', iterations: 5 });
    // a budget is checked every iteration, not only where the loss is evaluated, and the stop gets its row
    const base = dense3(`, stop: { maxTimeS: ${full.rows[5]!.time_s} }`);
    const sparse = await runScenario({ ...base, training: { ...base.training, evalEvery: 7 } }, tmp());
    expect(sparse.schemes[0]!.outcome).toMatchObject({ status: 'stopped', iterations: 5 });
    expect(sparse.rows.map((r) => r.iteration)).toEqual([0, 5]);
  });

  it('ends a scheme whose messages the network lost for good as stalled, with why, and goes on with the next scheme', async () => {
    const radio = { preset: 'ieee802154', set: { 'mac.upperLayerRetries': 0 } };
    const s = resolveScenario(
      parseScenario(
        `name: stall
network: { workerLink: ${JSON.stringify(radio)}, serverLink: ${JSON.stringify(radio)} }
workers: { count: 8, batchSize: 8, device: none }
model: { kind: logistic-regression, features: 500, trainSamples: 400, testSamples: 50 }
training: { iterations: 3, learningRate: 1, evalEvery: 1 }
output: { report: false }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
  - name: topk
    uplink: { compressor: { kind: topk, k: 5 }, errorFeedback: true }
`,
        'stall.yaml',
      ),
    );
    const dir = tmp();
    const result = await runScenario(s, dir);
    expect(result.schemes.map((x) => x.name)).toEqual(['dense', 'topk']);
    const dense = result.schemes[0]!.outcome;
    expect(dense).toMatchObject({ status: 'stalled', iterations: 0 });
    expect(dense.status === 'stalled' && dense.detail).toMatch(/packet\(s\) were dropped .*mac\.upperLayerRetries/);
    expect(dense.status === 'stalled' && dense.atS).toBeGreaterThan(0);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.schemes[0]).toMatchObject({ name: 'dense', status: 'stalled' });
  });
});
