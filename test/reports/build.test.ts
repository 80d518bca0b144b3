/** buildReport on a run directory: the files it writes, the page (self-contained, header, sections, data), reproducibility, a workload-profile run, escaping. */
import { cp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import type { TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../reports/build.js';
import { renderSvg } from '../../reports/render.js';
import { removedAfterAll } from '../temp-dirs.js';
import { PROFILE_CHARTS, RUN_CHARTS } from './chart-ids.js';
import { FIXTURE_SCHEMES, makeRunDir } from './fixture.js';

const track = removedAfterAll();

/** The JSON a page embeds in `<script type="application/json" id=…>`. */
function embedded(html: string, id: string): unknown {
  return JSON.parse(new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html)?.[1] ?? 'null');
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
