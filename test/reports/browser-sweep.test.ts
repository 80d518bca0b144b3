/** The report of a real small sweep to a target in chromium, offline: who wins where, and a panel per combination. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatNumber } from '../../reports/format.js';
import { expandSweepText } from '../../src/sweep/expand.js';
import { runSweep } from '../../src/sweep/run.js';
import { SWEEP_CHARTS } from './chart-ids.js';
import { SKIP, SKIP_NOTE, chartText, pageChecks, reportPages } from './report-pages.js';

const { produceAndOpen } = reportPages();

/** A small real sweep to a target: two parameters, two runs per combination, a verdict per run. */
const SWEEP_SCENARIO = `name: browser-sweep
description: link rate × workers, two runs each
seed: 3
workers: { count: 2, batchSize: 8 }
model: { kind: logistic-regression, features: 40, trainSamples: 200, testSamples: 50 }
training: { iterations: 6, learningRate: 10, stop: { targetLoss: 0.56 } }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
  - name: topk
    uplink: { compressor: { kind: topk, k: 4 }, errorFeedback: true }
output: { report: false }
sweep:
  grid:
    network.workerLink.set.bandwidthBps: [1.0e+7, 1.0e+9]
    workers.count: [2, 3]
  repetitions: 2
`;

describe.skipIf(SKIP)(`report of a real sweep in chromium, offline${SKIP_NOTE}`, () => {
  // The pool's workers run the compiled dist/src/sweep/worker.js (npm test builds first).
  const load = produceAndOpen('gradwire-browser-sweep-', (dir) => runSweep(expandSweepText(SWEEP_SCENARIO, 'browser-sweep.yaml'), { outDir: dir, threads: 2 }));
  beforeAll(load);

  pageChecks(load, ['sweep-winner', ...SWEEP_CHARTS]);

  it('says which scheme wins where: each cell the most frequent winner of its points’ summary.json verdicts', async () => {
    const { loaded, reportDir } = await load();
    const sweepDir = join(reportDir, '..');
    const manifest = JSON.parse(await readFile(join(sweepDir, 'sweep.json'), 'utf8')) as { points: { id: string; params: Record<string, number> }[] };
    // winners per combination (bandwidth, workers), from the points' own summaries
    const wins = new Map<string, Map<string | null, number>>();
    for (const p of manifest.points) {
      const summary = JSON.parse(await readFile(join(sweepDir, 'runs', p.id, 'summary.json'), 'utf8')) as { verdict: { winner: string | null } };
      const key = `${formatNumber(p.params['network.workerLink.set.bandwidthBps']!)} ${p.params['workers.count']}`;
      const tally = wins.get(key) ?? new Map<string | null, number>();
      tally.set(summary.verdict.winner, (tally.get(summary.verdict.winner) ?? 0) + 1);
      wins.set(key, tally);
    }
    const data = JSON.parse((await loaded.page.locator('#gw-data').textContent()) ?? '{}') as { sweep_winner: { x: string; y: string; scheme: string | null; wins: number; runs: number }[] };
    expect(data.sweep_winner.map((r) => `${r.x} ${r.y}`).sort()).toEqual([...wins.keys()].sort());
    for (const r of data.sweep_winner) {
      const tally = wins.get(`${r.x} ${r.y}`)!;
      const most = Math.max(...[...tally].filter(([w]) => w !== null).map(([, n]) => n), 0);
      expect(r.runs, `${r.x} ${r.y}`).toBe([...tally.values()].reduce((a, b) => a + b, 0));
      if (r.scheme === null) expect(most, `${r.x} ${r.y}: nobody won`).toBe(0);
      else expect([r.wins, tally.get(r.scheme)], `${r.x} ${r.y}: ${r.scheme}`).toEqual([most, most]);
    }
    // a coloured cell per combination with a winner, and the winners in the legend
    const svg = loaded.page.locator('figure[data-spec="sweep-winner"] .vega svg');
    const winners = [...new Set(data.sweep_winner.map((r) => r.scheme).filter((w) => w !== null))];
    expect(winners.length).toBeGreaterThan(0);
    expect(await svg.locator('.mark-rect.role-mark path').count()).toBe(data.sweep_winner.length + data.sweep_winner.filter((r) => r.scheme !== null).length);
    const text = (await svg.textContent()) ?? '';
    for (const w of winners) expect(text).toContain(w!);
  });

  it('shows the swept parameters and one panel per combination', async () => {
    const { loaded } = await load();
    const text = await loaded.page.locator('body').innerText();
    expect(text).toContain('gradwire sweep report'.toUpperCase());
    expect(text).toMatch(/network\.workerLink\.set\.bandwidthBps\s+1e7, 1e9/);
    const headers = await chartText(loaded.page, 'loss-vs-iteration');
    expect(headers).toContain('bandwidthBps = 1e7, workers.count = 3');
  });
});
