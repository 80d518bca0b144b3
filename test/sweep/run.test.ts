import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC_COLUMNS } from '../../src/results/index.js';
import { expandSweepText, type ExpandedSweep } from '../../src/sweep/expand.js';
import { mergeSweeps } from '../../src/sweep/merge.js';
import { SweepInputError, sweepMessages } from '../../src/sweep/messages.js';
import { readManifest } from '../../src/sweep/results.js';
import { parseShard, runSweep, workerFile } from '../../src/sweep/run.js';
import { tiny } from './fixtures.js';

// The pool's workers run the compiled dist/src/sweep/pool-entry.cjs and worker.js (npm test builds first; see workerFile()).

const SCENARIO = `${tiny(4)}sweep:
  grid:
    schemes[topk].uplink.compressor.k: [2, 8]
    workers.count: [2, 3]
  seeds: [1, 2]
`;

const tmp = () => mkdtempSync(join(tmpdir(), 'gradwire-sweep-'));
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe('a sweep run', () => {
  let sweep: ExpandedSweep;
  let full: string;

  beforeAll(async () => {
    sweep = expandSweepText(SCENARIO, 'tiny.yaml');
    full = tmp();
    await runSweep(sweep, { outDir: full, threads: 2 });
  });

  it('loads its worker from the compiled tree', () => {
    expect(workerFile()).toMatch(/dist[\\/]src[\\/]sweep[\\/]pool-entry\.cjs$/);
  });

  it('writes one complete run folder per point and a long table in canonical order', () => {
    expect(readdirSync(join(full, 'runs')).sort()).toEqual(sweep.points.map((p) => p.id).sort());
    expect(existsSync(join(full, '.partial'))).toBe(false);
    const lines = read(full, 'sweep.csv').trimEnd().split('\n');
    // metrics.csv's run_id is the point id, held once as `point`
    expect(METRIC_COLUMNS[0]).toBe('run_id');
    expect(lines[0]).toBe(['point', 'run', 'seed', 'schemes[topk].uplink.compressor.k', 'workers.count', ...METRIC_COLUMNS.slice(1)].join(','));
    for (const p of sweep.points)
      expect(
        read(join(full, 'runs', p.id), 'metrics.csv')
          .split('\n')[1]!
          .split(',')[0],
      ).toBe(p.id);
    // 8 points × 2 schemes × 5 evaluated iterations (0 … 4)
    expect(lines).toHaveLength(1 + 8 * 2 * 5);
    const ids = [...new Set(lines.slice(1).map((l) => l.split(',')[0]))];
    expect(ids).toEqual(sweep.points.map((p) => p.id));
    const first = sweep.points[0]!;
    const firstRow = read(join(full, 'runs', first.id), 'metrics.csv').split('\n')[1]!;
    expect(firstRow.startsWith(`${first.id},`)).toBe(true);
    expect(lines[1]).toBe(`${first.id},0,1,2,2,${firstRow.slice(first.id.length + 1)}`);
    const manifest = readManifest(full);
    expect(manifest.points.map((p) => p.status)).toEqual(sweep.points.map(() => 'completed'));
    expect(manifest.points[0]).toEqual({ index: 0, id: first.id, run: 0, seed: 1, params: first.params, status: 'completed', schemes: { dense: 'completed', topk: 'completed' } });
  });

  it('writes the same table as Arrow IPC (Feather v2)', () => {
    const table = tableFromIPC(readFileSync(join(full, 'sweep.arrow')));
    expect(table.numRows).toBe(8 * 2 * 5);
    expect(table.schema.fields.map((f) => f.name)).toEqual(read(full, 'sweep.csv').split('\n')[0]!.split(','));
    const row = table.get(0)!.toJSON();
    expect(row).toMatchObject({ point: sweep.points[0]!.id, run: 0, seed: 1, 'schemes[topk].uplink.compressor.k': 2, scheme: 'dense', iteration: 0 });
    expect(typeof row.loss).toBe('number');
  });

  it('resumed after an interruption, gives the same sweep.csv and sweep.json as an uninterrupted run', async () => {
    const out = tmp();
    const controller = new AbortController();
    const first = await runSweep(sweep, {
      outDir: out,
      threads: 2,
      signal: controller.signal,
      onPointDone: (e) => {
        if (e.done === 3) controller.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    const finished = readdirSync(join(out, 'runs'));
    expect(finished.length).toBeGreaterThanOrEqual(3);
    expect(finished.length).toBeLessThan(8);
    expect(readManifest(out).points.filter((p) => p.status === 'pending')).toHaveLength(8 - finished.length);
    // what a crash leaves: a half-written folder under .partial, and a stray incomplete run folder
    mkdirSync(join(out, '.partial', 'deadbeef0000-x'), { recursive: true });
    writeFileSync(join(out, '.partial', 'deadbeef0000-x', 'metrics.csv'), 'scheme\n');
    const stray = sweep.points.find((p) => !finished.includes(p.id))!;
    mkdirSync(join(out, 'runs', stray.id));
    writeFileSync(join(out, 'runs', stray.id, 'metrics.csv'), 'half');

    await expect(runSweep(sweep, { outDir: out, threads: 2 })).rejects.toThrow(new SweepInputError(sweepMessages.outputHasRuns(out, finished.length)));
    const second = await runSweep(sweep, { outDir: out, threads: 2, resume: true });
    expect(second).toMatchObject({ interrupted: false, skipped: finished.length, ran: 8 - finished.length });
    expect(read(out, 'sweep.csv')).toBe(read(full, 'sweep.csv'));
    expect(read(out, 'sweep.json')).toBe(read(full, 'sweep.json'));
  });

  it('split into shards 1/3, 2/3, 3/3 and merged, equals the unsharded sweep byte for byte', async () => {
    const shards = ['1/3', '2/3', '3/3'].map(parseShard);
    const dirs = shards.map(() => tmp());
    const outcomes = await Promise.all(shards.map((shard, i) => runSweep(sweep, { outDir: dirs[i]!, shard, threads: 1 })));
    shards.forEach((shard, i) => {
      expect(outcomes[i]!.manifest.points.filter((p) => p.status === 'completed').map((p) => p.index)).toEqual(sweep.points.map((p) => p.index).filter((index) => index % 3 === shard.index - 1));
    });
    const merged = join(tmp(), 'merged');
    const { missing } = mergeSweeps(dirs, merged);
    expect(missing).toEqual([]);
    expect(read(merged, 'sweep.csv')).toBe(read(full, 'sweep.csv'));
    expect(read(merged, 'sweep.json')).toBe(read(full, 'sweep.json'));
    expect(readFileSync(join(merged, 'sweep.arrow')).equals(readFileSync(join(full, 'sweep.arrow')))).toBe(true);
    expect(readdirSync(join(merged, 'runs')).sort()).toEqual(readdirSync(join(full, 'runs')).sort());

    const partial = mergeSweeps(dirs.slice(0, 2), join(tmp(), 'partial'));
    expect(partial.missing.map((p) => p.index)).toEqual([2, 5]);
    expect(() => mergeSweeps([dirs[0]!, tmp()], join(tmp(), 'x'))).toThrow(SweepInputError);
  });

  it('records a run that fails as failed, with the reason, and keeps the others', async () => {
    const expanded = expandSweepText(SCENARIO.replace(/sweep:[\s\S]*$/, 'sweep:\n  grid:\n    training.iterations: [2, 3]\n'), 'tiny.yaml');
    // point 1 fails at run time: its scenario changed after validation (1 sample for 2 workers), as a file edited
    // during a long sweep; validation would refuse it, the run throws
    const failing = {
      ...expanded,
      points: expanded.points.map((p, i) => (i === 1 ? { ...p, scenario: { ...p.scenario, model: { ...p.scenario.model, trainSamples: 1 } as typeof p.scenario.model } } : p)),
    };
    const out = tmp();
    const { manifest } = await runSweep(failing, { outDir: out, threads: 2 });
    expect(manifest.points.map((p) => p.status)).toEqual(['completed', 'failed']);
    expect(manifest.points[1]!.error).toMatch(/cannot split 1 samples into 2/);
    expect(readdirSync(join(out, 'runs'))).toEqual([failing.points[0]!.id]);
    expect(existsSync(join(out, '.partial'))).toBe(false);
  });

  it('keeps a point whose scheme stalled on a lossy link (diverged: finished, its results kept, the scheme marked stalled)', async () => {
    const lossy = expandSweepText(
      SCENARIO.replace(/sweep:[\s\S]*$/, 'sweep:\n  grid:\n    network.workerLink.set.arq.packetErrorRate: [0, 0.9]\n    network.workerLink.set.arq.maxRetries: [0]\n'),
      'tiny.yaml',
    );
    const out = tmp();
    const { manifest } = await runSweep(lossy, { outDir: out, threads: 2 });
    expect(manifest.points.map((p) => p.status)).toEqual(['completed', 'diverged']);
    expect(readdirSync(join(out, 'runs')).sort()).toEqual(lossy.points.map((p) => p.id).sort());
    const point = JSON.parse(read(join(out, 'runs', lossy.points[1]!.id), 'point.json'));
    expect(Object.values(point.schemes)).toContain('stalled');
  });

  it('refuses a malformed shard spec', () => {
    for (const spec of ['0/3', '4/3', '1', 'a/b', '1/0']) expect(() => parseShard(spec)).toThrow(new SweepInputError(sweepMessages.badShard(spec)));
  });
});

describe('every choice a scenario lists', () => {
  /** Runs `schemes[0]` set to each of `schemes` on the scenario `head`; every pair of points must give different metrics.csv. */
  async function expectEachDifferent(head: string, schemes: readonly string[]): Promise<void> {
    const text = `${head}schemes:\n  - name: s\nsweep:\n  grid:\n    schemes[0]: [${schemes.join(', ')}]\n`;
    const sweep = expandSweepText(text, 'choices.yaml');
    expect(sweep.points).toHaveLength(schemes.length);
    const out = tmp();
    const { manifest } = await runSweep(sweep, { outDir: out, threads: 2 });
    expect(manifest.points.filter((p) => p.status !== 'completed').map((p) => `${schemes[p.index]}: ${p.error}`)).toEqual([]);
    const results = sweep.points.map((p) => read(join(out, 'runs', p.id), 'metrics.csv'));
    const same = results.flatMap((r, i) => results.slice(0, i).flatMap((q, j) => (r === q ? [`${schemes[j]} = ${schemes[i]}`] : [])));
    expect(same).toEqual([]);
  }

  it('measurably changes the result: each protocol, compressor, option, budget tuner and encoding gives different metrics', async () => {
    // k = 4 of d = 40 keeps every index coding a different whole number of bytes (all-gather prices whole bytes).
    const uplinks = [
      '{ compressor: { kind: identity } }',
      '{ compressor: { kind: identity, precision: 64 } }',
      '{ compressor: { kind: topk, k: 4 } }',
      '{ compressor: { kind: topk, ratio: 0.3 } }',
      '{ compressor: { kind: topk, k: 4 }, errorFeedback: true }',
      '{ compressor: { kind: topk, k: 4 }, encoding: { indices: packed } }',
      '{ compressor: { kind: topk, k: 4 }, encoding: { indices: bitmap } }',
      '{ compressor: { kind: topk, k: 4 }, encoding: { indices: delta-varint } }',
      '{ compressor: { kind: topk, k: 4 }, encoding: { header: count32 } }',
      '{ compressor: { kind: randk, k: 4 } }',
      '{ compressor: { kind: randk, k: 4, unbiased: false } }',
      '{ compressor: { kind: topk-sign, k: 4 } }',
      '{ compressor: { kind: topk-sign, k: 4, scale: norm } }',
      '{ compressor: { kind: stochastic, k: 4 } }',
      '{ compressor: { kind: qsgd } }',
      '{ compressor: { kind: qsgd, levels: 16 } }',
      // AdapTop-K's budget against the fixed k = 4 above: t̂ given, γ, another t̂, t̂ from Lemma 3's constants
      '{ compressor: { kind: topk, k: 4 }, budget: { kind: adaptopk, turningPoint: 10 } }',
      '{ compressor: { kind: topk, k: 4 }, budget: { kind: adaptopk, turningPoint: 10, gamma: 0.25 } }',
      '{ compressor: { kind: topk, k: 4 }, budget: { kind: adaptopk, turningPoint: 16 } }',
      '{ compressor: { kind: topk, k: 4 }, budget: { kind: adaptopk, constants: { alpha: 0.9, beta: 0.5, B: 1 } } }',
      // RegTop-k against Top-k + EF, and each of its options. With error feedback a sent entry restarts from one
      // gradient, so at k = 4 it is seldom chosen again and μ or the denominator (which only reweight re-sent
      // entries) change nothing in 20 iterations; at k = 16 of 40 entries are re-sent and every option counts.
      '{ compressor: { kind: topk, k: 16 }, errorFeedback: true }',
      '{ compressor: { kind: regtopk, k: 16 }, errorFeedback: true }',
      '{ compressor: { kind: regtopk, k: 16, mu: 4 }, errorFeedback: true }',
      '{ compressor: { kind: regtopk, k: 16, q: 0.5 }, errorFeedback: true }',
      '{ compressor: { kind: regtopk, k: 16, denominator: current }, errorFeedback: true }', // the default is previous
    ];
    const schemes = [
      ...uplinks.map((u) => `{ name: s, uplink: ${u} }`),
      '{ name: s, uplink: { compressor: { kind: topk, k: 4 } }, downlink: { compressor: { kind: topk, k: 8 } } }',
      '{ name: s, uplink: { compressor: { kind: topk, k: 4 } }, downlink: { compressor: { kind: topk, k: 8 }, errorFeedback: true } }',
      '{ name: s, uplink: { compressor: { kind: topk, k: 4 } }, aggregation: sum }',
      '{ name: s, kind: allgather, uplink: { compressor: { kind: identity } } }',
      '{ name: s, kind: allgather, uplink: { compressor: { kind: topk, k: 4 } } }',
      '{ name: s, kind: allgather, uplink: { compressor: { kind: topk, k: 4 }, errorFeedback: true } }',
      '{ name: s, kind: allgather, uplink: { compressor: { kind: regtopk, k: 4 }, errorFeedback: true } }',
      '{ name: s, kind: ring-allreduce }',
      '{ name: s, kind: gtopk, uplink: { compressor: { kind: topk, k: 4 } } }',
    ];
    await expectEachDifferent(
      `name: choices
workers: { count: 4, batchSize: 8 }
model: { kind: logistic-regression, features: 40, trainSamples: 400, testSamples: 50 }
training: { iterations: 20, learningRate: 10 }
`,
      schemes,
    );
  }, 120_000);

  it('measurably changes the result: each CAT variant, cost and option, and Alistarh’s rule', async () => {
    // On IEEE 802.15.4 (small frames, slow CSMA-CA, radio energy) bits, packets, seconds and joules rank the
    // budgets T differently, as scenarios/studies/cat-cost-metric.yaml relies on. CAT and Alistarh fold the
    // step 1/L into their messages, hence learningRate one-over-l; Top-10 is the baseline they must differ from.
    const uplinks = [
      '{ compressor: { kind: topk, k: 10 }, encoding: { indices: packed } }',
      '{ compressor: { kind: cat }, encoding: { indices: packed } }', // sparsification, cost network bits
      '{ compressor: { kind: cat, variant: sparsification-quantization }, encoding: { indices: packed } }',
      '{ compressor: { kind: cat, variant: stochastic }, encoding: { indices: packed } }',
      '{ compressor: { kind: cat, cost: { kind: network, metric: packets } }, encoding: { indices: packed } }',
      '{ compressor: { kind: cat, cost: { kind: network, metric: seconds } }, encoding: { indices: packed } }',
      '{ compressor: { kind: cat, cost: { kind: network, metric: joules } }, encoding: { indices: packed } }',
      '{ compressor: { kind: cat, cost: { kind: payload } }, encoding: { indices: packed } }',
      '{ compressor: { kind: cat, cost: { kind: affine, c1: 1, c0: 2000 } }, encoding: { indices: packed } }',
      // not pMaxBits 400: there CAT picks T = 10 every time (the most 39-bit entries one packet holds), Top-10 exactly
      '{ compressor: { kind: cat, cost: { kind: packet, c1: 1000, c0: 100, pMaxBits: 1000 } }, encoding: { indices: packed } }',
      '{ compressor: { kind: cat, hybridEvery: 4 }, encoding: { indices: packed } }',
      '{ compressor: { kind: cat, precision: 64 }, encoding: { indices: packed } }',
      '{ compressor: { kind: alistarh }, encoding: { indices: packed } }',
      '{ compressor: { kind: alistarh, quantize: false }, encoding: { indices: packed } }',
    ];
    await expectEachDifferent(
      `name: cat-choices
network:
  workerLink: { preset: ieee802154, set: { mac.upperLayerRetries: 20 } }
  serverLink: { preset: ethernet-1g-udp }
workers: { count: 3, device: cortex-m4, batchSize: full }
model: { kind: logistic-regression, features: 100, trainSamples: 300, testSamples: 50, l2: 0 }
training: { iterations: 12, learningRate: { kind: one-over-l } }
`,
      uplinks.map((u) => `{ name: s, uplink: ${u} }`),
    );
  }, 120_000);
});

describe('the pool under load', () => {
  // Every thread loads its task module while the others already run points: loading
  // the ES-module worker through require() used to fail now and then right here.
  it('runs many small points on more threads than cores, every one completed', async () => {
    const many = expandSweepText(SCENARIO.replace('seeds: [1, 2]', 'seeds: [1, 2, 3, 4, 5, 6]'), 'many.yaml');
    const out = tmp();
    const outcome = await runSweep(many, { outDir: out, threads: 4 });
    expect(outcome.threads).toBe(4);
    expect(outcome.ran).toBe(24);
    expect(outcome.manifest.points.map((p) => p.status)).toEqual(new Array(24).fill('completed'));
  }, 240_000);
});
