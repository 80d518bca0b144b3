import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario, loadScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/messages.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { runScenario } from '../../src/run/run.js';
import { estimateMemory } from '../../src/scenario/estimate/memory.js';

const dirs: string[] = [];
const tmp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A small profile study: ResNet-20 on 4 workers, three schemes, buckets of 100 kB. */
const PROFILE = `name: profile-run
seed: 5
network: { topology: switch, workerLink: { preset: ethernet-1g-udp }, serverLink: { preset: ethernet-1g-udp } }
workers: { count: 4, device: v100, batchSize: 32 }
model: { kind: profile, name: resnet20 }
training: { iterations: 3, learningRate: 0.1, buckets: { sizeBytes: 100000 } }
output: { report: false }
schemes:
  - name: ring
    kind: ring-allreduce
  - name: topk-ef
    compressPer: model
    uplink: { compressor: { kind: topk, ratio: 0.01 }, errorFeedback: true }
  - name: gtopk
    kind: gtopk
    uplink: { compressor: { kind: topk, ratio: 0.01 } }
`;

const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

describe('a workload-profile run', () => {
  it('writes no loss (empty cells, “not simulated”), the compression error, and byte-identical files for the same seed', async () => {
    const s = resolveScenario(parseScenario(PROFILE, 'profile.yaml'));
    const [a, b] = [tmp('gw-profile-a-'), tmp('gw-profile-b-')];
    await runScenario(s, a);
    await runScenario(s, b);
    for (const f of ['metrics.csv', 'summary.json', 'links.csv', 'nodes.csv', 'time.csv']) expect(read(a, f), f).toBe(read(b, f));
    const summary = JSON.parse(read(a, 'summary.json'));
    expect(summary.model).toMatchObject({ name: 'resnet20', dim: 269_722, kind: 'profile' });
    expect(summary.model.loss).toMatch(/^not simulated/);
    const [header, ...rows] = read(a, 'metrics.csv').trim().split('\n');
    const col = (name: string) => header!.split(',').indexOf(name);
    const cells = rows.map((r) => r.split(','));
    expect(cells.every((c) => c[col('loss')] === '' && c[col('accuracy')] === '')).toBe(true);
    const error = (scheme: string) => cells.filter((c) => c[col('scheme')] === scheme && c[col('iteration')] !== '0').map((c) => Number(c[col('compression_error')]));
    expect(error('ring')).toEqual([0, 0, 0]); // dense: nothing lost
    for (const e of [...error('topk-ef'), ...error('gtopk')]) {
      expect(e).toBeGreaterThan(0.2); // Top-k 1 % of heavy-tailed gradients misses most of the energy…
      expect(e).toBeLessThan(1); // …but not all
    }
    // bucketed dense ring all-reduce overlaps communication with the backward pass
    const time = read(a, 'time.csv')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const overlap = time.filter((r) => r[0] === 'ring' && r[1] === 'worker/0' && r[3] === 'overlap');
    expect(Number(overlap[0]![4])).toBeGreaterThan(0);
  });

  it('replays a recorded trace (a user’s own profile table, .npy per iteration and worker) bit for bit', async () => {
    const dir = tmp('gw-recorded-');
    writeFileSync(join(dir, 'tiny.yaml'), 'name: tiny\nsource: "test table"\nlayers:\n  - { name: a, params: 6, forwardFlops: 1000 }\n  - { name: b, params: 4, forwardFlops: 500 }\n');
    const grads = (t: number, w: number) => Float32Array.from({ length: 10 }, (_, j) => (j === t + w ? 8 : 1) * (j % 2 ? -1 : 1) * (1 + j / 10));
    for (let t = 1; t <= 2; t++) {
      mkdirSync(join(dir, 'trace', `iter-${t}`), { recursive: true });
      for (let w = 0; w < 2; w++) writeFileSync(join(dir, 'trace', `iter-${t}`, `worker-${w}.npy`), npy(grads(t, w)));
    }
    writeFileSync(
      join(dir, 'study.yaml'),
      `name: recorded
workers: { count: 2, batchSize: 4 }
model: { kind: profile, file: tiny.yaml, gradients: { kind: recorded, dir: trace } }
training: { iterations: 2, learningRate: 1 }
output: { report: false }
schemes:
  - name: top1
    compressPer: model
    uplink: { compressor: { kind: topk, k: 1 } }
`,
    );
    const s = resolveScenario(loadScenario(join(dir, 'study.yaml')));
    const out = tmp('gw-recorded-out-');
    await runScenario(s, out);
    const [header, ...rows] = read(out, 'metrics.csv').trim().split('\n');
    const col = header!.split(',').indexOf('compression_error');
    // Top-1 of each recorded gradient keeps its one large coordinate: error = (‖g‖² − g_max²) / ‖g‖², worker mean
    const expected = [1, 2].map((t) => {
      const e = [0, 1].map((w) => {
        const g = Array.from(grads(t, w), (x) => x);
        const sq = g.reduce((n, x) => n + x * x, 0);
        const top = Math.max(...g.map((x) => x * x));
        return (sq - top) / sq;
      });
      return (e[0]! + e[1]!) / 2;
    });
    expect(rows.slice(1).map((r) => Number(r.split(',')[col]))).toEqual(expected.map((x) => expect.closeTo(x, 6)));
    // a trace shorter than the run is refused at load, naming the field
    writeFileSync(join(dir, 'long.yaml'), read(dir, 'study.yaml').replace('iterations: 2', 'iterations: 5'));
    expect(() => loadScenario(join(dir, 'long.yaml'))).toThrow(ScenarioError);
    expect(() => loadScenario(join(dir, 'long.yaml'))).toThrow(/model\.gradients\.dir: expected a trace of at least training\.iterations = 5 iterations, given 2 recorded iterations/);
  });

  it('refuses a loss target, a full batch and an unknown profile before running', () => {
    const bad = PROFILE.replace('learningRate: 0.1,', 'learningRate: 0.1, stop: { targetLoss: 0.5 },').replace('batchSize: 32', 'batchSize: full').replace('name: resnet20', 'name: resnet5O');
    let message = '';
    try {
      parseScenario(bad, 'bad.yaml');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('training.stop.targetLoss: expected absent: a workload profile trains nothing');
    expect(message).toContain('workers.batchSize: expected a number of samples per step');
    expect(message).toMatch(/model\.name: expected a bundled profile: .*given "resnet5O".*resnet50/);
  });

  it('never quotes the contents of the file model.file points at, only where and what is wrong', () => {
    const dir = tmp('gw-secret-');
    writeFileSync(join(dir, 'secret.txt'), 'root:x:0:0:hunter2:/root:/bin/bash\n');
    writeFileSync(join(dir, 'table.yaml'), 'name: t\nsource: s\nlayers:\n  - { name: a, params: -3, forwardFlops: 1, password: hunter2 }\n');
    for (const [target, where] of [
      ['secret.txt', /secret\.txt: \(top level\): expected a mapping/],
      ['table.yaml', /table\.yaml:4:\d+: layers\[0\]/],
    ] as const) {
      writeFileSync(join(dir, 's.yaml'), `name: s\nworkers: { count: 2, batchSize: 4 }\nmodel: { kind: profile, file: ${target} }\nschemes:\n  - name: a\n`);
      let message = '';
      try {
        loadScenario(join(dir, 's.yaml'));
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(where);
      expect(message).not.toContain('hunter2');
    }
  });

  it('estimates memory from the profile’s size: the gTop-k residual and error feedback at 4d per worker', () => {
    const e = estimateMemory(parseScenario(PROFILE.replace('resnet20', 'resnet50'), 'p.yaml'));
    expect(e.dim).toBe(25_557_032);
    expect(e.perWorkerBytes).toBeGreaterThan(4 * 25_557_032);
  });
});

/** A NumPy .npy v1.0 file of a float32 vector (little-endian). */
function npy(v: Float32Array): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${v.length},), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + 4 * v.length);
  out.set([0x93, ...Buffer.from('NUMPY'), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  out.set(new Uint8Array(v.buffer), 10 + header.length);
  return out;
}
