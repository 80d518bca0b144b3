import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { runScenario } from '../../src/run/run.js';
import { LINK_PRESETS } from '../../src/net/index.js';
import { DEVICE_PRESETS } from '../../src/learn/devices.js';

const small = (seed: number, iterations = 20, fidelity = 'auto') =>
  resolveScenario(
    parseScenario(
      `name: small
seed: ${seed}
network: { fidelity: ${fidelity} }
workers: { count: 4, batchSize: 16 }
model: { kind: logistic-regression, features: 200, trainSamples: 1600, testSamples: 400 }
training: { iterations: ${iterations}, learningRate: 20 }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
  - name: topk-ef
    uplink: { compressor: { kind: topk, k: 10 }, errorFeedback: true }
`,
      'small.yaml',
    ),
  );

const tmp = () => mkdtempSync(join(tmpdir(), 'gradwire-run-'));

describe('a scenario run', () => {
  it('writes byte-identical result files for the same seed, and a different metrics.csv for another seed', async () => {
    const [a, b, c] = [tmp(), tmp(), tmp()];
    await runScenario(small(1), a);
    await runScenario(small(1), b);
    await runScenario(small(2), c);
    const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
    for (const f of ['metrics.csv', 'summary.json', 'scenario.resolved.yaml', 'links.csv', 'nodes.csv', 'time.csv']) expect(read(a, f), f).toBe(read(b, f));
    expect(read(a, 'metrics.csv')).not.toBe(read(c, 'metrics.csv'));
  });

  it('trains for real: both schemes lower the training loss', async () => {
    const result = await runScenario(small(1, 40), tmp());
    for (const name of ['dense', 'topk-ef']) {
      const rows = result.rows.filter((r) => r.scheme === name);
      expect(rows[0]!.iteration).toBe(0);
      expect(rows.at(-1)!.loss).toBeLessThan(rows[0]!.loss! - 0.01);
    }
  });

  it('charges exactly the framed bytes and takes the closed-form time for one iteration', async () => {
    const scenario = small(1, 1);
    const result = await runScenario(scenario, tmp());
    const eth = LINK_PRESETS['ethernet-1g-udp']!;
    const dev = DEVICE_PRESETS['server-cpu']!;
    const P = 4,
      d = 200,
      B = 16,
      k = 10,
      L = eth.latencyS,
      bw = eth.bandwidthBps;
    // every message fits one UDP packet (≤ 1472 B) and carries 66 B of Ethernet, IPv4 and UDP headers
    const down = 4 * d + 66;
    const wireS = (bytes: number) => (bytes * 8) / bw;
    const computeS = (flops: number) => flops / dev.flopsPerS + dev.stepOverheadS;
    for (const [name, upPayload, serverNnz] of [
      ['dense', 4 * d, d],
      ['topk-ef', 8 * k, k],
    ] as const) {
      const up = upPayload + 66;
      const row = result.rows.find((r) => r.scheme === name && r.iteration === 1)!;
      expect(row.payload_bytes_up).toBe(P * upPayload);
      expect(row.wire_bytes_up).toBe(P * up);
      expect(row.wire_bytes_down).toBe(P * down);
      expect(row.packets_down).toBe(P);
      // Top-k's selection pass costs d × the device's per-element time; dense sends as is
      const compute = computeS(4 * d * B) + (name === 'topk-ef' ? d * dev.selectSPerElement : 0);
      const txUp = wireS(up);
      // all uploads reach the switch together, then queue on the server link
      const lastUp = compute + txUp + L + P * txUp + L;
      const server = computeS(2 * d + 2 * serverNnz * P);
      // the server link sends every model packet back to back; the last one crosses the worker link right after
      const lastDown = lastUp + server + wireS(P * down) + L + wireS(down) + L;
      expect(row.time_s).toBeCloseTo(lastDown, 12);
    }
  });

  it('takes the same simulated time at packet, message and flow fidelity (within 3 %)', async () => {
    const times: Record<string, number[]> = {};
    for (const fidelity of ['packet', 'message', 'flow']) {
      const result = await runScenario(small(1, 5, fidelity), tmp());
      times[fidelity] = result.schemes.map((s) => s.final!.time_s);
      expect(result.schemes.every((s) => s.fidelity === fidelity)).toBe(true);
    }
    times['message']!.forEach((t, i) => expect(Math.abs(t - times['packet']![i]!)).toBeLessThan(1e-9));
    times['flow']!.forEach((t, i) => expect(Math.abs(t / times['packet']![i]! - 1)).toBeLessThan(0.03));
  });
});

describe('output.metrics', () => {
  const csv = (dir: string) =>
    readFileSync(join(dir, 'metrics.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
  it('computes only the listed measurements; unlisted cells are empty and everything else is unchanged', async () => {
    const all = tmp();
    const none = tmp();
    const onlyAccuracy = tmp();
    await runScenario(small(3, 6), all);
    await runScenario({ ...small(3, 6), output: { ...small(3, 6).output, metrics: [] } }, none);
    await runScenario({ ...small(3, 6), output: { ...small(3, 6).output, metrics: ['accuracy'] } }, onlyAccuracy);
    const [header, ...rowsAll] = csv(all);
    const col = (name: string) => header!.indexOf(name);
    const costly = ['accuracy', 'grad_norm_sq'];
    for (const [i, row] of csv(none).slice(1).entries()) {
      for (const name of costly) expect(row[col(name)], name).toBe('');
      for (const name of costly) expect(rowsAll[i]![col(name)], name).not.toBe('');
      // the loss, traffic, energy and budgets do not depend on what is measured (run_id does: the scenario differs)
      for (const [j, cell] of row.entries()) if (!costly.includes(header![j]!) && header![j] !== 'run_id') expect(cell, header![j]).toBe(rowsAll[i]![j]);
    }
    for (const [i, row] of csv(onlyAccuracy).slice(1).entries()) {
      expect(row[col('accuracy')]).toBe(rowsAll[i]![col('accuracy')]);
      expect(row[col('grad_norm_sq')]).toBe('');
    }
  }, 120_000);

  it('refuses a target accuracy when accuracy is not measured', () => {
    const text = `name: x
workers: { count: 2, batchSize: 4 }
model: { kind: logistic-regression, features: 8, trainSamples: 64, testSamples: 16 }
training: { iterations: 4, stop: { targetAccuracy: 0.9 } }
output: { metrics: [grad_norm_sq] }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
`;
    expect(() => parseScenario(text, 'x.yaml')).toThrow(/output\.metrics: expected a list with "accuracy".*targetAccuracy needs the test accuracy measured/);
  });
});
