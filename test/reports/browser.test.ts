/// <reference lib="dom" />
/**
 * End-to-end check that built reports work offline in a real browser:
 * Debian's chromium opens the file:// page of (1) real small runs, simulated
 * here with `runScenario` (trained ones and a workload profile, whose loss is
 * not simulated), and (2) real small sweeps run with `runSweep`,
 * with every non-local request aborted and counted; every chart must draw
 * marks, with no error on the console. A full-page screenshot is saved as
 * `report/screenshot.png` in each directory (kept with
 * GRADWIRE_KEEP_TEST_REPORTS=1, which prints where).
 *
 * Without /usr/bin/chromium the suite is skipped with a message, except under
 * CI (CI=true), where a missing browser is a failure.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../reports/build.js';
import { formatBytes, formatNumber, formatSi } from '../../reports/format.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { runScenario } from '../../src/run/run.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { expandSweepText } from '../../src/sweep/expand.js';
import { runSweep } from '../../src/sweep/run.js';
import { RUN_CHARTS, SWEEP_CHARTS } from './chart-ids.js';
import { CHART_TIMEOUT_MS, SKIP_BROWSER, SKIP_REASON, launchChromium, openOffline, waitForCharts, type OfflinePage } from './offline-browser.js';

const DEFAULT_SCENARIO = join(import.meta.dirname, '../../scenarios/default.yaml');
const KEEP = process.env.GRADWIRE_KEEP_TEST_REPORTS === '1';
const SKIP = SKIP_BROWSER;
if (SKIP) console.warn(`report browser tests skipped: ${SKIP_REASON}`);

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

/** An opened report (its context stays open until the browser closes) and where its screenshot is. */
type Loaded = OfflinePage & { screenshot: string };

interface ChartState {
  spec: string;
  tag: string | null;
  width: number;
  height: number;
  /** Graphic items drawn inside Vega's mark groups (paths, rects, symbols, text…). */
  items: number;
  text: string;
}

let browser: Browser | undefined;
const tempDirs: string[] = [];

afterAll(async () => {
  await browser?.close();
  if (KEEP) console.log(`report test directories kept:\n${tempDirs.join('\n')}`);
  else await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Opens a report offline, waits for its charts and saves a full-page screenshot beside it. */
async function open(reportFile: string, screenshot: string): Promise<Loaded> {
  browser ??= await launchChromium();
  const opened = await openOffline(browser, reportFile);
  const { page, pageErrors, consoleErrors } = opened;
  try {
    await waitForCharts(page);
  } catch (err) {
    const state = await page.$$eval('figure.chart', (els) => els.map((el) => `${el.getAttribute('data-spec')}: ${el.innerHTML.slice(0, 200) || '(empty)'}`));
    throw new Error(
      `charts did not render within ${CHART_TIMEOUT_MS} ms.\n${state.join('\n')}\npage errors: ${pageErrors.join('; ') || 'none'}\n` + `console errors: ${consoleErrors.join('; ') || 'none'}`,
      { cause: err },
    );
  }
  await page.screenshot({ path: screenshot, fullPage: true });
  return { ...opened, screenshot };
}

function chartStates(page: Page): Promise<ChartState[]> {
  return page.$$eval('figure.chart', (els) =>
    els.map((el) => {
      const drawn = el.querySelector('.vega svg, .vega canvas');
      const r = drawn?.getBoundingClientRect();
      return {
        spec: el.getAttribute('data-spec') ?? '',
        tag: drawn?.tagName.toLowerCase() ?? null,
        width: r?.width ?? 0,
        height: r?.height ?? 0,
        items: el.querySelectorAll('.vega svg .role-mark > path, .vega svg .role-mark > rect, .vega svg .role-mark > text, .vega svg .role-mark > line').length,
        text: (el.querySelector('.vega')?.textContent ?? '').replace(/\s+/g, ' '),
      };
    }),
  );
}

/** The checks every report page must pass. */
function pageChecks(load: () => Promise<{ loaded: Loaded; reportDir: string }>, expectCharts: string[]): void {
  it('loads without any network request or CSP violation', async () => {
    const { loaded } = await load();
    expect(loaded.network, `attempted network requests:\n${loaded.network.join('\n')}`).toEqual([]);
    expect(loaded.cspViolations, 'Content-Security-Policy violations (blocked loads)').toEqual([]);
  });

  it('logs no page error and no console error or warning', async () => {
    const { loaded } = await load();
    expect(loaded.pageErrors, 'uncaught page errors').toEqual([]);
    expect(loaded.consoleErrors, 'console errors').toEqual([]);
    expect(loaded.consoleWarnings, 'console warnings (Vega-Lite warns there)').toEqual([]);
  });

  it('renders every chart it wrote, each a non-empty SVG with marks', async () => {
    const { loaded, reportDir } = await load();
    const written = (await readdir(join(reportDir, 'charts'))).filter((f) => f.endsWith('.vl.json')).map((f) => f.slice(0, -'.vl.json'.length));
    const charts = await chartStates(loaded.page);
    expect(charts.map((c) => c.spec).sort()).toEqual([...written].sort());
    expect(charts.map((c) => c.spec)).toEqual(expectCharts);
    for (const c of charts) {
      expect(c.text, `chart ${c.spec} reported a render failure`).not.toMatch(/failed to render/);
      expect(c.tag, `chart ${c.spec} has no svg`).toBe('svg');
      expect(c.width, `chart ${c.spec} width`).toBeGreaterThan(100);
      expect(c.height, `chart ${c.spec} height`).toBeGreaterThan(100);
      expect(c.items, `chart ${c.spec}: marks drawn`).toBeGreaterThan(0);
    }
  });

  it('saves a full-page PNG screenshot as report/screenshot.png', async () => {
    const { loaded, reportDir } = await load();
    expect(loaded.screenshot).toBe(join(reportDir, 'screenshot.png'));
    const png = await readFile(loaded.screenshot);
    expect(png.subarray(0, 8).toString('hex'), 'PNG signature').toBe('89504e470d0a1a0a');
    const pageHeight = await loaded.page.evaluate(() => document.documentElement.scrollHeight);
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBe(pageHeight); // full page, not just the viewport
  });
}

describe.skipIf(SKIP)(`report of the default run (scenarios/default.yaml) in chromium, offline${SKIP ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
  const load = produceAndOpen('gradwire-browser-default-', (dir) => runScenario(resolveScenario(loadScenario(DEFAULT_SCENARIO)), dir));
  beforeAll(load, 300_000);

  // the default run stops at a target loss; it has no trace and fixed budgets, so those charts are left out
  pageChecks(
    load,
    RUN_CHARTS.filter((id) => !['budget', 'cat-efficiency', 'timeline'].includes(id)),
  );

  it('opens with the verdict: the ranking and the sentence agree with metrics.csv, on the first screen', async () => {
    const { loaded, reportDir } = await load();
    const scenario = loadScenario(DEFAULT_SCENARIO);
    const target = scenario.training.stop.targetLoss!;
    const schemes = scenario.schemes.map((s) => ({ name: s.name, label: s.label ?? s.name }));
    const reached = await firstRowsAtTarget(join(reportDir, '..', 'metrics.csv'), target);
    // what the page must show, from metrics.csv alone: sooner first, ties by fewer wire bytes, then scenario order
    const ranked = schemes
      .filter((s) => reached.has(s.name))
      .sort((a, b) => reached.get(a.name)!.time_s - reached.get(b.name)!.time_s || reached.get(a.name)!.wire_bytes - reached.get(b.name)!.wire_bytes);
    expect(ranked.length, 'schemes of the default study that reach its target').toBeGreaterThan(1);

    const rows = await loaded.page.$$eval('#verdict table.verdict tbody tr', (trs) =>
      trs.map((tr) => {
        const d = (tr as HTMLElement).dataset;
        const cells = Array.from(tr.children, (c) => (c as HTMLElement).innerText.trim());
        return { scheme: d.scheme, reached: d.reached, iteration: d.iteration, timeS: d.timeS, wireBytes: d.wireBytes, packets: d.packets, energyJ: d.energyJ, cells };
      }),
    );
    expect(rows.map((r) => r.scheme)).toEqual([...ranked.map((s) => s.name), ...schemes.filter((s) => !reached.has(s.name)).map((s) => s.name)]);
    const base = reached.get(schemes[0]!.name);
    for (const [i, s] of ranked.entries()) {
      const m = reached.get(s.name)!;
      const row = rows[i]!;
      // exact values in data attributes, readable ones in the cells
      expect(row, s.name).toMatchObject({ reached: 'true', iteration: String(m.iteration) });
      expect(Number(row.timeS), `${s.name} time to target`).toBe(m.time_s);
      expect(Number(row.wireBytes), `${s.name} wire bytes to target`).toBe(m.wire_bytes);
      expect(Number(row.packets), `${s.name} packets to target`).toBe(m.packets);
      expect(Number(row.energyJ), `${s.name} energy to target`).toBe(m.energy_j);
      expect(row.cells.slice(0, 4), s.name).toEqual([String(i + 1), expect.stringContaining(s.label), String(m.iteration), formatSi(m.time_s, 's')]);
      expect(row.cells[5], s.name).toBe(formatBytes(m.wire_bytes));
      expect(row.cells[7], s.name).toBe(m.packets.toLocaleString('en-US'));
      expect(row.cells[9], s.name).toBe(formatSi(m.energy_j, 'J'));
      if (s.name === schemes[0]!.name) expect([row.cells[4], row.cells[6], row.cells[8], row.cells[10]]).toEqual(['baseline', 'baseline', 'baseline', 'baseline']);
      else if (base) expect(row.cells[4], `${s.name} against the baseline`).toBe(ratioText(base.time_s / m.time_s, 'sooner', 'later'));
    }

    // the sentence names the winner and its lead over the baseline, in metrics.csv's numbers
    const sentence = await loaded.page.locator('#verdict-sentence').innerText();
    const winner = ranked[0]!;
    const w = reached.get(winner.name)!;
    expect(sentence).toContain(`${winner.label} (${winner.name}) reached training loss ≤ ${target} first, at t = ${Number(w.time_s.toPrecision(3))} s (iteration ${w.iteration})`);
    if (base && winner.name !== schemes[0]!.name) {
      expect(sentence).toContain(`${times(base.time_s / w.time_s)} sooner than ${schemes[0]!.label}`);
      expect(sentence).toContain(`${times(base.wire_bytes / w.wire_bytes)} fewer wire bytes`);
    }
    expect(sentence).toBe(JSON.parse(await readFile(join(reportDir, '..', 'summary.json'), 'utf8')).verdict.sentence);

    // first on the page, and on the first screen (1280 × 900)
    const top = (sel: string) => loaded.page.locator(sel).evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    const tableBottom = await loaded.page.locator('#verdict table.verdict').evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
    expect(tableBottom, 'the verdict table ends on the first screen').toBeLessThanOrEqual(900);
    expect(await top('#verdict')).toBeLessThan(await top('#scenario'));
    expect(await top('#scenario')).toBeLessThan(await top('#summary'));
  });
});

/** One scheme's cumulative counters at its first metrics.csv row with loss ≤ target. */
interface AtTarget {
  iteration: number;
  time_s: number;
  wire_bytes: number;
  packets: number;
  energy_j: number;
}

/** Each scheme's first row of metrics.csv whose loss is at most `target` (plain CSV: no cell of the simulator's is quoted). */
async function firstRowsAtTarget(file: string, target: number): Promise<Map<string, AtTarget>> {
  const [header, ...lines] = (await readFile(file, 'utf8')).trim().split('\n');
  const cols = header!.split(',');
  const out = new Map<string, AtTarget>();
  for (const line of lines) {
    const cells = line.split(',');
    const num = (c: string) => Number(cells[cols.indexOf(c)]);
    const scheme = cells[cols.indexOf('scheme')]!;
    const loss = cells[cols.indexOf('loss')]!;
    if (out.has(scheme) || loss === '' || !(Number(loss) <= target)) continue;
    out.set(scheme, {
      iteration: num('iteration'),
      time_s: num('time_s'),
      wire_bytes: num('wire_bytes_up') + num('wire_bytes_down'),
      packets: num('packets_up') + num('packets_down'),
      energy_j: num('energy_total_j'),
    });
  }
  return out;
}

/** "3.1×" below 10, "16×" above: the rounding of the verdict's sentence and table. */
const times = (x: number): string => (x >= 10 ? `${Math.round(x)}×` : `${Number(x.toPrecision(2))}×`);

/** A ratio cell of the verdict table (baseline's / this scheme's; within 5 % "≈ same"). */
const ratioText = (r: number, better: string, worse: string): string => (Math.abs(Math.log(r)) < Math.log(1.05) ? '≈ same' : r > 1 ? `${times(r)} ${better}` : `${times(1 / r)} ${worse}`);

/** Produce result files into a temporary folder, build their report and open it (once, however often called). */
function produceAndOpen(prefix: string, produce: (dir: string) => Promise<unknown>): () => Promise<{ loaded: Loaded; reportDir: string }> {
  let loading: Promise<{ loaded: Loaded; reportDir: string }> | undefined;
  return () => {
    loading ??= (async () => {
      const dir = await mkdtemp(join(tmpdir(), prefix));
      tempDirs.push(dir);
      await produce(dir);
      const report = await buildReport(dir);
      const reportDir = join(dir, 'report');
      return { loaded: await open(report, join(reportDir, 'screenshot.png')), reportDir };
    })();
    return loading;
  };
}

/** Run a scenario into a temporary folder, build its report and open it (once, however often called). */
function runAndOpen(yaml: string, file: string, prefix: string): () => Promise<{ loaded: Loaded; reportDir: string }> {
  return produceAndOpen(prefix, (dir) => runScenario(resolveScenario(parseScenario(yaml, file)), dir));
}

describe.skipIf(SKIP)(`report of a real run in chromium, offline${SKIP ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
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

describe.skipIf(SKIP)(`report of a real CAT run in chromium, offline${SKIP ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
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
    const text = (await loaded.page.locator('figure[data-spec="cat-efficiency"] .vega svg').textContent()) ?? '';
    expect(text).toContain('CAT sparsification (bits) · uplink (worker/0) · α(T)/C(T), C in bits');
    expect(text).toContain('CAT S+Q up, sparsification down (packet model) · uplink (worker/0) · β(T)/C(T), C in cost units');
    expect(text).toContain('CAT S+Q up, sparsification down (packet model) · downlink (server) · α(T)/C(T), C in cost units');
    // The last symbol mark drawn is the chosen-T diamond of the last panel (legend symbols are role-legend-symbol).
    const diamond = loaded.page.locator('figure[data-spec="cat-efficiency"] .mark-symbol.role-mark path').last();
    await diamond.hover();
    await expect.poll(() => loaded.page.locator('#vg-tooltip-element').innerText(), { timeout: 5000 }).toMatch(/Chosen T \(coordinates\)/);
  });
});

describe.skipIf(SKIP)(`report of a real sweep in chromium, offline${SKIP ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
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
    const headers = await loaded.page.locator('figure[data-spec="loss-vs-iteration"] .vega svg').textContent();
    expect(headers).toContain('bandwidthBps = 1e7, workers.count = 3');
  });
});

describe.skipIf(SKIP)(`report of a real workload-profile run in chromium, offline${SKIP ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
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
    const svg = (await loaded.page.locator('figure[data-spec="iteration-time"] .vega svg').textContent()) ?? '';
    for (const part of ['compute', 'overlap (hidden communication)', 'exposed communication']) expect(svg).toContain(part);
    expect(svg).toMatch(/\d ms/);
    const bars = loaded.page.locator('figure[data-spec="iteration-time"] .mark-rect.role-mark path');
    expect(await bars.count()).toBe(3 * 3);
  });
});

describe.skipIf(SKIP)(`report of a real workload-profile sweep in chromium, offline${SKIP ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
  const load = produceAndOpen('gradwire-browser-profile-sweep-', (dir) => runSweep(expandSweepText(PROFILE_SWEEP_SCENARIO, 'browser-profile-sweep.yaml'), { outDir: dir, threads: 1 }));
  beforeAll(load, 300_000);

  pageChecks(load, ['sweep-iteration-time', 'compression-error']);

  it('draws time per iteration against the workers, one panel per link preset', async () => {
    const { loaded } = await load();
    const svg = (await loaded.page.locator('figure[data-spec="sweep-iteration-time"] .vega svg').textContent()) ?? '';
    expect(svg).toContain('preset = ethernet-1g-tcp');
    expect(svg).toContain('preset = ethernet-10g-tcp');
    expect(svg).toContain('Workers P');
    expect(await loaded.page.locator('#notice').innerText()).toMatch(/^Loss not simulated\./);
  });
});
