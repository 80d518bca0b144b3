/** Reports of real small runs in chromium, offline: a traced run with a target and a varying budget, and a CAT run. */
import { beforeAll, describe, expect, it } from 'vitest';
import { RUN_CHARTS } from './chart-ids.js';
import { SKIP, SKIP_NOTE, chartText, pageChecks, reportPages } from './report-pages.js';

const { runAndOpen } = reportPages();

/** A small real run: trace on, a loss target, an AdapTop-K budget, so every run chart has data. */
const RUN_SCENARIO = `name: browser-run
description: two schemes, four workers, traced
seed: 3
workers: { count: 4, batchSize: 16 }
model: { kind: logistic-regression, features: 100, trainSamples: 800, testSamples: 200 }
training: { iterations: 16, learningRate: 20, stop: { targetLoss: 0.6 } }
schemes:
  - name: dense
    label: Dense SGD
    uplink: { compressor: { kind: identity } }
  - name: adaptopk
    label: AdapTop-K, k = 10
    uplink: { compressor: { kind: topk, k: 10 }, errorFeedback: true, budget: { kind: adaptopk, turningPoint: 4 } }
output: { report: false, trace: true }
`;

/** A small real CAT run: CAT on the uplink of one scheme and on both directions of another, so cat.csv has three curves. */
const CAT_SCENARIO = `name: browser-cat
description: CAT on the uplink, and on both directions
seed: 3
workers: { count: 2, batchSize: full }
model: { kind: logistic-regression, features: 100, trainSamples: 400, testSamples: 100, l2: 0 }
training: { iterations: 8, learningRate: { kind: one-over-l } }
schemes:
  - name: cat-up
    label: CAT sparsification (bits)
    uplink: { compressor: { kind: cat }, encoding: { indices: packed } }
  - name: cat-both
    label: CAT S+Q up, sparsification down (packet model)
    uplink: { compressor: { kind: cat, variant: sparsification-quantization, cost: { kind: packet, c1: 4608, c0: 512, pMaxBits: 4096 } }, encoding: { indices: packed } }
    downlink: { compressor: { kind: cat, cost: { kind: packet, c1: 4608, c0: 512, pMaxBits: 4096 } }, encoding: { indices: packed } }
output: { report: false }
`;

describe.skipIf(SKIP)(`report of a real run in chromium, offline${SKIP_NOTE}`, () => {
  const load = runAndOpen(RUN_SCENARIO, 'browser-run.yaml', 'gradwire-browser-run-');
  beforeAll(load);

  pageChecks(
    load,
    RUN_CHARTS.filter((id) => id !== 'cat-efficiency'),
  );

  it('shows the scenario header and the schemes, and a tooltip on hover', async () => {
    const { loaded } = await load();
    const text = await loaded.page.locator('body').innerText();
    expect(text).toContain('browser-run');
    expect(text).toMatch(/Workers\s+4 × server-cpu, batch 16/);
    expect(text).toMatch(/Seed\s+3/);
    for (const label of ['Dense SGD', 'AdapTop-K, k = 10']) expect(text).toContain(label);
    // Hover a bar of the time-to-target chart: vega-tooltip shows its fields.
    const bar = loaded.page.locator('figure[data-spec="time-to-target"] .mark-rect path').first();
    await bar.hover();
    await expect.poll(() => loaded.page.locator('#vg-tooltip-element').innerText(), { timeout: 5000 }).toMatch(/Simulated time/);
  });
});

describe.skipIf(SKIP)(`report of a real CAT run in chromium, offline${SKIP_NOTE}`, () => {
  const load = runAndOpen(CAT_SCENARIO, 'browser-cat.yaml', 'gradwire-browser-cat-');
  beforeAll(load);

  pageChecks(load, [
    'loss-vs-time',
    'loss-vs-bytes',
    'loss-vs-packets',
    'loss-vs-energy',
    'loss-vs-iteration',
    'budget',
    'compression-error',
    'cat-efficiency',
    'iteration-time',
    'time-by-node',
    'link-utilization',
    'energy-by-node',
  ]);

  it('draws one panel per CAT scheme and direction, and the chosen T in the tooltip', async () => {
    const { loaded } = await load();
    const text = await chartText(loaded.page, 'cat-efficiency');
    const both = 'CAT S+Q up, sparsification down (packet model)';
    for (const panel of [
      'CAT sparsification (bits) · uplink (worker/0) · α(T)/C(T), C in bits',
      `${both} · uplink (worker/0) · β(T)/C(T), C in cost units`,
      `${both} · downlink (server) · α(T)/C(T), C in cost units`,
    ]) {
      expect(text).toContain(panel);
    }
    // The last symbol mark drawn is the chosen-T diamond of the last panel (legend symbols are role-legend-symbol).
    const diamond = loaded.page.locator('figure[data-spec="cat-efficiency"] .mark-symbol.role-mark path').last();
    await diamond.hover();
    await expect.poll(() => loaded.page.locator('#vg-tooltip-element').innerText(), { timeout: 5000 }).toMatch(/Chosen T \(coordinates\)/);
  });
});
