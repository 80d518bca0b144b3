import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../reports/build.js';
import { expandSweepText } from '../../src/sweep/expand.js';
import { runSweep } from '../../src/sweep/run.js';
import { SKIP_BROWSER, closeBrowser, openReport } from './report-browser.js';

/**
 * The bundled paper-scale studies, run as users run them (`gradwire sweep`)
 * but on a reduced grid (a child scenario extends the bundled file and pins
 * each swept axis to small values), so the suite stays fast; the full grids
 * are for `gradwire sweep` by hand. Each sweep's report is opened in the
 * browser (Debian's chromium), every chart drawn.
 */
const dirs: string[] = [];
afterAll(async () => {
  await closeBrowser();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** Run a child of a bundled study; returns sweep.csv's rows as objects. */
async function study(bundled: string, child: string): Promise<Record<string, string>[]> {
  const file = resolve(bundled.replace(/\.yaml$/, '.test-child.yaml'));
  const sweep = expandSweepText(`extends: ${resolve(bundled)}\n${child}`, file);
  const out = mkdtempSync(join(tmpdir(), 'gw-study-'));
  dirs.push(out);
  const outcome = await runSweep(sweep, { outDir: out, threads: 1 });
  expect(outcome.manifest.points.map((p) => p.status)).toEqual(sweep.points.map(() => 'completed'));
  // the sweep's report opens offline in the browser, every chart drawn
  const report = await buildReport(out);
  if (!SKIP_BROWSER) {
    const opened = await openReport(report);
    expect(opened.network).toEqual([]);
    expect(opened.errors, `${bundled}: console errors`).toEqual([]);
    expect(opened.charts.length).toBeGreaterThan(0);
    for (const c of opened.charts) {
      expect(c.failed, `${bundled}: chart ${c.spec} failed`).toBe(false);
      expect(c.marks, `${bundled}: chart ${c.spec} marks`).toBeGreaterThan(0);
    }
  }
  const [header, ...lines] = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
  const cols = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

describe('bundled paper-scale studies (reduced grids)', () => {
  it('gtopk-scaling: all-gather Top-k sends O(kP) per worker, gTop-k O(k log P), dense ring all-reduce ≈ 2d', async () => {
    const rows = await study(
      'scenarios/papers/gtopk-scaling.yaml',
      `training: { iterations: 1 }
sweep:
  grid:
    model.name: [resnet20]
    workers.count: [4, 8, 16]
    network.workerLink.preset: [ethernet-10g-tcp]
`,
    );
    const last = (scheme: string, P: number) => rows.filter((r) => r['scheme'] === scheme && Number(r['workers.count']) === P).at(-1)!;
    const perWorker = (scheme: string, P: number) => Number(last(scheme, P)['payload_bytes_up']) / P;
    const k = Math.ceil(0.001 * 269_722);
    for (const P of [4, 8, 16]) {
      expect(perWorker('allgather-topk', P)).toBe((P - 1) * 8 * k); // P − 1 ring steps of k (index, value) pairs
      expect(perWorker('gtopk', P)).toBe(Math.log2(P) * 8 * k); // log2 P rounds of k pairs
      expect(perWorker('dense-ring', P) / (2 * ((P - 1) / P) * 4 * 269_722)).toBeCloseTo(1, 2);
    }
  });

  it('llm-datacenter: every one of 64 workers is on the network while one class carries the numerics', async () => {
    const rows = await study(
      'scenarios/studies/llm-datacenter.yaml',
      `training: { iterations: 1 }
workers: { distinctGradients: 1 }
sweep:
  grid:
    workers.count: [64]
`,
    );
    const final = (scheme: string) => rows.filter((r) => r['scheme'] === scheme).at(-1)!;
    for (const scheme of ['dense-ring', 'allgather-topk', 'gtopk', 'cat']) expect(Number(final(scheme)['time_s']), scheme).toBeGreaterThan(0);
    // gTop-k's O(k log P) against the all-gather's O(kP): 6 rounds against 63 steps of the same k
    expect(Number(final('allgather-topk')['payload_bytes_up']) / Number(final('gtopk')['payload_bytes_up'])).toBeCloseTo(63 / 6, 6);
    expect(final('gtopk')['loss']).toBe('');
  }, 300_000);

  it('phones-lte: compressing both directions saves energy per iteration over dense SGD on LTE', async () => {
    const rows = await study(
      'scenarios/studies/phones-lte.yaml',
      `training: { iterations: 1 }
workers: { batchSize: 4 }
sweep:
  grid:
    workers.count: [16]
`,
    );
    const final = (scheme: string) => rows.filter((r) => r['scheme'] === scheme).at(-1)!;
    const energy = (s: string) => Number(final(s)['energy_total_j']);
    const time = (s: string) => Number(final(s)['time_s']);
    expect(energy('bidirectional')).toBeLessThan(energy('topk-ef'));
    expect(energy('topk-ef')).toBeLessThan(energy('dense'));
    expect(time('bidirectional')).toBeLessThan(time('dense'));
  }, 300_000);
});
