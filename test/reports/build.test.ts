import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import type { TopLevelSpec } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, compileCharts, compileReport } from '../../reports/build.js';
import { renderSvg } from '../../reports/render.js';
import { packageRoot } from '../../reports/spec-templates.js';
import { FIXTURE_SCHEMES, catCsv, fixtureVerdict, makeProfileSweepDir, makeRunDir, makeSweepDir, summary } from './fixture.js';
import { labellingProblems, schemaErrors } from './vl-schema.js';
import { RUN_CHARTS, SWEEP_CHARTS } from './chart-ids.js';

/** The charts of the profile fixture: the run's, less every loss chart and the time to target (no loss, so no target). */
const PROFILE_CHARTS = RUN_CHARTS.filter((id) => !id.startsWith('loss-') && id !== 'time-to-target');
/** The charts of the profile sweep: no outcome (no loss, no target), no convergence. */
const PROFILE_SWEEP_CHARTS = ['sweep-iteration-time', 'compression-error'];

const dirs: string[] = [];
const track = async (p: Promise<string>) => {
  const d = await p;
  dirs.push(d);
  return d;
};
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** The JSON a page embeds in `<script type="application/json" id=…>`. */
function embedded(html: string, id: string): unknown {
  return JSON.parse(new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html)?.[1] ?? 'null');
}

/** Field names encoded anywhere in a spec. */
function encodedFields(spec: unknown): Set<string> {
  const out = new Set<string>();
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(visit);
    else if (n !== null && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (k === 'datasets') continue;
        if (k === 'encoding' && v !== null && typeof v === 'object') {
          for (const def of Object.values(v)) if (def && typeof def === 'object' && typeof (def as { field?: unknown }).field === 'string') out.add((def as { field: string }).field);
        }
        visit(v);
      }
    }
  };
  visit(spec);
  return out;
}

describe('buildReport on a run directory', () => {
  let runDir: string;
  let out: string;
  let html: string;

  beforeAll(async () => {
    runDir = await track(makeRunDir());
    out = await buildReport(runDir);
    html = await readFile(out, 'utf8');
  });

  it('writes report/index.html and, per chart, the filled spec, an SVG and a PNG', async () => {
    expect(out).toBe(join(runDir, 'report', 'index.html'));
    expect((await readdir(join(runDir, 'report'))).sort()).toEqual(['charts', 'index.html']);
    expect((await stat(join(runDir, 'report', 'charts'))).mode & 0o777).toBe(0o755); // not mkdtemp's 0700
    const files = (await readdir(join(runDir, 'report', 'charts'))).sort();
    expect(files).toEqual(RUN_CHARTS.flatMap((id) => [`${id}.png`, `${id}.svg`, `${id}.vl.json`]).sort());
    for (const id of RUN_CHARTS) {
      const png = await readFile(join(runDir, 'report', 'charts', `${id}.png`));
      expect(png.subarray(0, 8).toString('hex'), `${id}.png signature`).toBe('89504e470d0a1a0a');
      const svg = await readFile(join(runDir, 'report', 'charts', `${id}.svg`), 'utf8');
      expect(svg, id).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg, `${id}: marks drawn`).toMatch(/role-mark/);
    }
  });

  it('is self-contained: no external script, stylesheet or URL', () => {
    expect(html).not.toMatch(/<script[^>]*\bsrc\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/sourceMappingURL/);
    expect(html).toContain("default-src 'none'");
  });

  it('shows the scenario, key parameters, version and seed in the header, and a summary table', () => {
    expect(html).toContain('<title>tiny-test');
    expect(html).toContain('Dense SGD');
    expect(html).toContain('Top-k + error feedback');
    expect(html).toMatch(/gradwire <code>0\.1\.0<\/code>/);
    expect(html).toMatch(/Seed <code>42<\/code>/);
    expect(html).toMatch(/Backend <code>cpu<\/code>/);
    expect(html).toContain('<dt>Workers</dt><dd>2 × server-cpu, batch 16</dd>');
    expect(html).toContain('<dt>Model</dt><dd>logistic-regression (d = 200)</dd>');
    expect(html).toContain('<dt>Topology</dt><dd>parameter-server-star (fidelity auto)</dd>');
    expect(html).toContain('<dt>Worker link</dt><dd>ethernet-1g-udp (1 Gb/s, latency 500 ns)</dd>');
    expect(html).toContain('<dt>Server link</dt><dd>ethernet-10g-udp (10 Gb/s, latency 500 ns)</dd>');
    expect(html).toContain('status-stopped');
    expect(html).toContain('240 kB'); // dense: 160 000 up + 80 000 down
    expect(html).toContain('60 kB'); // dense: 240 kB over 4 iterations
  });

  it('groups the charts into sections, in catalog order, each linking its files', () => {
    const order = [...html.matchAll(/<figure class="chart" data-spec="([^"]+)">/g)].map((m) => m[1]);
    expect(order).toEqual(RUN_CHARTS);
    for (const section of ['summary', 'convergence', 'target', 'budget', 'time', 'energy']) expect(html).toContain(`<section id="${section}">`);
    expect(html).toContain('<a href="charts/loss-vs-time.png">PNG</a>');
  });

  it('inlines scripts that parse as JavaScript', () => {
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    expect(scripts).toHaveLength(4); // vega, vega-lite, vega-embed, boot
    for (const code of scripts) expect(() => new Script(code)).not.toThrow();
  });

  it('embeds each dataset once and gives each chart the names it reads', async () => {
    const data = embedded(html, 'gw-data') as Record<string, unknown[]>;
    const charts = embedded(html, 'gw-specs') as { id: string; spec: TopLevelSpec; datasets: string[] }[];
    expect(Object.keys(data).sort()).toEqual(['budget', 'cat_curve', 'compression', 'convergence', 'iteration_time', 'links', 'nodes', 'targets', 'time', 'timeline']);
    expect(charts.map((c) => c.id)).toEqual(RUN_CHARTS);
    for (const c of charts) {
      expect(JSON.stringify(c.spec)).not.toContain('"datasets"');
      const datasets = Object.fromEntries(c.datasets.map((n) => [n, data[n]]));
      const svg = await renderSvg({ ...c.spec, datasets } as TopLevelSpec, c.id);
      expect(svg, c.id).toMatch(/role-mark/);
    }
  });

  it('writes standalone specs: data under top-level datasets, each dataset row on one line', async () => {
    const text = await readFile(join(runDir, 'report', 'charts', 'loss-vs-time.vl.json'), 'utf8');
    const spec = JSON.parse(text) as { datasets: Record<string, unknown[]>; $schema: string };
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    expect(Object.keys(spec.datasets)).toEqual(['convergence']);
    expect(spec.datasets.convergence).toHaveLength(2 * 5);
    expect(text).toMatch(/\n {6}\{"scheme":"dense","scheme_label":"Dense SGD","scheme_order":0,"group":"","group_order":0,"iteration":0,/);
  });

  it('reproduces byte-identical specs and images from a copy of the run directory', async () => {
    const copy = await track(Promise.resolve(join(tmpdir(), `gradwire-report-copy-${process.pid}-${Date.now()}`)));
    await cp(runDir, copy, { recursive: true });
    await rm(join(copy, 'report'), { recursive: true });
    await buildReport(copy);
    for (const f of await readdir(join(runDir, 'report', 'charts'))) {
      if (!f.endsWith('.vl.json') && !f.endsWith('.svg')) continue;
      const a = await readFile(join(runDir, 'report', 'charts', f));
      const b = await readFile(join(copy, 'report', 'charts', f));
      expect(b.equals(a), `${f} differs between the run directory and its copy`).toBe(true);
    }
  });
});

describe('the verdict of a run with a target (summary.json verdict)', () => {
  /** The verdict table's rows: scheme, data attributes and cell texts. */
  const rows = (html: string) =>
    [...html.matchAll(/<tr (data-scheme="[^"]*"[^>]*)>([\s\S]*?)<\/tr>/g)].map((m) => ({
      attrs: Object.fromEntries([...m[1]!.matchAll(/data-([a-z-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
      cells: [...m[2]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '')),
      titles: [...m[2]!.matchAll(/title="([^"]*)"/g)].map((t) => t[1]!),
    }));

  it('comes first: the sentence and the ranking before the scenario parameters, the summary and every chart', async () => {
    const html = await readFile(await buildReport(await track(makeRunDir({ verdict: fixtureVerdict() })), undefined, { images: false }), 'utf8');
    const at = html.indexOf('<section id="verdict">');
    expect(at).toBeGreaterThan(html.indexOf('</header>'));
    expect(at).toBeLessThan(html.indexOf('<dt>Workers</dt>'));
    expect(at).toBeLessThan(html.indexOf('<section id="summary">'));
    expect(html).toContain('<h2>Verdict: first to training loss ≤ 0.6</h2>');
    expect(html).toContain(
      '<p class="verdict-sentence" id="verdict-sentence">Top-k + error feedback (topk-ef) reached training loss ≤ 0.6 first, at t = 0.03 s (iteration 3): 3× sooner than Dense SGD, with 10× fewer wire bytes and about the same energy.</p>',
    );
    const [topk, dense] = rows(html);
    expect(topk!.attrs).toEqual({
      scheme: 'topk-ef',
      reached: 'true',
      iteration: '3',
      'time-s': '0.03',
      'wire-bytes': '18000',
      packets: '270',
      'energy-j': '1.8',
      'best-loss': '0.5',
      'best-accuracy': '0.9',
    });
    expect(topk!.cells).toEqual(['1', 'Top-k + error feedback topk-ef', '3', '30 ms', '3× sooner', '18 kB', '10× fewer', '270', '2× more', '1.8 J', '≈ same']);
    expect(topk!.titles).toEqual([
      '0.03 s',
      'dense ÷ topk-ef = 3',
      '18,000 B, up + down',
      'dense ÷ topk-ef = 10',
      '270 packets, up + down',
      'dense ÷ topk-ef = 0.5',
      '1.8 J',
      'dense ÷ topk-ef = 1.02',
    ]);
    expect(dense!.cells).toEqual(['2', 'Dense SGD dense', '3', '90 ms', 'baseline', '180 kB', 'baseline', '135', 'baseline', '1.84 J', 'baseline']);
    expect(html).toContain('<tr data-scheme="topk-ef"');
    expect(html).toMatch(/<tr data-scheme="topk-ef"[^>]*class="winner">/);
  });

  it('lists a scheme that never reached the target as such, with its best loss and accuracy; ratios against a baseline that never did are blank', async () => {
    const html = await readFile(await buildReport(await track(makeRunDir({ verdict: fixtureVerdict({ baselineReached: false }) })), undefined, { images: false }), 'utf8');
    const [topk, dense] = rows(html);
    expect(topk!.cells).toEqual(['1', 'Top-k + error feedback topk-ef', '3', '30 ms', '—', '18 kB', '—', '270', '—', '1.8 J', '—']);
    expect(dense!.cells).toEqual(['—', 'Dense SGD dense', 'not reached: best loss 0.6123, best accuracy 0.7']);
    expect(dense!.titles).toEqual(['loss 0.6123456, accuracy 0.7']);
    expect(dense!.attrs).toMatchObject({ reached: 'false', 'time-s': '', 'best-loss': '0.6123456' });
  });

  it('is absent without a verdict (no target, or a run written before it existed)', async () => {
    const html = await readFile(await buildReport(await track(makeRunDir()), undefined, { images: false }), 'utf8');
    expect(html).not.toContain('id="verdict"');
    expect(html).toContain('<section id="summary">');
  });
});

describe('buildReport on a workload-profile run', () => {
  let html: string;
  let runDir: string;

  beforeAll(async () => {
    runDir = await track(makeRunDir({ profile: true }));
    html = await readFile(await buildReport(runDir), 'utf8');
  });

  it('says near the top that the loss is not simulated, and why (summary.json model.kind and model.loss)', () => {
    const notice = /<p class="note" id="notice">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
    expect(notice).toContain('<strong>Loss not simulated.</strong>');
    expect(notice).toContain('resnet50 (d = 25,557,032) is a workload profile (He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016)');
    expect(notice).toContain('a workload profile trains nothing; see compression_error.');
    // before the summary and every chart
    expect(html.indexOf('id="notice"')).toBeLessThan(html.indexOf('<section id="summary">'));
    expect(html).toContain('<dt>Model</dt><dd>profile resnet50 (d = 25557032)</dd>');
    expect(html).not.toContain('<dt>Learning rate</dt>');
  });

  it('shows "not simulated" for each scheme’s loss in the summary table, and no accuracy or target columns', () => {
    expect(html.match(/<td class="not-simulated" title="not simulated: a workload profile trains nothing; see compression_error">not simulated<\/td>/g)).toHaveLength(2);
    expect(html).not.toContain('Final accuracy');
    expect(html).not.toContain('Time to target');
  });

  it('writes only the charts that have data: no loss chart, the compression error and the iteration time', async () => {
    const files = (await readdir(join(runDir, 'report', 'charts'))).filter((f) => f.endsWith('.vl.json')).sort();
    expect(files).toEqual(PROFILE_CHARTS.map((id) => `${id}.vl.json`).sort());
    expect(html).not.toContain('<section id="convergence">');
  });
});

describe('filled specs', () => {
  let run: Awaited<ReturnType<typeof compileCharts>>;
  let sweep: Awaited<ReturnType<typeof compileCharts>>;
  let sweep1: Awaited<ReturnType<typeof compileCharts>>;
  let bare: Awaited<ReturnType<typeof compileCharts>>;
  let catOnePanel: Awaited<ReturnType<typeof compileCharts>>;
  let profile: Awaited<ReturnType<typeof compileCharts>>;
  let profileSweep: Awaited<ReturnType<typeof compileCharts>>;
  let verdictSweep: Awaited<ReturnType<typeof compileCharts>>;
  let verdictSweep1: Awaited<ReturnType<typeof compileCharts>>;

  beforeAll(async () => {
    verdictSweep = await compileCharts(await track(makeSweepDir({ verdicts: true })));
    verdictSweep1 = await compileCharts(await track(makeSweepDir({ verdicts: true, params: 1 })));
    run = await compileCharts(await track(makeRunDir()));
    sweep = await compileCharts(await track(makeSweepDir()));
    sweep1 = await compileCharts(await track(makeSweepDir({ params: 1 })));
    profile = await compileCharts(await track(makeRunDir({ profile: true })));
    profileSweep = await compileCharts(await track(makeProfileSweepDir()));
    bare = await compileCharts(
      await track(makeRunDir({ oldFormat: true, accuracy: false, target: false, omit: ['links.csv', 'nodes.csv', 'time.csv', 'trace.ndjson', 'cat.csv', 'scenario.resolved.yaml'] })),
    );
    // One CAT panel (uplink only): the facet is unwrapped.
    const oneDir = await track(makeRunDir());
    await writeFile(
      join(oneDir, 'cat.csv'),
      catCsv()
        .split('\n')
        .filter((l) => !l.includes(',downlink,'))
        .join('\n'),
    );
    catOnePanel = (await compileCharts(oneDir)).filter((c) => c.id === 'cat-efficiency');
  });

  it('validate against the Vega-Lite JSON schema (vega-lite/build/vega-lite-schema.json, ajv)', () => {
    const all = [...run, ...sweep, ...sweep1, ...bare, ...catOnePanel, ...profile, ...profileSweep, ...verdictSweep, ...verdictSweep1];
    expect(all.length).toBeGreaterThan(30);
    expect(catOnePanel).toHaveLength(1);
    expect(catOnePanel[0]!.spec).not.toHaveProperty('facet');
    expect(run.find((c) => c.id === 'cat-efficiency')!.spec).toHaveProperty('facet');
    for (const { id, spec } of all) expect(schemaErrors(spec), `schema errors of ${id}`).toEqual([]);
  });

  it('have a title, a one-line caption and an axis title on every axis', () => {
    for (const { id, spec } of [...run, ...sweep, ...sweep1, ...bare, ...catOnePanel, ...profile, ...profileSweep, ...verdictSweep, ...verdictSweep1]) {
      expect(labellingProblems(spec), id).toEqual([]);
      const caption = (spec as { title: { subtitle: string } }).title.subtitle;
      expect(caption, `${id} caption`).not.toContain('\n');
      expect(caption.length, `${id} caption length`).toBeLessThan(160);
      expect(JSON.stringify(spec), `${id}: unfilled token`).not.toMatch(/\{\{/);
    }
  });

  it('are omitted, not drawn empty, when their data is absent', () => {
    expect(run.map((c) => c.id)).toEqual(RUN_CHARTS);
    // No links/nodes/trace/target/CAT curves, constant budget (old format: none), no accuracy.
    expect(bare.map((c) => c.id)).toEqual(['loss-vs-time', 'loss-vs-bytes', 'loss-vs-packets', 'loss-vs-energy', 'loss-vs-iteration']);
    for (const { id, spec } of bare) {
      expect(encodedFields(spec).has('accuracy'), `${id}: accuracy panel without accuracy`).toBe(false);
      expect(encodedFields(spec).has('loss_lo'), `${id}: band without repetitions`).toBe(false);
    }
    expect(sweep.map((c) => c.id)).toEqual(SWEEP_CHARTS);
    expect(sweep1.map((c) => c.id)).toEqual(SWEEP_CHARTS.filter((id) => id !== 'sweep-heatmap'));
    // with a verdict in each point's summary.json, "who wins where" comes first
    expect(verdictSweep.map((c) => c.id)).toEqual(['sweep-winner', ...SWEEP_CHARTS]);
    expect(verdictSweep1.map((c) => c.id)).toEqual(['sweep-winner', ...SWEEP_CHARTS.filter((id) => id !== 'sweep-heatmap')]);
  });

  it('colour each cell of the sweep by the scheme that reached the target first, labelled with its speed-up', async () => {
    const chart = verdictSweep.find((c) => c.id === 'sweep-winner')!;
    const svg = await renderSvg(chart.spec, chart.id);
    for (const text of ['Who reaches training loss ≤ 0.6 first, over workers.count × bandwidthBps', 'First to the target', 'Top-k + error feedback', 'Dense SGD', '2× · 1/2', 'baseline', 'none']) {
      expect(svg, text).toContain(text);
    }
    // a scheme keeps its colour: the winner chart's colour scale is the one every chart uses
    // two swept parameters: one panel (x × y), so the facet is unwrapped
    expect(chart.spec).not.toHaveProperty('facet');
    const color = (chart.spec as unknown as { layer: { encoding?: { color?: { scale?: { domain: string[]; range: string[] } } } }[] }).layer[1]!.encoding!.color!.scale!;
    expect(color.domain).toEqual(['Dense SGD', 'Top-k + error feedback']);
    expect(color.range).toEqual(['#4c78a8', '#f58518']);
  });

  it('of a workload profile leave out every loss chart (empty loss column) and the sweep outcome, and keep time and compression error', async () => {
    expect(profile.map((c) => c.id)).toEqual(PROFILE_CHARTS);
    expect(profileSweep.map((c) => c.id)).toEqual(PROFILE_SWEEP_CHARTS);
    for (const { id, spec } of [...profile, ...profileSweep]) {
      expect(encodedFields(spec).has('loss'), `${id}: a loss view`).toBe(false);
      expect(await renderSvg(spec, id), `${id}: marks drawn`).toMatch(/role-mark/);
    }
  });

  it('plot the sweep’s time per iteration on a log2 workers axis ticked at the swept counts, a panel per link preset', async () => {
    const spec = profileSweep.find((c) => c.id === 'sweep-iteration-time')!.spec;
    const x = (spec as unknown as { spec: { encoding: { x: { scale: object; axis: object } } } }).spec.encoding.x;
    expect(x.scale).toMatchObject({ type: 'log', base: 2 });
    expect(x.axis).toMatchObject({ values: [4, 8, 16, 32] });
    const svg = await renderSvg(spec, 'sweep-iteration-time');
    for (const label of ['preset = ethernet-1g-udp', 'preset = ethernet-10g-udp', 'Time per iteration (ms)']) expect(svg).toContain(label);
  });

  it('stack the iteration of each scheme in compute, overlap and exposed communication, labelled with its time', async () => {
    const chart = run.find((c) => c.id === 'iteration-time')!;
    const rows = (chart.spec as unknown as { datasets: { iteration_time: { scheme: string; part: string; seconds: number }[] } }).datasets.iteration_time;
    // dense: 30 ms per iteration; workers compute 20 % and overlap 10 % of the run
    expect(rows.filter((r) => r.scheme === 'dense').map((r) => [r.part, Number(r.seconds.toFixed(9))])).toEqual([
      ['compute', 6],
      ['overlap (hidden communication)', 3],
      ['exposed communication', 21],
    ]);
    const svg = await renderSvg(chart.spec, chart.id);
    expect(svg).toContain('30 ms');
    expect(svg).toContain('Time per iteration (ms)');
  });

  it('stack each node’s time in compute, transmit, receive, waiting and idle from time.csv, switches left out', () => {
    const chart = run.find((c) => c.id === 'time-by-node')!;
    const rows = (chart.spec as unknown as { datasets: { time: { node: string; state: string; seconds: number; scheme_label: string }[] } }).datasets.time;
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(['overlap', 'compute', 'transmit', 'receive', 'waiting', 'idle']));
    expect(rows.some((r) => r.node === 'switch')).toBe(false);
    const domain = (chart.spec as unknown as { spec: { encoding: { color: { scale: { domain: string[] } } } } }).spec.encoding.color.scale.domain;
    expect(domain).toEqual(['overlap', 'compute', 'transmit', 'receive', 'waiting', 'idle']);
  });

  it('draw a mean line and a min–max band per scheme with repetitions, one panel per parameter combination', async () => {
    const chart = sweep.find((c) => c.id === 'loss-vs-iteration')!;
    expect(encodedFields(chart.spec).has('loss_lo')).toBe(true);
    const rows = (chart.spec as unknown as { datasets: { convergence: { group: string; runs: number; loss_lo: number | null; loss_hi: number | null }[] } }).datasets.convergence;
    expect(new Set(rows.map((r) => r.group))).toEqual(
      new Set(['workers.count = 2, bandwidthBps = 1e8', 'workers.count = 2, bandwidthBps = 1e9', 'workers.count = 4, bandwidthBps = 1e8', 'workers.count = 4, bandwidthBps = 1e9']),
    );
    expect(rows.every((r) => r.runs === 2)).toBe(true);
    expect(rows.filter((r) => r.loss_lo !== null).every((r) => r.loss_lo! < r.loss_hi!)).toBe(true);
    const svg = await renderSvg(chart.spec, chart.id);
    expect(svg).toContain('workers.count = 4, bandwidthBps = 1e9');
    expect(svg).toMatch(/mark-area/);
  });

  it('use log scales only where the data span decades', () => {
    const yScale = (spec: TopLevelSpec) => JSON.stringify(spec).match(/"field":"loss","type":"quantitative","title":"Training loss","scale":\{"type":"(\w+)"/)?.[1];
    const xScale = (spec: TopLevelSpec, field: string) => JSON.stringify(spec).match(new RegExp(`"field":"${field}","type":"quantitative","title":"[^"]*","scale":\\{"type":"(\\w+)"`))?.[1];
    const byId = (charts: typeof run, id: string) => charts.find((c) => c.id === id)!.spec;
    // Loss falls from 2.3 to 0.46: not a decade.
    expect(yScale(byId(run, 'loss-vs-time'))).toBe('linear');
    // dense sends 10× the bytes of topk-ef: log x, iteration 0 (0 bytes) filtered out.
    expect(xScale(byId(run, 'loss-vs-bytes'), 'wire_bytes_total')).toBe('log');
    expect(JSON.stringify(byId(run, 'loss-vs-bytes'))).toContain('{"filter":{"field":"wire_bytes_total","gt":0}}');
    // 3× in time: linear.
    expect(xScale(byId(run, 'loss-vs-time'), 'time_s')).toBe('linear');
  });

  it('give each scheme the same colour in every chart', () => {
    const schemeScales = (spec: unknown): { domain: string[]; range: string[] }[] => {
      const out: { domain: string[]; range: string[] }[] = [];
      const visit = (n: unknown): void => {
        if (Array.isArray(n)) n.forEach(visit);
        else if (n !== null && typeof n === 'object') {
          const o = n as { field?: unknown; scale?: { domain?: string[]; range?: string[] } };
          if (o.field === 'scheme_label' && o.scale?.domain && o.scale.range) out.push({ domain: o.scale.domain, range: o.scale.range });
          for (const [k, v] of Object.entries(n)) if (k !== 'datasets') visit(v);
        }
      };
      visit(spec);
      return out;
    };
    let checked = 0;
    for (const { id, spec } of run) {
      for (const { domain, range } of schemeScales(spec)) {
        domain.forEach((s, i) => expect(range[i], `${id}: colour of ${s}`).toBe(s === 'Dense SGD' ? '#4c78a8' : '#f58518'));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
    // The budget chart draws only topk-ef (its budget varies), still in topk-ef's colour.
    expect(schemeScales(run.find((c) => c.id === 'budget')!.spec)).toEqual([{ domain: ['Top-k + error feedback'], range: ['#f58518'] }]);
  });
});

describe('escaping', () => {
  const XSS = '<script>alert("x")</script> & co';

  it('renders scenario names and scheme labels from result files as text, in the page and in the SVGs', async () => {
    const schemes = [{ ...FIXTURE_SCHEMES[0]!, label: XSS }, FIXTURE_SCHEMES[1]!];
    const dir = await track(makeRunDir({ schemes, scenarioName: XSS }));
    const out = join(dir, 'elsewhere');
    expect(await buildReport(dir, out)).toBe(join(out, 'index.html'));
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; co');
    // In embedded JSON `<` is escaped, so no `</script>` can end the element.
    expect(embedded(html, 'gw-data')).toBeTruthy();
    expect(html).toContain('\\u003cscript>alert');
    const svg = await readFile(join(out, 'charts', 'loss-vs-time.svg'), 'utf8');
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
  });
});

describe('errors', () => {
  it('names metrics.csv when it is missing', async () => {
    const dir = await track(makeRunDir());
    await unlink(join(dir, 'metrics.csv'));
    await expect(buildReport(dir)).rejects.toThrow(/metrics\.csv not found/);
    await expect(buildReport(dir)).rejects.toThrow(join(dir, 'metrics.csv'));
  });

  it('names the same missing file every time when several are missing (summary.json, the first read)', async () => {
    const dir = await track(makeRunDir({ omit: ['summary.json', 'metrics.csv'] }));
    for (let i = 0; i < 5; i++) await expect(compileReport(dir)).rejects.toThrow(/^summary\.json not found/);
  });

  it('names summary.json when it is malformed', async () => {
    const dir = await track(makeRunDir());
    await writeFile(join(dir, 'summary.json'), JSON.stringify({ scenario: {}, seed: 1 }));
    await expect(buildReport(dir)).rejects.toThrow(/summary\.json: unexpected shape/);
  });

  it('names sweep.json when a sweep directory lacks it', async () => {
    const dir = await track(makeSweepDir());
    await unlink(join(dir, 'sweep.json'));
    await expect(buildReport(dir)).rejects.toThrow(/sweep\.json not found/);
  });

  it('accepts a diverged scheme whose final loss is null', async () => {
    const dir = await track(makeRunDir({ lossOf: (s, it) => (s === 'topk-ef' && it === 4 ? NaN : 1 / (1 + it)) }));
    const s = summary() as { schemes: { status: string }[] };
    s.schemes[1]!.status = 'diverged';
    await writeFile(join(dir, 'summary.json'), JSON.stringify(s));
    const { charts } = await compileReport(dir);
    expect(charts.length).toBe(RUN_CHARTS.length);
    expect(await readFile(await buildReport(dir), 'utf8')).toContain('status-diverged');
  });
});

describe('gradwire report (the built CLI)', () => {
  const cli = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');

  it.skipIf(!existsSync(cli))('writes the report of a sweep directory where --out says', async () => {
    const dir = await track(makeSweepDir({ params: 1 }));
    const out = join(dir, 'elsewhere');
    const r = spawnSync(process.execPath, [cli, 'report', dir, '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`report: ${join(out, 'index.html')}`);
    expect(existsSync(join(out, 'charts', 'sweep-outcome.png'))).toBe(true);
    expect(existsSync(join(dir, 'report'))).toBe(false);
  });
});
