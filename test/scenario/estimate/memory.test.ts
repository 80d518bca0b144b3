import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/sim/index.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { buildModel } from '../../../src/run/build-model.js';
import { describeEstimate, estimateMemory, memoryRefusal, parseBytes, sweepMemoryRefusal, type MemoryEstimate } from '../../../src/scenario/estimate/memory.js';
import { modelDim } from '../../../src/scenario/estimate/workload-size.js';
import { stringify } from 'yaml';
import { parseScenario } from '../../../src/scenario/load.js';

const scenarioFrom = (raw: Record<string, unknown>) => parseScenario(stringify(raw), 'test.yaml');

const bundled = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(dir, f));

describe('memory estimate', () => {
  it('knows d of every bundled trained scenario’s model without building it', async () => {
    for (const file of [...bundled('scenarios/papers'), ...bundled('scenarios/learn'), 'scenarios/default.yaml']) {
      const s = loadScenario(file);
      if ((s.model.kind as string) === 'profile') continue;
      const built = await buildModel(s, new RandomStreams(s.seed, 0));
      expect(modelDim(s.model), file).toBe(built.dim);
      built.model?.dispose();
    }
  });

  it('grows per worker with what each worker keeps: error-feedback memory 4d, gTop-k residual 4d', () => {
    const base = { name: 'm', workers: { count: 10, batchSize: 8 }, model: { kind: 'logistic-regression', features: 100_000, trainSamples: 100, testSamples: 10 } };
    const plain = estimateMemory(scenarioFrom({ ...base, schemes: [{ name: 'a', uplink: { compressor: { kind: 'topk', ratio: 0.01 } } }] }));
    const ef = estimateMemory(scenarioFrom({ ...base, schemes: [{ name: 'a', uplink: { compressor: { kind: 'topk', ratio: 0.01 }, errorFeedback: true } }] }));
    const gtopk = estimateMemory(scenarioFrom({ ...base, schemes: [{ name: 'a', kind: 'gtopk', uplink: { compressor: { kind: 'topk', ratio: 0.01 } } }] }));
    expect(ef.perWorkerBytes - plain.perWorkerBytes).toBe(4 * 100_000);
    expect(gtopk.perWorkerBytes - plain.perWorkerBytes).toBe(4 * 100_000);
    expect(ef.totalBytes - plain.totalBytes).toBe(10 * 4 * 100_000);
  });

  it('refuses, naming the file, the estimate, the largest parts and the fields to change', () => {
    const s = scenarioFrom({
      name: 'big',
      workers: { count: 1024, batchSize: 2 },
      model: { kind: 'logistic-regression', features: 10_000_000, trainSamples: 2048, testSamples: 10 },
      schemes: [{ name: 'topk', uplink: { compressor: { kind: 'topk', ratio: 0.01 }, errorFeedback: true } }],
    });
    const e = estimateMemory(s);
    const refusal = memoryRefusal('big.yaml', e, 16e9)!;
    expect(refusal).toMatch(/^big\.yaml: the run needs an estimated \d.* GB of memory, more than the 16\.0 GB available; nothing was run\./);
    expect(refusal).toContain('workers.count (P = 1024)');
    expect(refusal).toContain('--max-memory');
    expect(memoryRefusal('big.yaml', e, e.totalBytes)).toBeUndefined();
  });

  it('writes the dry run’s lines and the refusals’ quotes alike, the dry run marking JS objects with *', () => {
    const items = [
      { what: 'objects', bytes: 12e9, formula: 'a × b', jsHeap: true },
      { what: 'arrays', bytes: 1500, formula: 'c' },
    ];
    const e: MemoryEstimate = { dim: 10, workers: 2, perWorkerBytes: 0, largestScheme: 's', items, totalBytes: 12e9 + 1500, jsHeapBytes: 12e9, bufferBytes: 1500 };
    expect(describeEstimate(e).split('\n').slice(2)).toEqual(['    12.0 GB* objects  [a × b]', '    1.50 kB  arrays  [c]']);
    const refusal = memoryRefusal('m.yaml', e, 1e9)!.split('\n');
    expect(refusal.slice(1, 3)).toEqual(['    12.0 GB  objects  [a × b]', '    1.50 kB  arrays  [c]']);
  });

  it('counts the points of a sweep that run at once', () => {
    const one = estimateMemory(scenarioFrom({ name: 'p', schemes: [{ name: 'a' }] }));
    const points = [1, 2, 3, 4].map((i) => ({ id: `p${i}`, estimate: one }));
    expect(sweepMemoryRefusal('s.yaml', points, 2, 2 * one.totalBytes)).toBeUndefined();
    expect(sweepMemoryRefusal('s.yaml', points, 3, 2 * one.totalBytes)).toContain('--threads 2');
  });

  it('reads sizes as --max-memory takes them', () => {
    expect(parseBytes('16GB')).toBe(16e9);
    expect(parseBytes('12GiB')).toBe(12 * 2 ** 30);
    expect(parseBytes('8000000000')).toBe(8e9);
    expect(parseBytes('1.5 TB')).toBe(1.5e12);
    expect(parseBytes('lots')).toBeUndefined();
    expect(parseBytes('-3GB')).toBeUndefined();
  });
});
