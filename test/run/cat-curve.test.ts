import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../reports/build.js';
import { parseCatCsv, parseMetricsCsv } from '../../reports/run-data.js';
import { CAT_COLUMNS, type CatRow } from '../../src/results/index.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { runScenario } from '../../src/run/run.js';
import { parseScenario } from '../../src/scenario/load.js';

/** One worker, so metrics.csv's mean budget up is worker 0's T; CAT on the uplink, and on both directions. */
const scenario = (schemes: string, extra = '') =>
  resolveScenario(
    parseScenario(
      `name: cat-curve
seed: 4
workers: { count: 1, batchSize: full }
model: { kind: logistic-regression, features: 200, trainSamples: 400, testSamples: 100, l2: 0 }
training: { iterations: 6, learningRate: { kind: one-over-l }, evalEvery: 1 }
schemes:
${schemes}
output: { report: false${extra} }
`,
      'cat-curve.yaml',
    ),
  );

const CAT_SCHEMES = `  - name: dense
    uplink: { compressor: { kind: identity } }
  - name: cat-up
    uplink: { compressor: { kind: cat, cost: { kind: network, metric: seconds } }, encoding: { indices: packed } }
  - name: cat-both
    uplink: { compressor: { kind: cat, variant: sparsification-quantization, cost: { kind: packet, c1: 4608, c0: 512, pMaxBits: 4096 } }, encoding: { indices: packed } }
    downlink: { compressor: { kind: cat, cost: { kind: affine, c1: 1, c0: 432 } }, encoding: { indices: packed } }
`;

const tmp = () => mkdtempSync(join(tmpdir(), 'gradwire-cat-curve-'));
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

describe('cat.csv: CAT’s α(T)/C(T) curve at chosen iterations', () => {
  let dir: string;
  let rows: CatRow[];
  beforeAll(async () => {
    dir = tmp();
    await runScenario(scenario(CAT_SCHEMES), dir);
    rows = parseCatCsv(read(dir, 'cat.csv'));
  });

  it('records worker 0’s uplink and the server’s downlink of every CAT scheme at the first, middle and last iteration', () => {
    expect(read(dir, 'cat.csv').split('\n', 1)[0]).toBe(CAT_COLUMNS.join(','));
    expect((parse(read(dir, 'scenario.resolved.yaml')) as { output: { catCurveIterations: number[] } }).output.catCurveIterations).toEqual([1, 3, 6]);
    const groups = [...new Set(rows.map((r) => `${r.scheme} ${r.direction} ${r.sender} ${r.iteration}`))];
    expect(groups).toEqual([
      'cat-up uplink worker/0 1',
      'cat-up uplink worker/0 3',
      'cat-up uplink worker/0 6',
      'cat-both uplink worker/0 1',
      'cat-both uplink worker/0 3',
      'cat-both uplink worker/0 6',
      'cat-both downlink server 1',
      'cat-both downlink server 3',
      'cat-both downlink server 6',
    ]);
    expect(new Set(rows.filter((r) => r.scheme === 'cat-up').map((r) => r.cost_unit))).toEqual(new Set(['s']));
    expect(new Set(rows.filter((r) => r.scheme === 'cat-both').map((r) => `${r.direction} ${r.variant} ${r.cost_unit}`))).toEqual(
      new Set(['uplink sparsification-quantization 1', 'downlink sparsification 1']),
    );
    expect(rows.every((r) => r.searched_at === r.iteration)).toBe(true);
  });

  it('marks one T per curve: the first maximiser of the efficiency, which is the T the run sent', () => {
    const metrics = parseMetricsCsv(read(dir, 'metrics.csv'));
    const packedBits = (t: number) => t * (8 + 32); // packed indices: ⌈log2 200⌉ = 8 bits, then an fp32 value
    const curves = new Map<string, CatRow[]>();
    for (const r of rows) {
      const key = `${r.scheme} ${r.direction} ${r.iteration}`;
      curves.set(key, [...(curves.get(key) ?? []), r]);
    }
    for (const [key, curve] of curves) {
      expect(curve.length, key).toBeGreaterThan(1);
      expect(
        curve.map((r) => r.budget),
        `${key}: ascending T`,
      ).toEqual([...curve.map((r) => r.budget)].sort((a, b) => a - b));
      for (const r of curve) expect(r.efficiency).toBe(r.measure / r.cost);
      const chosen = curve.filter((r) => r.chosen);
      expect(chosen, key).toHaveLength(1);
      const best = Math.max(...curve.map((r) => r.efficiency));
      expect(chosen[0]!.budget, key).toBe(curve.find((r) => r.efficiency === best)!.budget);
      const [scheme, direction, iteration] = key.split(' ');
      const row = metrics.find((m) => m.scheme === scheme && m.iteration === Number(iteration))!;
      // Uplink: the coordinates worker 0 (the only worker) sent; downlink: the bits each worker received, P(T).
      if (direction === 'uplink') expect(row.budget_mean, key).toBe(chosen[0]!.budget);
      else expect(row.bits_down_per_worker, key).toBe(packedBits(chosen[0]!.budget));
    }
  });

  it('is byte-identical for the same scenario and seed', async () => {
    const again = tmp();
    await runScenario(scenario(CAT_SCHEMES), again);
    expect(read(again, 'cat.csv')).toBe(read(dir, 'cat.csv'));
  });

  it('records the iterations output.catCurveIterations names, and nothing when no scheme uses CAT', async () => {
    const chosen = tmp();
    await runScenario(scenario(CAT_SCHEMES, ', catCurveIterations: [0, 2, 4]'), chosen);
    // Iteration 0 is the initial model: nothing is sent, nothing searched.
    expect([...new Set(parseCatCsv(read(chosen, 'cat.csv')).map((r) => r.iteration))]).toEqual([2, 4]);
    const none = tmp();
    await runScenario(scenario('  - name: dense\n    uplink: { compressor: { kind: identity } }\n'), none);
    expect(existsSync(join(none, 'metrics.csv'))).toBe(true);
    expect(existsSync(join(none, 'cat.csv'))).toBe(false);
  });

  it('gives a report chart that a copy of the run directory rebuilds byte for byte', async () => {
    await buildReport(dir);
    const spec = read(join(dir, 'report', 'charts'), 'cat-efficiency.vl.json');
    const data = (JSON.parse(spec) as { datasets: { cat_curve: { chosen: boolean; panel: string }[] } }).datasets.cat_curve;
    expect(data.filter((r) => r.chosen)).toHaveLength(9);
    expect(new Set(data.map((r) => r.panel)).size).toBe(3);
    const copy = tmp();
    await cp(dir, copy, { recursive: true });
    await rm(join(copy, 'report'), { recursive: true });
    await buildReport(copy);
    expect(read(join(copy, 'report', 'charts'), 'cat-efficiency.vl.json')).toBe(spec);
  });
});

describe('budget_min / budget_max: the spread of CAT’s T over workers', () => {
  it('brackets the mean, and the workers (each tuning on its own gradient) differ', async () => {
    const dir = tmp();
    const yaml = `name: cat-spread
seed: 2
workers: { count: 4, batchSize: 16 }
model: { kind: logistic-regression, features: 200, trainSamples: 400, testSamples: 100 }
training: { iterations: 8, learningRate: { kind: one-over-l } }
schemes:
  - name: cat
    uplink: { compressor: { kind: cat, cost: { kind: affine, c1: 1, c0: 432 } }, encoding: { indices: packed } }
output: { report: false }
`;
    await runScenario(resolveScenario(parseScenario(yaml, 'cat-spread.yaml')), dir);
    const rows = parseMetricsCsv(read(dir, 'metrics.csv')).filter((r) => r.iteration >= 1);
    expect(rows).toHaveLength(8);
    for (const r of rows) {
      expect(r.budget_min!).toBeLessThanOrEqual(r.budget_mean!);
      expect(r.budget_mean!).toBeLessThanOrEqual(r.budget_max!);
      expect(r.budget_min!).toBeGreaterThanOrEqual(1);
    }
    expect(rows.some((r) => r.budget_min! < r.budget_max!)).toBe(true);
  });
});
