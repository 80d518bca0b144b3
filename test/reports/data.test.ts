import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyParameters } from '../../reports/key-parameters.js';
import { runReportData } from '../../reports/run-report.js';
import { shortNames } from '../../reports/sweep-axes.js';
import { sweepReportData } from '../../reports/sweep-report.js';
import { formatBytes, formatNumber, formatSi } from '../../reports/format.js';
import { renderPage } from '../../reports/html.js';
import { parseCatCsv, parseLinksCsv, parseMetricsCsv, parseNodesCsv, parseTimeCsv } from '../../reports/run-data.js';
import * as written from '../../src/run/results.js';
import { metricsCsv } from '../../src/run/results.js';
import { METRIC_COLUMNS as WRITTEN_COLUMNS, type MetricRow as WrittenRow } from '../../src/results/index.js';
import { labelIteration, linkEnds, readIterationTimeline } from '../../reports/trace.js';
import { ResultFileError } from '../../src/results/index.js';
import { CAT_BUDGETS, HEADER, OLD_HEADER, PROFILE_COMPUTE_S, makeProfileSweepDir, makeRunDir, makeSweepDir, profileSchemes } from './fixture.js';

/** `text` as a regular expression matching it literally. */
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
const tracked = async (p: Promise<string>) => {
  const d = await p;
  dirs.push(d);
  return d;
};

describe('parseMetricsCsv', () => {
  it('reads every column the simulator writes (none silently dropped)', () => {
    // one row as the simulator serialises it, every column a distinct value, read back
    const row = Object.fromEntries(WRITTEN_COLUMNS.map((c, i) => [c, c === 'scheme' ? 'topk' : c === 'run_id' ? '0123456789ab' : c === 'iteration' ? 7 : i + 0.5])) as unknown as WrittenRow;
    const [read] = parseMetricsCsv(metricsCsv([row]));
    expect([read!.run_id, read!.scheme, read!.iteration]).toEqual(['0123456789ab', 'topk', 7]);
    for (const [i, c] of WRITTEN_COLUMNS.entries()) {
      if (c === 'scheme' || c === 'iteration' || c === 'run_id') continue;
      expect((read as Record<string, unknown>)[c], c).toBe(i + 0.5);
    }
  });

  it('types columns, derives totals, keeps an all-digit scheme a string, reads empty cells as null', () => {
    const rows = parseMetricsCsv(`${HEADER}\n2024,1,0.5,NaN,,1,2,10,20,1,3,0.1,0.2,0.3,,,,12,384,64,0.5,0.25,1\n`);
    expect(rows).toEqual([
      expect.objectContaining({ scheme: '2024', iteration: 1, accuracy: null, wire_bytes_total: 30, packets_total: 4, energy_total_j: 0.3, f_gap: null, budget_mean: 12, compression_error: 0.25 }),
    ]);
    expect(rows[0]?.loss).toBeNaN();
  });

  it('reads an empty loss cell as null: a workload profile simulates no loss', () => {
    const rows = parseMetricsCsv(`${HEADER}\ngtopk,1,0.5,,,1,2,10,20,1,3,0.1,0.2,0.3,,,,12,384,64,0.5,0.96,1\n`);
    expect(rows[0]).toMatchObject({ loss: null, accuracy: null, compression_error: 0.96 });
    expect(() => parseMetricsCsv(`${HEADER}\ngtopk,1,0.5,low,,1,2,10,20,1,3,0.1,0.2,0.3,,,,12,384,64,0.5,0.96,1\n`, 'm.csv')).toThrow('m.csv line 2: column loss is not a number: "low"');
  });

  it('reads the oldest format: the later columns are null', () => {
    const rows = parseMetricsCsv(`${OLD_HEADER}\ndense,0,0,1,0.5,0,0,0,0,0,0,0,0,0\n`);
    expect(rows[0]).toMatchObject({ accuracy: 0.5, budget_mean: null, grad_norm_sq: null });
  });

  it('reads the point and run of sweep.csv rows', () => {
    const rows = parseMetricsCsv(`point,run,seed,workers.count,${OLD_HEADER}\nabc,1,7,4,dense,0,0,1,,0,0,0,0,0,0,0,0,0\n`);
    expect(rows[0]).toMatchObject({ point: 'abc', run: 1, scheme: 'dense' });
  });

  it('names the line and column of a bad cell, and missing columns', () => {
    expect(() => parseMetricsCsv(`${OLD_HEADER}\ndense,0,0,1,,0,0,x,0,0,0,0,0,0\n`, 'm.csv')).toThrow('m.csv line 2: column wire_bytes_up is not a number: "x"');
    expect(() => parseMetricsCsv('scheme,iteration\n', 'm.csv')).toThrow(/m\.csv: header lacks column\(s\) time_s, loss/);
  });
});

describe('the other result files', () => {
  // the reader parses by the columns src/results/ declares: each file is read back from what the run writes
  it('read back every column the run writes: links.csv, nodes.csv, time.csv, cat.csv', () => {
    const link = { scheme: 's', link: 'a→b', wire_bytes: 1, packets: 2, busy_s: 0.5, utilization: 0.25, retransmissions: 3, drops: 4 };
    const node = { scheme: 's', node: 'worker/0', role: 'worker', state: 'tx', seconds: 0.5, joules: 1.5 };
    const time = { scheme: 's', node: 'worker/0', role: 'worker', state: 'waiting', seconds: 0.5 };
    const cat = {
      scheme: 's',
      direction: 'uplink',
      sender: 'worker/0',
      iteration: 3,
      searched_at: 2,
      variant: 'sparsification',
      budget: 10,
      measure: 0.5,
      cost: 100,
      efficiency: 0.005,
      cost_unit: 'bit',
      chosen: 1,
    };
    expect(parseLinksCsv(written.linksCsv([link]))).toEqual([link]);
    expect(parseNodesCsv(written.nodesCsv([node]))).toEqual([node]);
    expect(parseTimeCsv(written.timeCsv([time]))).toEqual([time]);
    expect(parseCatCsv(written.catCsv([cat]))).toEqual([cat]); // chosen stays the 0/1 the run writes
  });
});

describe('keyParameters', () => {
  it('describes workers, model, topology, links and training; skips what it does not know', () => {
    const params = keyParameters({
      workers: { count: 8, device: 'server-cpu', batchSize: 'full' },
      model: { kind: 'quadratic', features: 100 },
      network: {
        topology: 'ring',
        workerGroups: [
          { count: 4, preset: 'lte', set: { bandwidthBps: 5e7 } },
          { count: 4, preset: 'ethernet-1g-udp', set: {} },
        ],
        serverLink: { preset: 'x' },
      },
      training: { iterations: 10, learningRate: { kind: 'step', rate: 0.1, factor: 0.5, every: 5 }, stop: { targetAccuracy: 0.9, maxTimeS: 2 } },
      unknown: { ignored: true },
    });
    expect(params).toEqual([
      { label: 'Workers', value: '8 × server-cpu, batch full' },
      { label: 'Model', value: 'quadratic (d = 100)' },
      { label: 'Topology', value: 'ring' },
      { label: 'Worker links', value: '4 × lte (50 Mb/s); 4 × ethernet-1g-udp' },
      { label: 'Server link', value: 'x' },
      { label: 'Iterations', value: '10' },
      { label: 'Learning rate', value: 'step (rate 0.1, factor 0.5, every 5)' },
      { label: 'Stop at', value: 'accuracy ≥ 0.9, time ≥ 2 s' },
    ]);
    expect(keyParameters(undefined)).toEqual([]);
    expect(keyParameters('text')).toEqual([]);
  });
});

describe('formatting', () => {
  it('prints short numbers with SI prefixes and units', () => {
    expect(formatSi(0.000_052_56, 's')).toBe('52.6 µs');
    expect(formatSi(1e9, 'b/s')).toBe('1 Gb/s');
    expect(formatSi(0, 'J')).toBe('0 J');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(240_000)).toBe('240 kB');
    expect(formatNumber(1e9)).toBe('1e9');
    expect(formatNumber(0.52154)).toBe('0.5215');
    expect(formatNumber(null)).toBe('—');
  });
});

describe('shortNames', () => {
  it('keeps the shortest distinct suffix of at least 6 characters', () => {
    expect(shortNames(['workers.count', 'network.workerLink.set.bandwidthBps', 'network.serverLink.set.bandwidthBps', 'schemes[topk].uplink.compressor.k'])).toEqual(
      new Map([
        ['workers.count', 'workers.count'],
        ['network.workerLink.set.bandwidthBps', 'workerLink.set.bandwidthBps'],
        ['network.serverLink.set.bandwidthBps', 'serverLink.set.bandwidthBps'],
        ['schemes[topk].uplink.compressor.k', 'compressor.k'],
      ]),
    );
  });
});

describe('trace', () => {
  it('parses labels and link names', () => {
    expect(labelIteration('up/7')).toBe(7);
    expect(labelIteration('gtopk/12/round/3')).toBe(12);
    expect(labelIteration('hello')).toBeNull();
    expect(linkEnds('worker/0→switch')).toEqual({ from: 'worker/0', to: 'switch' });
  });

  it('returns the middle iteration by default: compute and transfers of each node, times from the first bar', async () => {
    const dir = await tracked(makeRunDir());
    const timeline = await readIterationTimeline(dir);
    expect(timeline?.iteration).toBe(2);
    const dense = timeline!.bars.filter((b) => b.scheme === 'dense');
    expect(dense.map((b) => `${b.node} ${b.activity} ${b.message ?? ''}`).sort()).toEqual(
      [
        'worker/0 compute ',
        'worker/1 compute ',
        'server compute ',
        'worker/0 transmit up/2',
        'worker/1 transmit up/2',
        'switch receive up/2',
        'switch receive up/2',
        'switch transmit down/2',
        'switch transmit down/2',
        'worker/0 receive down/2',
        'worker/1 receive down/2',
      ].sort(),
    );
    expect(Math.min(...dense.map((b) => b.start_s))).toBe(0);
    const compute = dense.find((b) => b.node === 'worker/0' && b.activity === 'compute')!;
    expect(compute.end_s - compute.start_s).toBeCloseTo(0.001, 12);
    expect((await readIterationTimeline(dir, 4))?.iteration).toBe(4);
  });

  it('draws each packet of a packet-fidelity trace as its own bar, and merges trains of a message-fidelity one', async () => {
    const dir = await tracked(makeRunDir());
    expect((await readIterationTimeline(dir))!.packets).toBe(false);
    const lines: string[] = [];
    const ev = (e: object) => lines.push(JSON.stringify({ scheme: 'dense', ...e }));
    for (let it = 1; it <= 2; it++) {
      const t0 = it * 0.01;
      ev({ t: t0, event: 'compute', node: 'worker/0', seconds: 0.001, watts: 6 });
      // three back-to-back packets of one message, 1 µs each
      for (let j = 1; j <= 3; j++) ev({ t: t0 + j * 1e-6, event: 'tx', link: 'worker/0→server', message: it, label: `up/${it}`, packets: 1, wire_bytes: 100, seconds: 1e-6 });
    }
    await writeFile(join(dir, 'trace.ndjson'), `${lines.join('\n')}\n`);
    const timeline = (await readIterationTimeline(dir, 2))!;
    expect(timeline.packets).toBe(true);
    const tx = timeline.bars.filter((b) => b.activity === 'transmit');
    expect(tx.map((b) => [b.packets, b.wire_bytes])).toEqual([
      [1, 100],
      [1, 100],
      [1, 100],
    ]);
    const data = await runReportData(dir, { timelineIteration: 2 });
    expect(data.tokens['timeline.packets']).toBe(' Each transfer bar is one packet.');
    expect(data.tokens['timeline.unit']).toBe('ms');
    const last = data.datasets.timeline!.at(-1)!;
    expect(last.end).toBeCloseTo((last.end_s as number) * 1e3, 12);
  });

  it('is absent without trace.ndjson, and names the line of a broken one', async () => {
    const dir = await tracked(makeRunDir({ omit: ['trace.ndjson'] }));
    expect(await readIterationTimeline(dir)).toBeUndefined();
    await writeFile(join(dir, 'trace.ndjson'), '{"scheme":"a","t":0,"event":"compute","node":"n","seconds":0}\n{oops\n');
    const file = join(dir, 'trace.ndjson');
    const refusal = readIterationTimeline(dir);
    await expect(refusal).rejects.toBeInstanceOf(ResultFileError);
    await expect(refusal).rejects.toThrow(new RegExp(`^${escapeRegExp(file)} line 2: expected JSON, given text that is not \\(`));
    await writeFile(file, '{"scheme":"a","t":0,"event":"compute","node":"n","seconds":0}\n{"scheme":"a","t":"0"}\n');
    await expect(readIterationTimeline(dir)).rejects.toMatchObject({ name: 'ResultFileError', message: `${file} line 2: t: expected a finite number, given "0"` });
  });
});

describe('report data', () => {
  it('of a run: bytes per iteration, time-to-target annotations, per-node rows without switches', async () => {
    const data = await runReportData(await tracked(makeRunDir()));
    expect(data.schemes).toEqual(['Dense SGD', 'Top-k + error feedback']);
    expect(data.datasets.targets).toEqual([
      expect.objectContaining({ scheme: 'dense', reached: false, time_s: null, time_end: 0, annotation: 'not reached · 60 kB/iteration' }),
      expect.objectContaining({ scheme: 'topk-ef', reached: true, time_s: 0.03, annotation: '6 kB/iteration' }),
    ]);
    expect(new Set(data.datasets.nodes!.map((r) => r.node))).toEqual(new Set(['server', 'worker/0', 'worker/1']));
    expect(data.datasets.nodes!.find((r) => r.state === 'transmit')).toBeTruthy();
    expect(data.tokens).toMatchObject({ target: 'training loss ≤ 0.6', 'timeline.iteration': '2', 'convergence.note': '' });
  });

  it('of a run whose target no scheme reached: every scheme listed as not reached, the table keeps its target columns', async () => {
    const data = await runReportData(await tracked(makeRunDir({ target: false })));
    expect(data.hasTarget).toBe(true);
    expect(data.datasets.targets!.map((r) => [r.scheme, r.reached, r.annotation])).toEqual([
      ['dense', false, 'not reached · 60 kB/iteration'],
      ['topk-ef', false, 'not reached · 6 kB/iteration'],
    ]);
    const html = renderPage({ data, charts: [], datasets: {}, libraries: [], chartFilesDir: 'charts' });
    expect(html).toContain('<th scope="col">Time to target</th>');
    expect(html.match(/<td>not reached<\/td>/g)).toHaveLength(2);
    // no target in the scenario and none reached: no target chart, no target columns
    const dir = await tracked(makeRunDir({ target: false }));
    await writeFile(join(dir, 'scenario.resolved.yaml'), (await readFile(join(dir, 'scenario.resolved.yaml'), 'utf8')).replace(/  stop:\n    targetLoss: 0\.6\n/, ''));
    const none = await runReportData(dir);
    expect(none.hasTarget).toBe(false);
    expect(none.datasets.targets).toEqual([]);
  });

  it('of a run with cat.csv: one panel per scheme and direction, each recorded iteration’s curve with its chosen T', async () => {
    const data = await runReportData(await tracked(makeRunDir()));
    const rows = data.datasets.cat_curve!;
    expect(rows).toHaveLength(2 * 2 * CAT_BUDGETS.length);
    expect([...new Set(rows.map((r) => r.panel))]).toEqual(['Top-k + error feedback · uplink (worker/0) · α(T)/C(T), C in bits', 'Top-k + error feedback · downlink (server) · α(T)/C(T), C in bits']);
    expect(rows.filter((r) => r.chosen).map((r) => [r.direction, r.iteration, r.budget])).toEqual([
      ['uplink', 1, 5],
      ['uplink', 4, 20],
      ['downlink', 1, 5],
      ['downlink', 4, 20],
    ]);
    expect(rows[0]).toMatchObject({ scheme: 'topk-ef', scheme_label: 'Top-k + error feedback', scheme_order: 1, panel_order: 2, measure_name: 'α(T)', cost_unit: 'bit' });
    expect(data.tokens['cat.efficiency']).toBe('Efficiency (per bit)');
    const without = await runReportData(await tracked(makeRunDir({ omit: ['cat.csv'] })));
    expect(without.datasets.cat_curve).toEqual([]);
  });

  it('of a sweep: outcome per combination and scheme, mean and min–max over runs', async () => {
    const data = await sweepReportData(await tracked(makeSweepDir()));
    expect(data.kind).toBe('sweep');
    expect(data.swept).toEqual([
      { label: 'workers.count', value: '2, 4' },
      { label: 'network.workerLink.set.bandwidthBps', value: '1e8, 1e9' },
    ]);
    expect(data.tokens['sweep.metric']).toBe('Time to target (s)');
    const outcome = data.datasets.sweep_outcome!;
    expect(outcome).toHaveLength(4 * 2);
    const topk = outcome.filter((r) => r.scheme === 'topk-ef');
    expect(topk.every((r) => r.runs === 2 && r.reached === 2)).toBe(true);
    expect(outcome.filter((r) => r.scheme === 'dense').every((r) => r.value === null && r.value_text === 'not reached')).toBe(true);
    expect(data.datasets.sweep_heatmap).toHaveLength(8);
    expect(data.facts).toContainEqual({ label: 'Points', value: '8 (8 completed)' });
  });

  it('of a sweep: panels in sweep order (numbers ascending, not as text), partial means marked k/n', async () => {
    const data = await sweepReportData(await tracked(makeSweepDir({ params: 1, counts: [4, 16], secondRunMisses: true })));
    const order = new Map(data.datasets.convergence!.map((r) => [r.group, r.group_order]));
    expect(order).toEqual(
      new Map([
        ['workers.count = 4', 0],
        ['workers.count = 16', 1],
      ]),
    );
    const topk = data.datasets.sweep_outcome!.filter((r) => r.scheme === 'topk-ef');
    expect(topk.map((r) => [r.x, r.reached, r.runs, r.reached_text])).toEqual([
      ['4', 1, 2, '1/2'],
      ['16', 1, 2, '1/2'],
    ]);
    for (const r of topk) expect(r.value_text).toMatch(/ \(1\/2 reached\)$/);
    expect(data.tokens['sweep.missing']).toBe(' ×: no run reached the target.');
  });

  it('of a workload-profile run: no loss anywhere, the note from summary.json, compression error per compressing scheme', async () => {
    const data = await runReportData(await tracked(makeRunDir({ profile: true })));
    expect(data.datasets.convergence!.every((r) => r.loss === null && r.accuracy === null)).toBe(true);
    expect(data.notice?.lead).toBe('Loss not simulated.');
    expect(data.notice?.text).toMatch(/^resnet50 \(d = 25,557,032\) is a workload profile \(He, .*\): a workload profile trains nothing; see compression_error\. /);
    // dense sends everything (error 0 throughout): left out; topk-ef from iteration 1 (iteration 0 sends nothing)
    const rows = data.datasets.compression!;
    expect(rows.map((r) => [r.scheme, r.iteration, r.compression_error])).toEqual([1, 2, 3, 4].map((it) => ['topk-ef', it, 0.9 - 0.1 / it]));
    expect(rows[0]).toMatchObject({ group: '', compression_error_lo: null, compression_error_hi: null, runs: 1 });
    // a trained run has no note
    expect((await runReportData(await tracked(makeRunDir()))).notice).toBeUndefined();
  });

  it('of a run: seconds per iteration from metrics.csv, compute from the workers in time.csv, in the unit of the longest', async () => {
    const data = await runReportData(await tracked(makeRunDir()));
    expect(data.tokens['iteration.unit']).toBe('ms');
    const topk = data.datasets.iteration_time!.filter((r) => r.scheme === 'topk-ef');
    // 10 ms per iteration; the workers compute 20 % of the run and overlap 10 %: compute 3 ms, of which 1 ms hides communication
    expect(topk.map((r) => r.part)).toEqual(['compute', 'overlap (hidden communication)', 'exposed communication']);
    expect(topk.map((r) => r.seconds as number).map((v) => Number(v.toFixed(9)))).toEqual([2, 1, 7]);
    expect(topk[0]).toMatchObject({ iterations: 4, total_text: '10 ms' });
    expect(Number((topk[0]!.communication as number).toFixed(9))).toBe(8);
    const without = await runReportData(await tracked(makeRunDir({ omit: ['time.csv'] })));
    expect(without.datasets.iteration_time).toEqual([]);
  });

  it('of a profile sweep: time per iteration and exposed communication against workers, a panel per preset, no outcome', async () => {
    const data = await sweepReportData(await tracked(makeProfileSweepDir()));
    expect(data.datasets.sweep_outcome).toEqual([]);
    expect(data.datasets.sweep_heatmap).toEqual([]);
    expect(data.notice?.text).toMatch(/^resnet50 .* is a workload profile/);
    expect(data.tokens['iteration.unit']).toBe('ms');
    const rows = data.datasets.sweep_iteration_time!;
    expect(rows).toHaveLength(2 * 3 * 4 * 2); // presets × schemes × worker counts × lines
    expect([...new Set(rows.map((r) => r.facet))]).toEqual(['preset = ethernet-1g-udp', 'preset = ethernet-10g-udp']);
    const line = (scheme: string, measure: string) =>
      rows.filter((r) => r.facet === 'preset = ethernet-1g-udp' && r.scheme === scheme && r.measure === measure).map((r) => [r.workers, Number((r.seconds as number).toFixed(9))]);
    const ms = (P: number, scheme: number) => Number((profileSchemes(P, 1e9)[scheme]!.secondsPerIt * 1e3).toFixed(9));
    const exposedMs = (P: number, scheme: number) => Number(((profileSchemes(P, 1e9)[scheme]!.secondsPerIt - PROFILE_COMPUTE_S) * 1e3).toFixed(9));
    for (const [k, scheme] of ['dense-ring', 'allgather-topk', 'gtopk'].entries()) {
      expect(line(scheme, 'time per iteration')).toEqual([4, 8, 16, 32].map((P) => [P, ms(P, k)]));
      expect(line(scheme, 'exposed communication')).toEqual([4, 8, 16, 32].map((P) => [P, exposedMs(P, k)]));
    }
    // all-gather's exposed communication grows as P − 1, gTop-k's as log2 P
    expect(exposedMs(32, 1) / exposedMs(4, 1)).toBeCloseTo(31 / 3, 9);
    expect(exposedMs(32, 2) / exposedMs(4, 2)).toBeCloseTo(5 / 2, 9);
    expect(rows.every((r) => r.runs === 2)).toBe(true);
    expect(rows[0]).toMatchObject({ compute: 20, hidden: 5 });
    // compression error: one panel per combination, the schemes that compress
    expect(new Set(data.datasets.compression!.map((r) => r.scheme))).toEqual(new Set(['allgather-topk', 'gtopk']));
    expect(new Set(data.datasets.compression!.map((r) => r.group)).size).toBe(8);
  });

  it('of a sweep with a target: which scheme wins where, from each point’s summary.json verdict', async () => {
    const data = await sweepReportData(await tracked(makeSweepDir({ verdicts: true })));
    const cells = data.datasets.sweep_winner!.map((r) => [r.x, r.y, r.scheme, r.wins_text, r.cell_text, r.speedup_text]);
    expect(cells).toEqual([
      ['2', '1e8', 'topk-ef', '2/2', '2×', '2× sooner'],
      ['2', '1e9', 'topk-ef', '1/2', '2× · 1/2', '2× sooner'],
      ['4', '1e8', null, '0/2', 'none', null],
      ['4', '1e9', 'dense', '2/2', 'baseline', 'the baseline itself'],
    ]);
    const first = data.datasets.sweep_winner![0]!;
    expect(first).toMatchObject({ scheme_label: 'Top-k + error feedback', winner_text: 'Top-k + error feedback', bytes_text: '8× fewer', energy_text: 'about the same', time_text: '20 ms, 15 kB' });
    expect(data.tokens['sweep.axes']).toBe('workers.count × bandwidthBps');
    expect(data.tokens['sweep.baseline']).toBe('Dense SGD');
    // no verdict in any point (no target, or runs written before it): no rows, so no chart
    expect((await sweepReportData(await tracked(makeSweepDir()))).datasets.sweep_winner).toEqual([]);
  });

  it('of a sweep that does not sweep workers.count: no iteration-time rows (the chart is about scaling)', async () => {
    const dir = await tracked(makeSweepDir());
    expect((await sweepReportData(dir)).datasets.sweep_iteration_time!.length).toBeGreaterThan(0);
    const manifest = JSON.parse(await readFile(join(dir, 'sweep.json'), 'utf8')) as { parameters: string[] };
    await writeFile(join(dir, 'sweep.json'), JSON.stringify({ ...manifest, parameters: manifest.parameters.filter((p) => p !== 'workers.count') }));
    expect((await sweepReportData(dir)).datasets.sweep_iteration_time).toEqual([]);
  });
});
