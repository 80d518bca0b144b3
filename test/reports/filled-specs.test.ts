/** The filled Vega-Lite specs of runs and sweeps (compileCharts): valid, labelled, omitted without data, and what each chart draws. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileCharts } from '../../reports/build.js';
import { renderSvg } from '../../reports/render.js';
import { removedAfterAll } from '../temp-dirs.js';
import { PROFILE_CHARTS, PROFILE_SWEEP_CHARTS, RUN_CHARTS, SWEEP_CHARTS } from './chart-ids.js';
import { catCsv, makeProfileSweepDir, makeRunDir, makeSweepDir } from './fixture.js';
import { labellingProblems, schemaErrors } from './vl-schema.js';

const track = removedAfterAll();

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
    // each list's charts are named in 'are omitted, not drawn empty, when their data is absent' below
    const sweepCharts = SWEEP_CHARTS.length;
    expect(all.length).toBe(RUN_CHARTS.length + sweepCharts + (sweepCharts - 1) + 5 + 1 + PROFILE_CHARTS.length + PROFILE_SWEEP_CHARTS.length + (sweepCharts + 1) + sweepCharts);
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
