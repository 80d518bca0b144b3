import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCharts } from '../../reports/build.js';
import { runReportData } from '../../reports/run-report.js';
import { renderSvg } from '../../reports/render.js';
import { parseMetricsCsv } from '../../reports/run-data.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { runScenario } from '../../src/run/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { labellingProblems, schemaErrors } from './vl-schema.js';

/** A small run with a gTop-k scheme and a bidirectional Top-k parameter server: logistic regression, d = 200, 4 workers, 10 iterations. */
const scenario = (diagnostics: boolean) =>
  resolveScenario(
    parseScenario(
      `name: diag
workers: { count: 4, batchSize: 16 }
model: { kind: logistic-regression, features: 200, trainSamples: 800, testSamples: 200 }
network: { topology: switch }
training: { iterations: 10, learningRate: 1 }
output: { diagnostics: ${diagnostics}, report: false }
schemes:
  - name: gtopk
    kind: gtopk
    uplink: { compressor: { kind: topk, k: 10 } }
  - name: bi
    uplink: { compressor: { kind: topk, k: 10 }, errorFeedback: true }
    downlink: { compressor: { kind: topk, k: 20 }, errorFeedback: true }
`,
      'diag.yaml',
    ),
  );

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('the paper diagnostics chart', () => {
  let withDir: string;
  let withoutDir: string;

  beforeAll(async () => {
    withDir = await mkdtemp(join(tmpdir(), 'gradwire-diag-'));
    withoutDir = await mkdtemp(join(tmpdir(), 'gradwire-nodiag-'));
    dirs.push(withDir, withoutDir);
    await runScenario(scenario(true), withDir);
    await runScenario(scenario(false), withoutDir);
  }, 120_000);

  it('has δ of metrics.csv per gTop-k iteration, and ρ̂ and 1 − γ̂ of the parameter server', async () => {
    const metrics = parseMetricsCsv(await readFile(join(withDir, 'metrics.csv'), 'utf8'));
    const deltas = metrics.filter((r) => r.scheme === 'gtopk' && r.gtopk_delta !== null);
    expect(deltas.length).toBeGreaterThanOrEqual(10);
    const rows = (await runReportData(withDir)).datasets.diagnostics!;
    const gtopk = rows.filter((r) => r.scheme === 'gtopk');
    expect(gtopk.map((r) => [r.iteration, r.gtopk_delta])).toEqual(deltas.map((r) => [r.iteration, r.gtopk_delta]));
    for (const r of gtopk) expect(r).toMatchObject({ group: '', gtopk_delta_lo: null, gtopk_delta_hi: null, gtopk_delta_bound: 1, rho_hat: null, runs: 1 });
    const bi = rows.filter((r) => r.scheme === 'bi');
    const ps = metrics.filter((r) => r.scheme === 'bi' && r.rho_hat !== null);
    expect(bi.map((r) => [r.iteration, r.rho_hat, r.one_minus_gamma_up, r.one_minus_gamma_down])).toEqual(ps.map((r) => [r.iteration, r.rho_hat, r.one_minus_gamma_up, r.one_minus_gamma_down]));
    for (const r of bi) expect(r).toMatchObject({ gtopk_delta: null, gtopk_delta_bound: null });
  });

  it('is drawn for a run with output.diagnostics: a panel per diagnostic, the δ = 1 rule labelled', async () => {
    const charts = await compileCharts(withDir);
    const chart = charts.find((c) => c.id === 'diagnostics');
    expect(chart).toBeDefined();
    // beside the compression error, in the compression section
    expect(charts.map((c) => c.id).indexOf('diagnostics')).toBe(charts.map((c) => c.id).indexOf('compression-error') + 1);
    const spec = chart!.spec;
    expect(schemaErrors(spec)).toEqual([]);
    expect(labellingProblems(spec)).toEqual([]);
    // one run: each panel's facet (one group) is unwrapped
    const panels = (spec as unknown as { vconcat: { title: { text: string }; facet?: unknown }[] }).vconcat;
    expect(panels.map((p) => p.title.text)).toEqual([
      'gTop-k δ (Assumption 1, Shi et al.)',
      'ρ̂: distributed error over the SGD step (thesis §6.6)',
      '1 − γ̂, uplink: Top-K compression error (thesis §6.6)',
      '1 − γ̂, downlink: Top-K compression error (thesis §6.6)',
    ]);
    for (const p of panels) expect(p).not.toHaveProperty('facet');
    const data = (await runReportData(withDir)).datasets;
    const svg = await renderSvg({ ...spec, datasets: { diagnostics: data.diagnostics } } as TopLevelSpec, 'diagnostics');
    for (const text of ['Paper diagnostics per iteration', 'Assumption 1: δ ≤ 1', 'gTop-k δ (Assumption 1, Shi et al.)']) expect(svg, text).toContain(text);
    expect(svg).toMatch(/role-mark/);
  });

  it('is absent without diagnostics', async () => {
    expect((await runReportData(withoutDir)).datasets.diagnostics).toEqual([]);
    const ids = (await compileCharts(withoutDir)).map((c) => c.id);
    expect(ids).toContain('compression-error');
    expect(ids).not.toContain('diagnostics');
  });
});
