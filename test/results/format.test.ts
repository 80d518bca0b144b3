import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../reports/result-file.js';
import { parseCatCsv, parseLinksCsv, parseMetricsCsv, parseNodesCsv, parseSummary, parseTimeCsv } from '../../reports/run-data.js';
import { catCsv, linksCsv, metricsCsv, nodesCsv, timeCsv } from '../../src/run/results.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { runScenario } from '../../src/run/run.js';
import {
  CAT_FORMAT,
  LINKS_FORMAT,
  METRICS_FORMAT,
  NODES_FORMAT,
  RUN_FILES,
  SWEEP_LEAD_FORMAT,
  SWEEP_VERDICT_FORMAT,
  SweepManifestSchema,
  TIME_FORMAT,
  VERDICT_FORMAT,
  headerLine,
  type Column,
} from '../../src/results/index.js';
import { parseScenario } from '../../src/scenario/load.js';

const FORMATS: Record<string, readonly Column[]> = {
  metrics: METRICS_FORMAT,
  links: LINKS_FORMAT,
  nodes: NODES_FORMAT,
  time: TIME_FORMAT,
  cat: CAT_FORMAT,
  sweepLead: SWEEP_LEAD_FORMAT,
  sweepVerdict: SWEEP_VERDICT_FORMAT,
  verdict: VERDICT_FORMAT,
};

describe('the declared result files', () => {
  it('give every column a unique name, a unit (empty only for text and booleans) and a meaning', () => {
    for (const [file, columns] of Object.entries(FORMATS)) {
      expect(new Set(columns.map((c) => c.name)).size, file).toBe(columns.length);
      for (const c of columns) {
        expect(c.name, file).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(c.meaning.length, `${file}.${c.name}`).toBeGreaterThan(10);
        expect(c.unit === '', `${file}.${c.name}: unit ${JSON.stringify(c.unit)} for a ${c.type} column`).toBe(['text', 'text?', 'boolean'].includes(c.type));
      }
    }
  });

  // literal headers: a column renamed, moved or dropped changes every file the run writes
  it('the writer prints the declared header of each CSV', () => {
    expect(metricsCsv([])).toBe(
      'run_id,scheme,iteration,time_s,loss,accuracy,payload_bytes_up,payload_bytes_down,wire_bytes_up,wire_bytes_down,packets_up,packets_down,' +
        'energy_worker_j,energy_server_j,energy_total_j,grad_norm_sq,f_gap,dist_to_opt,budget_mean,budget_min,budget_max,bits_up_per_worker,' +
        'bits_down_per_worker,alpha_mean,compression_error,downlink_nnz_fraction,rho_hat,one_minus_gamma_up,one_minus_gamma_down,gtopk_delta\n',
    );
    expect(linksCsv([])).toBe('scheme,link,wire_bytes,packets,busy_s,utilization,retransmissions,drops\n');
    expect(nodesCsv([])).toBe('scheme,node,role,state,seconds,joules\n');
    expect(timeCsv([])).toBe('scheme,node,role,state,seconds\n');
    expect(catCsv([])).toBe('scheme,direction,sender,iteration,searched_at,variant,budget,measure,cost,efficiency,cost_unit,chosen\n');
    expect(headerLine(METRICS_FORMAT)).toBe(metricsCsv([]).trimEnd());
  });

  it('the reader refuses a cell that is not of its declared type, naming file, line and column', () => {
    expect(() => parseLinksCsv(`${headerLine(LINKS_FORMAT)}\ns,a→b,1,2,0.5,0.25,x,4\n`, 'l.csv')).toThrow('l.csv line 2: column retransmissions is not a number: "x"');
    expect(() => parseCatCsv(`${headerLine(CAT_FORMAT)}\ns,uplink,,3,2,sparsification,10,0.5,100,0.005,bit,1\n`, 'c.csv')).toThrow('c.csv line 2: column sender is not a non-empty text');
  });

  it('the reader takes each cell by its declared type: empty text?, integer? as null; true/false as booleans; no fraction in an integer', () => {
    const header = headerLine(VERDICT_FORMAT);
    expect(header).toBe('target,winner,scheme,rank,reached,iteration,time_s,wire_bytes,packets,energy_j,speedup,bytes_ratio,packets_ratio,energy_ratio,best_loss,best_accuracy');
    const [won, lost] = parseCsv(VERDICT_FORMAT, `${header}\nloss ≤ 1,a,a,1,true,7,0.5,100,2,3,1,1,1,1,0.9,\nloss ≤ 1,a,b,,false,,,,,,,,,,1.5,0.25\n`, 'v.csv');
    expect(won).toMatchObject({ winner: 'a', rank: 1, reached: true, iteration: 7, best_accuracy: null });
    expect(lost).toMatchObject({ scheme: 'b', rank: null, reached: false, iteration: null, time_s: null, best_loss: 1.5 });
    expect(parseCsv(VERDICT_FORMAT, `${header}\nloss ≤ 1,,b,,false,,,,,,,,,,,\n`, 'v.csv')[0]!.winner).toBeNull();
    expect(() => parseCsv(VERDICT_FORMAT, `${header}\nt,a,a,1.5,true,7,,,,,,,,,,\n`, 'v.csv')).toThrow('v.csv line 2: column rank is not a whole number: "1.5"');
    expect(() => parseCsv(VERDICT_FORMAT, `${header}\nt,a,a,1,yes,7,,,,,,,,,,\n`, 'v.csv')).toThrow('v.csv line 2: column reached is not true or false: "yes"');
  });

  it('sweep.json: a manifest with an unknown point status is refused', () => {
    const point = { index: 0, id: 'a', run: 0, seed: 1, params: {}, status: 'completed' };
    expect(SweepManifestSchema.safeParse({ scenario: 's', parameters: [], points: [point] }).success).toBe(true);
    expect(SweepManifestSchema.safeParse({ scenario: 's', parameters: [], points: [{ ...point, status: 'done' }] }).success).toBe(false);
  });
});

describe('a run read back by the report (round trip)', () => {
  const scenario = resolveScenario(
    parseScenario(
      `name: round-trip
seed: 3
workers: { count: 2, batchSize: full }
model: { kind: logistic-regression, features: 60, trainSamples: 200, testSamples: 50 }
training: { iterations: 4, learningRate: { kind: one-over-l }, evalEvery: 1, stop: { targetLoss: 0.69 } }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
  - name: cat
    uplink: { compressor: { kind: cat, cost: { kind: affine, c1: 1, c0: 432 } }, encoding: { indices: packed } }
output: { report: false, trace: true }
`,
      'round-trip.yaml',
    ),
  );
  const dir = mkdtempSync(join(tmpdir(), 'gradwire-round-trip-'));
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const ran = runScenario(scenario, dir);

  it('every CSV starts with its declared header and reads back as the rows the run wrote', async () => {
    const result = await ran;
    for (const [file, format] of [
      [RUN_FILES.metrics, METRICS_FORMAT],
      [RUN_FILES.links, LINKS_FORMAT],
      [RUN_FILES.nodes, NODES_FORMAT],
      [RUN_FILES.time, TIME_FORMAT],
      [RUN_FILES.cat, CAT_FORMAT],
    ] as const) {
      expect(read(file).split('\n', 1)[0], file).toBe(headerLine(format));
    }
    const metrics = parseMetricsCsv(read(RUN_FILES.metrics));
    expect(metrics).toHaveLength(result.rows.length);
    metrics.forEach((row, i) => {
      const { wire_bytes_total, packets_total, ...declared } = row;
      expect(declared).toEqual(result.rows[i]);
      expect(wire_bytes_total).toBe(result.rows[i]!.wire_bytes_up + result.rows[i]!.wire_bytes_down);
      expect(packets_total).toBe(result.rows[i]!.packets_up + result.rows[i]!.packets_down);
    });
    expect(parseLinksCsv(read(RUN_FILES.links))).toEqual(result.schemes.flatMap((s) => s.links));
    expect(parseNodesCsv(read(RUN_FILES.nodes))).toEqual(result.schemes.flatMap((s) => s.nodes));
    expect(parseTimeCsv(read(RUN_FILES.time))).toEqual(result.schemes.flatMap((s) => s.time));
    const cat = parseCatCsv(read(RUN_FILES.cat));
    expect(cat.length).toBeGreaterThan(0);
    expect(cat).toEqual(result.schemes.flatMap((s) => s.cat));
    expect(new Set(cat.map((r) => r.chosen))).toEqual(new Set([0, 1]));
  });

  it('summary.json: the schema declares every field the run writes (nothing dropped on reading)', async () => {
    await ran;
    const text = read(RUN_FILES.summary);
    const summary = parseSummary(text);
    expect(summary).toEqual(JSON.parse(text));
    expect(summary.schemes.map((s) => s.name)).toEqual(['dense', 'cat']);
    expect(summary.evaluation).toEqual({ every: 1, rule: 'set' });
  });

  it('trace.ndjson: every record is one the declaration names, with its fields', async () => {
    await ran;
    const fields: Record<string, string[]> = {
      tx: ['scheme', 't', 'event', 'link', 'message', 'label', 'packets', 'wire_bytes', 'seconds', 'retransmission'],
      ack: ['scheme', 't', 'event', 'link', 'message', 'label', 'packets', 'wire_bytes', 'seconds'],
      drop: ['scheme', 't', 'event', 'link', 'message', 'label', 'packets', 'reason'],
      compute: ['scheme', 't', 'event', 'node', 'seconds', 'watts'],
      deliver: ['scheme', 't', 'event', 'node', 'dst', 'message', 'label', 'seconds'],
    };
    fields.rx = fields.tx!;
    const records = read(RUN_FILES.trace)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(new Set(records.map((r) => r.event))).toEqual(new Set(['tx', 'rx', 'compute', 'deliver']));
    for (const r of records) for (const k of Object.keys(r)) expect(fields[r.event as string], `${String(r.event)}.${k}`).toContain(k);
  });
});
