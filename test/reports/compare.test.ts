import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComparison, COMPARE_CHARTS, COMPARE_DATASET, COMPARE_TARGET_CHART, COMPARE_TARGETS, readCompareRuns } from '../../reports/compare.js';

const ALL_CHARTS = [...COMPARE_CHARTS, COMPARE_TARGET_CHART];
import { ResultFileError } from '../../reports/result-file.js';
import { COMPARE_RUN_NAMES, makeCompareRuns } from './compare-runs.js';
import { labellingProblems, schemaErrors } from './vl-schema.js';

/** The JSON a page embeds in `<script type="application/json" id=…>`. */
function embedded(html: string, id: string): unknown {
  return JSON.parse(new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html)?.[1] ?? 'null');
}

/** metrics.csv as rows of strings (plain CSV: the simulator quotes no cell). */
async function csvRows(file: string): Promise<Record<string, string>[]> {
  const [header, ...lines] = (await readFile(file, 'utf8')).trim().split('\n');
  const cols = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((c, i) => [cols[i]!, c])));
}

const num = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s));

describe('buildComparison of two real runs of different scenarios', () => {
  let root: string;
  let runs: string[];
  let out: string;
  let html: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gradwire-compare-'));
    runs = await makeCompareRuns(root);
    out = join(root, 'cmp');
    expect(await buildComparison(runs, out)).toBe(join(out, 'index.html'));
    html = await readFile(join(out, 'index.html'), 'utf8');
  }, 120_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes index.html and, per chart, the spec, an SVG and a PNG', async () => {
    expect((await readdir(out)).sort()).toEqual(['charts', 'index.html']);
    expect((await readdir(join(out, 'charts'))).sort()).toEqual(ALL_CHARTS.flatMap((id) => [`${id}.png`, `${id}.svg`, `${id}.vl.json`]).sort());
    const specs = embedded(html, 'gw-specs') as { id: string; datasets: string[] }[];
    expect(specs.map((s) => s.id)).toEqual(ALL_CHARTS);
    for (const s of specs) expect(s.datasets).toEqual([s.id === COMPARE_TARGET_CHART ? COMPARE_TARGETS : COMPARE_DATASET]);
  });

  it("holds both runs' rows, equal to their metrics.csv", async () => {
    const data = embedded(html, 'gw-data') as Record<string, Record<string, unknown>[]>;
    const rows = data[COMPARE_DATASET]!;
    for (const [i, name] of COMPARE_RUN_NAMES.entries()) {
      const csv = await csvRows(join(runs[i]!, 'metrics.csv'));
      const mine = rows.filter((r) => r.run === name);
      expect(mine.length).toBe(csv.length);
      expect(csv.length).toBeGreaterThan(4);
      const key = (scheme: unknown, it: unknown) => `${String(scheme)}@${String(it)}`;
      const byKey = new Map(mine.map((r) => [key(r.scheme, r.iteration), r]));
      for (const c of csv) {
        const r = byKey.get(key(c.scheme, Number(c.iteration)));
        expect(r, `${name} ${c.scheme} iteration ${c.iteration}`).toBeDefined();
        expect(r!.time_s).toBe(num(c.time_s));
        expect(r!.loss).toBe(num(c.loss));
        expect(r!.accuracy).toBe(num(c.accuracy));
        expect(r!.wire_bytes_total).toBe(num(c.wire_bytes_up)! + num(c.wire_bytes_down)!);
        expect(r!.packets_total).toBe(num(c.packets_up)! + num(c.packets_down)!);
        expect(r!.energy_total_j).toBe(num(c.energy_total_j));
        expect(r!.series).toBe(`${name} · ${r!.scheme_label as string}`);
      }
    }
  });

  it('writes specs valid against the Vega-Lite schema, each with a title, a caption and axis titles', async () => {
    for (const id of ALL_CHARTS) {
      const spec = JSON.parse(await readFile(join(out, 'charts', `${id}.vl.json`), 'utf8'));
      expect(schemaErrors(spec), `schema errors of ${id}`).toEqual([]);
      expect(labellingProblems(spec), id).toEqual([]);
    }
  });

  it("holds each run's schemes' time, bytes and energy to target, equal to summary.json", async () => {
    const rows = (embedded(html, 'gw-data') as Record<string, Record<string, unknown>[]>)[COMPARE_TARGETS]!;
    let reached = 0;
    for (const [i, name] of COMPARE_RUN_NAMES.entries()) {
      const summary = JSON.parse(await readFile(join(runs[i]!, 'summary.json'), 'utf8'));
      for (const s of summary.schemes) {
        const row = rows.find((r) => r.run === name && r.scheme === s.name);
        if (!s.time_to_target) {
          expect(row).toBeUndefined();
          continue;
        }
        reached++;
        expect(row).toMatchObject({
          iteration: s.time_to_target.iteration,
          time_s: s.time_to_target.time_s,
          wire_bytes: s.time_to_target.wire_bytes,
          energy_j: s.time_to_target.energy_j,
          target: summary.verdict.target,
        });
      }
    }
    expect(rows.length).toBe(reached);
    expect(reached).toBeGreaterThan(0);
  });

  it('lines are (run, scheme): a colour per scheme, a dash per run', async () => {
    const spec = JSON.parse(await readFile(join(out, 'charts', 'compare-loss-vs-time.vl.json'), 'utf8'));
    expect(spec.encoding.color.field).toBe('scheme_label');
    expect(spec.encoding.color.scale.domain).toEqual(['Dense SGD', 'Top-k 10, EF']);
    expect(spec.layer[0].encoding.strokeDash.field).toBe('run');
    expect(spec.layer[0].encoding.strokeDash.sort).toEqual([...COMPARE_RUN_NAMES]);
    const series = new Set((spec.datasets[COMPARE_DATASET] as { series: string }[]).map((r) => r.series));
    expect(series.size).toBe(4);
  });

  it("tables each run's schemes with their final values and time to target, and each run's verdict sentence", async () => {
    for (const [i, name] of COMPARE_RUN_NAMES.entries()) {
      const summary = JSON.parse(await readFile(join(runs[i]!, 'summary.json'), 'utf8'));
      expect(summary.verdict?.sentence).toBeTruthy();
      const escaped = summary.verdict.sentence.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
      expect(html).toContain(`<li data-run="${name}"><strong><code>${name}</code></strong>: <span class="verdict-text">${escaped}</span></li>`);
      for (const s of summary.schemes) {
        const row = new RegExp(`<tr data-run="${name}" data-scheme="${s.name}">(.*?)</tr>`).exec(html)?.[1];
        expect(row, `${name} ${s.name}`).toBeDefined();
        expect(row).toContain(`data-time-s="${s.final.time_s}"`);
        expect(row).toContain(`data-loss="${s.final.loss}"`);
        if (s.time_to_target) expect(row).toContain(`data-time-to-target-s="${s.time_to_target.time_s}"`);
        else expect(row).toContain('not reached');
      }
    }
    expect(html).toContain('compare-2-workers');
    expect(html).toContain('compare-4-workers');
  });

  it('gives byte-identical specs and SVGs when built again', async () => {
    const again = join(root, 'cmp-again');
    await buildComparison(runs, again);
    for (const id of ALL_CHARTS) {
      for (const ext of ['vl.json', 'svg']) {
        expect(await readFile(join(again, 'charts', `${id}.${ext}`), 'utf8'), `${id}.${ext}`).toBe(await readFile(join(out, 'charts', `${id}.${ext}`), 'utf8'));
      }
    }
  }, 60_000);

  it('rejects fewer than two directories, a directory without result files, and duplicate names, naming the directory', async () => {
    await expect(readCompareRuns([runs[0]!])).rejects.toThrow(/at least two run directories, got 1/);
    await expect(readCompareRuns([runs[0]!, root])).rejects.toThrow(new RegExp(`${root} is not a run directory: metrics.csv not found`));
    await expect(readCompareRuns([runs[0]!, runs[0]!])).rejects.toThrow(/two runs named "two-workers"/);
    await expect(readCompareRuns([runs[0]!, join(root, 'nope')])).rejects.toBeInstanceOf(ResultFileError);
  });
});
