import { readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Script } from 'node:vm';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport, compileSpecs } from '../../reports/build.js';
import { parseMetricsCsv } from '../../reports/run-data.js';
import { HEADER, makeRunDir, metricsCsv, summary } from './fixture.js';

/** Compiles a Vega-Lite spec and renders it headlessly, as proof that the chart draws. */
async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vg = compile(spec).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

let runDir: string;

beforeEach(async () => {
  runDir = await makeRunDir();
});

afterEach(async () => {
  await rm(runDir, { recursive: true, force: true });
});

describe('buildReport', () => {
  it('writes a self-contained report at <runDir>/report/index.html', async () => {
    const out = await buildReport(runDir);
    expect(out).toBe(join(runDir, 'report', 'index.html'));
    const html = await readFile(out, 'utf8');

    expect(html).not.toMatch(/<script[^>]*\bsrc\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/sourceMappingURL/);

    expect(html).toContain('<title>tiny-test');
    expect(html).toContain('dense');
    expect(html).toContain('topk-ef');
    expect(html).toContain('Top-k + error feedback');
    expect(html).toMatch(/Backend: <code>cpu<\/code>/);
    expect(html).toMatch(/Seed: <code>42<\/code>/);
    expect(html).toContain('status-diverged');
    expect(html).toContain('240 kB'); // dense: 160 000 up + 80 000 down
    expect(html).toContain('vegaEmbed(');
    expect(html).toContain('actions: false');

    // No leftover temp file from the atomic write.
    expect(await readdir(join(runDir, 'report'))).toEqual(['index.html']);
  });

  it('inlines scripts that parse as JavaScript', async () => {
    const html = await readFile(await buildReport(runDir), 'utf8');
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    expect(scripts).toHaveLength(4); // vega, vega-lite, vega-embed, boot
    for (const code of scripts) expect(() => new Script(code)).not.toThrow();
  });

  it('renders the charts the page embeds (shared datasets) with both schemes', async () => {
    const html = await readFile(await buildReport(runDir), 'utf8');
    const json = (id: string): unknown =>
      JSON.parse(new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html)?.[1] ?? 'null');
    const rows = json('gw-metrics') as object[];
    const charts = json('gw-specs') as { id: string; spec: TopLevelSpec }[];
    expect(rows).toHaveLength(10);
    expect(charts.map((c) => c.id)).toEqual(['loss-vs-time', 'loss-vs-bytes', 'loss-vs-energy']);
    for (const { spec } of charts) {
      const svg = await renderSvg({ ...spec, datasets: { metrics: rows } } as TopLevelSpec);
      expect(svg).toContain('dense');
      expect(svg).toContain('topk-ef');
    }
  });

  it('escapes text inserted into HTML', async () => {
    await writeFile(join(runDir, 'summary.json'), JSON.stringify(summary('<script>alert("x")</script> & co')));
    const out = join(runDir, 'elsewhere', 'r.html');
    expect(await buildReport(runDir, out)).toBe(out);
    const html = await readFile(out, 'utf8');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; co');
  });

  it('fails with an error naming metrics.csv when it is missing', async () => {
    await unlink(join(runDir, 'metrics.csv'));
    await expect(buildReport(runDir)).rejects.toThrow(/metrics\.csv not found/);
    await expect(buildReport(runDir)).rejects.toThrow(join(runDir, 'metrics.csv'));
  });

  it('fails with an error naming summary.json when it is malformed', async () => {
    await writeFile(join(runDir, 'summary.json'), JSON.stringify({ scenario: {}, seed: 1 }));
    await expect(buildReport(runDir)).rejects.toThrow(/summary\.json: unexpected shape/);
  });
});

describe('compileSpecs', () => {
  it('returns standalone specs that compile and draw both schemes', async () => {
    const charts = await compileSpecs(runDir);
    expect(charts.map((c) => c.id)).toEqual(['loss-vs-time', 'loss-vs-bytes', 'loss-vs-energy']);
    for (const { spec } of charts) {
      expect(JSON.stringify(spec)).not.toContain('"name":"metrics"');
      const svg = await renderSvg(spec);
      expect(svg).toContain('dense');
      expect(svg).toContain('topk-ef');
    }
  });

  it('uses a log loss scale, and linear when some loss is <= 0', async () => {
    const yScale = (spec: TopLevelSpec) => compile(spec).spec.scales?.find((s) => s.name === 'y')?.type;
    for (const { spec } of await compileSpecs(runDir)) expect(yScale(spec)).toBe('log');

    await writeFile(join(runDir, 'metrics.csv'), metricsCsv((s, it) => 1 - 0.3 * it));
    for (const { spec } of await compileSpecs(runDir)) {
      expect(yScale(spec)).toBe('linear');
      expect(await renderSvg(spec)).toContain('topk-ef');
    }
  });
});

describe('parseMetricsCsv', () => {
  it('types columns, derives wire_bytes_total, keeps an all-digit scheme a string', () => {
    const rows = parseMetricsCsv(`${HEADER}\n2024,1,0.5,NaN,,1,2,10,20,1,1,0.1,0.2,0.3\n`);
    expect(rows).toEqual([
      expect.objectContaining({ scheme: '2024', iteration: 1, accuracy: null, wire_bytes_total: 30, energy_total_j: 0.3 }),
    ]);
    expect(rows[0]?.loss).toBeNaN();
  });

  it('names the line and column of a bad cell, and missing columns', () => {
    expect(() => parseMetricsCsv(`${HEADER}\ndense,0,0,1,,0,0,x,0,0,0,0,0,0\n`, 'm.csv')).toThrow(
      'm.csv line 2: column wire_bytes_up is not a number: "x"',
    );
    expect(() => parseMetricsCsv('scheme,iteration\n', 'm.csv')).toThrow(/m\.csv: header lacks column\(s\) time_s, loss/);
  });
});
