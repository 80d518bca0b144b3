/** Reports of a real workload-profile run and sweep (loss not simulated) in chromium, offline. */
import { beforeAll, describe, expect, it } from 'vitest';
import { expandSweepText } from '../../src/sweep/expand.js';
import { runSweep } from '../../src/sweep/run.js';
import { SKIP, SKIP_NOTE, chartText, pageChecks, reportPages } from './report-pages.js';

const { produceAndOpen, runAndOpen } = reportPages();

/**
 * A small real workload-profile run (ResNet-20 at true size, nothing trained):
 * empty loss cells, compression error, and buckets small enough that the
 * ring all-reduce overlaps the backward pass (time.csv's overlap state).
 */
const PROFILE_SCENARIO = `name: browser-profile
description: ResNet-20 profile on four workers over 1 GbE, loss not simulated
seed: 3
network: { topology: switch, workerLink: { preset: ethernet-1g-tcp }, serverLink: { preset: ethernet-1g-tcp } }
workers: { count: 4, device: v100, batchSize: 128 }
model: { kind: profile, name: resnet20 }
training: { iterations: 3, buckets: { sizeBytes: 200000 } }
schemes:
  - name: dense-ring
    label: Dense ring all-reduce
    kind: ring-allreduce
    compressPer: bucket
  - name: allgather-topk
    label: All-gather Top-k 0.1%
    kind: allgather
    compressPer: model
    uplink: { compressor: { kind: topk, ratio: 0.001 }, errorFeedback: true }
  - name: gtopk
    label: gTop-k 0.1%
    kind: gtopk
    compressPer: model
    uplink: { compressor: { kind: topk, ratio: 0.001 } }
output: { report: false }
`;

/** A small real profile sweep: the gTop-k scaling study's axes (workers doubling × link preset) on ResNet-20, one iteration. */
const PROFILE_SWEEP_SCENARIO = `name: browser-profile-sweep
description: ResNet-20 profile, 2 and 4 workers, 1 GbE and 10 GbE
seed: 3
network: { topology: switch, workerLink: { preset: ethernet-1g-tcp }, serverLink: { preset: ethernet-1g-tcp } }
workers: { count: 2, device: v100, batchSize: 128 }
model: { kind: profile, name: resnet20 }
training: { iterations: 2 }
schemes:
  - name: allgather-topk
    kind: allgather
    compressPer: model
    uplink: { compressor: { kind: topk, ratio: 0.001 }, errorFeedback: true }
  - name: gtopk
    kind: gtopk
    compressPer: model
    uplink: { compressor: { kind: topk, ratio: 0.001 } }
output: { report: false }
sweep:
  grid:
    workers.count: [2, 4]
    network.workerLink.preset: [ethernet-1g-tcp, ethernet-10g-tcp]
`;

describe.skipIf(SKIP)(`report of a real workload-profile run in chromium, offline${SKIP_NOTE}`, () => {
  const load = runAndOpen(PROFILE_SCENARIO, 'browser-profile.yaml', 'gradwire-browser-profile-');
  beforeAll(load);

  // no loss is simulated: no convergence chart, no target
  pageChecks(load, ['compression-error', 'iteration-time', 'time-by-node', 'link-utilization', 'energy-by-node']);

  it('says near the top that the loss is not simulated, and "not simulated" in the summary table', async () => {
    const { loaded } = await load();
    const notice = await loaded.page.locator('#notice').innerText();
    expect(notice).toMatch(/^Loss not simulated\. resnet20 \(d = 269,722\) is a workload profile \(He, Zhang, Ren, Sun\./);
    const cells = await loaded.page.locator('#summary td.not-simulated').allInnerTexts();
    expect(cells).toEqual(['not simulated', 'not simulated', 'not simulated']);
    const text = await loaded.page.locator('body').innerText();
    expect(text).toMatch(/Model\s+profile resnet20 \(d = 269722\)/);
  });

  it('draws every part of the dense ring’s iteration, overlap included, and labels each bar with its time', async () => {
    const { loaded } = await load();
    const svg = await chartText(loaded.page, 'iteration-time');
    for (const part of ['compute', 'overlap (hidden communication)', 'exposed communication']) expect(svg).toContain(part);
    expect(svg).toMatch(/\d ms/);
    const bars = loaded.page.locator('figure[data-spec="iteration-time"] .mark-rect.role-mark path');
    expect(await bars.count()).toBe(3 * 3);
  });
});

describe.skipIf(SKIP)(`report of a real workload-profile sweep in chromium, offline${SKIP_NOTE}`, () => {
  const load = produceAndOpen('gradwire-browser-profile-sweep-', (dir) => runSweep(expandSweepText(PROFILE_SWEEP_SCENARIO, 'browser-profile-sweep.yaml'), { outDir: dir, threads: 1 }));
  beforeAll(load, 300_000);

  pageChecks(load, ['sweep-iteration-time', 'compression-error']);

  it('draws time per iteration against the workers, one panel per link preset', async () => {
    const { loaded } = await load();
    const svg = await chartText(loaded.page, 'sweep-iteration-time');
    for (const label of ['preset = ethernet-1g-tcp', 'preset = ethernet-10g-tcp', 'Workers P']) expect(svg).toContain(label);
    expect(await loaded.page.locator('#notice').innerText()).toMatch(/^Loss not simulated\./);
  });
});
