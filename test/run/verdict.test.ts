import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { runScenario } from '../../src/run/run.js';
import { targetText, verdictOf } from '../../src/run/verdict.js';
import { dense3 } from './fixtures.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const STUDY = (target: number) => `name: verdict
seed: 2
network: { topology: switch, workerLink: { preset: ethernet-1g-udp }, serverLink: { preset: ethernet-1g-udp } }
workers: { count: 8, batchSize: 16 }
model: { kind: logistic-regression, features: 400, trainSamples: 1600, testSamples: 200, weightStd: 4 }
training: { iterations: 120, learningRate: 20, stop: { targetLoss: ${target} } }
output: { report: false }
schemes:
  - name: dense
    label: Dense SGD
    uplink: { compressor: { kind: identity } }
  - name: bidir
    uplink: { compressor: { kind: topk, ratio: 0.02 }, errorFeedback: true }
    downlink: { compressor: { kind: topk, ratio: 0.02 }, errorFeedback: true }
  - name: starved
    uplink: { compressor: { kind: topk, k: 1 } }
`;

async function run(target: number) {
  const dir = mkdtempSync(join(tmpdir(), 'gw-verdict-'));
  dirs.push(dir);
  const result = await runScenario(resolveScenario(parseScenario(STUDY(target), 'verdict.yaml')), dir);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  const [header, ...lines] = readFileSync(join(dir, 'metrics.csv'), 'utf8').trim().split('\n');
  const cols = header!.split(',');
  const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
  return { result, summary, rows };
}

describe('the verdict', () => {
  it('ranks by time to target with bytes, packets and energy from metrics.csv, ratios against the first scheme, and says it in one sentence', async () => {
    const { result, summary, rows } = await run(0.6);
    const v = summary.verdict;
    expect(v).toEqual(JSON.parse(JSON.stringify(result.verdict)));
    expect(v.baseline).toBe('dense');
    const reached = v.ranking.filter((e: { reached: boolean }) => e.reached);
    expect(reached.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < reached.length; i++) expect(reached[i].time_s).toBeGreaterThanOrEqual(reached[i - 1].time_s);
    expect(v.winner).toBe(reached[0].scheme);
    for (const e of reached) {
      // the first evaluated row at or below the target, in metrics.csv
      const row = rows.find((r) => r.scheme === e.scheme && Number(r.loss) <= 0.6)!;
      expect(e.iteration).toBe(Number(row.iteration));
      expect(e.time_s).toBe(Number(row.time_s));
      expect(e.wire_bytes).toBe(Number(row.wire_bytes_up) + Number(row.wire_bytes_down));
      expect(e.packets).toBe(Number(row.packets_up) + Number(row.packets_down));
      expect(e.energy_j).toBe(Number(row.energy_total_j));
    }
    const base = v.ranking.find((e: { scheme: string }) => e.scheme === 'dense');
    const win = reached[0];
    expect(win.speedup).toBeCloseTo(base.time_s / win.time_s, 12);
    expect(win.bytes_ratio).toBeCloseTo(base.wire_bytes / win.wire_bytes, 12);
    if (win.scheme !== 'dense') {
      expect(v.sentence).toContain(`reached training loss ≤ 0.6 first, at t = ${Number(win.time_s.toPrecision(3))} s (iteration ${win.iteration})`);
      expect(v.sentence).toMatch(/× sooner than Dense SGD/);
    }
    // a scheme that never got there is listed last, with how far it got
    const starved = v.ranking.at(-1);
    expect(starved).toMatchObject({ scheme: 'starved', reached: false, time_s: null, speedup: null });
    const best = Math.min(...rows.filter((r) => r.scheme === 'starved').map((r) => Number(r.loss)));
    expect(starved.best_loss).toBe(best);
  });

  it('says so when no scheme reaches the target, naming the closest', async () => {
    const { summary } = await run(0.01);
    expect(summary.verdict.winner).toBeNull();
    expect(summary.verdict.sentence).toMatch(/^No scheme reached training loss ≤ 0\.01; the closest was .+, at loss 0\.\d+\.$/);
  });
});

describe('the verdict’s words', () => {
  it('names the target of training.stop, both when both are set, and none without one', () => {
    expect(targetText(dense3(', stop: { targetLoss: 0.3 }'))).toBe('training loss ≤ 0.3');
    expect(targetText(dense3(', stop: { targetAccuracy: 0.9 }'))).toBe('test accuracy ≥ 0.9');
    expect(targetText(dense3(', stop: { targetLoss: 0.3, targetAccuracy: 0.9 }'))).toBe('training loss ≤ 0.3 or test accuracy ≥ 0.9');
    expect(targetText(dense3(', stop: { maxTimeS: 5 }'))).toBeUndefined();
  });

  it('is no verdict without a target, or without schemes', () => {
    expect(verdictOf(dense3(), [], [])).toBeUndefined();
    expect(verdictOf(dense3(', stop: { targetLoss: 0.3 }'), [], [])).toBeUndefined();
  });
});
