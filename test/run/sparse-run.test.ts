import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/messages.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { runScenario } from '../../src/run/run.js';
import { estimateMemory } from '../../src/scenario/estimate/memory.js';
import { buildModel } from '../../src/run/build-model.js';
import { RandomStreams } from '../../src/sim/index.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Least squares on sparse RCV1-like rows, d = 10⁶, 4 workers. */
const SPARSE_LINEAR = `name: sparse-linear
seed: 3
workers: { count: 4, batchSize: 32 }
model: { kind: linear-regression, features: 1000000, nonZeros: 40, samplesPerWorker: 500, l2: 0.0001 }
training: { iterations: 4, learningRate: 2 }
output: { report: false }
schemes:
  - name: topk-ef
    uplink: { compressor: { kind: topk, ratio: 0.001 }, errorFeedback: true }
`;

describe('a sparse linear-regression run', () => {
  it('builds CSR data (≈ 8 bytes per non-zero), runs, lowers the loss and is byte-identical for the same seed', async () => {
    const s = resolveScenario(parseScenario(SPARSE_LINEAR, 'sparse.yaml'));
    const built = await buildModel(s, new RandomStreams(s.seed, 0));
    expect(built.dim).toBe(1_000_000);
    expect(built.parts.map((p) => p.length)).toEqual([500, 500, 500, 500]);
    const bytes = (built.model as unknown as { featureBytes: number }).featureBytes;
    expect(bytes).toBeLessThan(8 * 40 * 2000 * 1.2);
    const data = estimateMemory(s).items.find((i) => i.what.startsWith('data set'))!;
    expect(data.bytes).toBeGreaterThan(bytes); // the estimate errs high
    const [a, b] = [mkdtempSync(join(tmpdir(), 'gw-sparse-a-')), mkdtempSync(join(tmpdir(), 'gw-sparse-b-'))];
    dirs.push(a, b);
    await runScenario(s, a);
    await runScenario(s, b);
    for (const f of ['metrics.csv', 'summary.json']) expect(readFileSync(join(a, f), 'utf8'), f).toBe(readFileSync(join(b, f), 'utf8'));
    const [header, ...rows] = readFileSync(join(a, 'metrics.csv'), 'utf8').trim().split('\n');
    const loss = header!.split(',').indexOf('loss');
    const losses = rows.map((r) => Number(r.split(',')[loss])).filter((v) => Number.isFinite(v));
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
  });

  it('refuses the RegTop-k generator’s fields and too many non-zeros, naming each field', () => {
    const bad = SPARSE_LINEAR.replace('nonZeros: 40,', 'nonZeros: 40, meanVariance: 2, truthVariance: 3,').replace('features: 1000000', 'features: 30');
    let error: unknown;
    try {
      parseScenario(bad, 'bad.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const text = String((error as Error).message);
    expect(text).toMatch(/bad\.yaml.*model\.meanVariance/);
    expect(text).toMatch(/model\.truthVariance/);
    expect(text).toMatch(/model\.nonZeros.*at most model\.features \(30\)/s);
    expect(text).not.toMatch(/model\.meanOfMeans/);
  });
});
