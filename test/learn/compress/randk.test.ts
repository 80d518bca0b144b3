import { describe, expect, it } from 'vitest';
import { toDense } from '../../../src/learn/compress/accumulate.js';
import { layoutOf } from '../../../src/learn/compress/message.js';
import { ErrorFeedback } from '../../../src/learn/compress/error-feedback.js';
import { RandK, randKStreamName } from '../../../src/learn/compress/randk.js';
import { TopK } from '../../../src/learn/compress/topk.js';
import { randomIndices, sharedRandomIndices } from '../../../src/learn/compress/shared-indices.js';
import { Encoding, INDEX_CODINGS } from '../../../src/learn/encoding/encoding.js';
import { RandomStream, RandomStreams } from '../../../src/sim/random.js';

const streams = new RandomStreams(7, 0);
const vector = (d: number) => Float32Array.from({ length: d }, (_, i) => Math.cos(i) * (1 + (i % 5)));

describe('RandK', () => {
  it('derives the same indices at worker and server for the same iteration', () => {
    const d = 1000;
    const worker = new RandK(d, { k: 25 }, { streams });
    const out = worker.compress(vector(d), { iteration: 5, worker: 2 });
    if (out.kind !== 'sparse') throw new Error('expected a sparse message');
    expect(out.indexing).toEqual({ kind: 'shared-seed', seed: 7, run: 0, stream: 'randk/iteration/5' });
    // The server holds the same (seed, run) and knows the iteration.
    expect(sharedRandomIndices({ kind: 'shared-seed', seed: 7, run: 0, stream: randKStreamName('randk', 5) }, d, 25)).toEqual(out.indices);
    const server = new RandK(d, { k: 25 }, { streams: new RandomStreams(7, 0) });
    expect(server.indicesFor(5, 25)).toEqual(out.indices);
    // All workers share the set of an iteration; the next iteration draws another.
    const other = worker.compress(vector(d), { iteration: 5, worker: 0 });
    expect(other.kind === 'sparse' && other.indices).toEqual(out.indices);
    const next = worker.compress(vector(d), { iteration: 6, worker: 2 });
    expect(next.kind === 'sparse' && next.indices).not.toEqual(out.indices);
  });

  it('with per-worker scope gives each worker its own reproducible set', () => {
    const d = 500;
    const c = new RandK(d, { k: 10 }, { streams, scope: 'per-worker' });
    const a = c.compress(vector(d), { iteration: 1, worker: 0 });
    const b = c.compress(vector(d), { iteration: 1, worker: 1 });
    expect(a.kind === 'sparse' && a.indices).not.toEqual(b.kind === 'sparse' && b.indices);
    expect(b.kind === 'sparse' && b.indices).toEqual(c.indicesFor(1, 10, 1));
  });

  it('costs no index bits under any index coding', () => {
    const d = 4096;
    for (const indices of INDEX_CODINGS) {
      const out = new RandK(d, { k: 40 }, { streams, encoding: new Encoding({ indices }) }).compress(vector(d), { iteration: 0, worker: 0 });
      expect(out.bits).toBe(40 * 32);
      const withCount = new RandK(d, { k: 40 }, { streams, encoding: new Encoding({ indices, header: 'count32' }) }).compress(vector(d), { iteration: 0, worker: 0 });
      expect(withCount.bits).toBe(32 + 40 * 32);
    }
  });

  it('decodes at the receiver from the values alone, re-deriving the indices from the seed', () => {
    const d = 300;
    const c = new RandK(d, { k: 17 }, { streams, encoding: new Encoding({ indices: 'packed' }) });
    const out = c.compress(vector(d), { iteration: 3, worker: 0 });
    const back = c.encoding.deserialize(c.encoding.serialize(out), layoutOf(out));
    expect(back).toEqual(out);
  });

  it('scales kept values by d/k when unbiased (default) and sends them verbatim when not', () => {
    const d = 100;
    const g = vector(d);
    const scaled = new RandK(d, { k: 4 }, { streams }).compress(g, { iteration: 9, worker: 0 });
    const plain = new RandK(d, { k: 4 }, { streams, unbiased: false }).compress(g, { iteration: 9, worker: 0 });
    if (scaled.kind !== 'sparse' || plain.kind !== 'sparse') throw new Error('expected sparse messages');
    expect(plain.indices).toEqual(scaled.indices);
    plain.indices.forEach((i, j) => {
      expect(plain.values[j]).toBe(g[i]);
      expect(scaled.values[j]).toBe(Math.fround((g[i] as number) * 25));
    });
  });

  it('is unbiased over iterations: the mean of the decoded vectors approaches g', () => {
    const d = 10;
    const k = 3;
    const g = Float32Array.from([1, -2, 3, 0.5, -1, 4, 0, 2, -3, 1.5]);
    const c = new RandK(d, { k }, { streams });
    const n = 20_000;
    const mean = new Float64Array(d);
    for (let t = 0; t < n; t++) toDense(c.compress(g, { iteration: t, worker: 0 })).forEach((v, i) => (mean[i] = (mean[i] as number) + v / n));
    // Each coordinate is g_i·d/k with probability k/d, else 0: standard error |g_i|·√(d/k − 1)/√n.
    g.forEach((gi, i) => expect(Math.abs((mean[i] as number) - gi)).toBeLessThanOrEqual((5 * Math.abs(gi) * Math.sqrt(d / k - 1)) / Math.sqrt(n) + 1e-9));
  });
});

describe('randomIndices', () => {
  it('draws k distinct increasing indices, the same for the same stream key (sparse and dense draws)', () => {
    for (const [d, k] of [
      [1000, 5],
      [1000, 400],
      [10, 10],
      [1, 1],
    ] as const) {
      const a = randomIndices(new RandomStream(1, 0, 'x'), d, k);
      expect(a).toEqual(randomIndices(new RandomStream(1, 0, 'x'), d, k));
      expect(a.length).toBe(k);
      for (let j = 1; j < k; j++) expect(a[j]!).toBeGreaterThan(a[j - 1]!);
      expect(a[0]!).toBeGreaterThanOrEqual(0);
      expect(a[k - 1]!).toBeLessThan(d);
    }
  });

  it('hits every coordinate about equally often', () => {
    const d = 20;
    const counts = new Array<number>(d).fill(0);
    const stream = new RandomStream(2, 0, 'uniform');
    const n = 10_000;
    for (let t = 0; t < n; t++) for (const i of randomIndices(stream, d, 3)) counts[i]!++;
    // Each count ~ Binomial(n, 3/20): mean 1500, sd ≈ 35.7.
    for (const c of counts) expect(Math.abs(c - 1500)).toBeLessThan(5 * 35.7);
  });
});

describe('selection passes (charged as compute time)', () => {
  it('are none for Rand-k, whose indices come from a seed, one for Top-k, and pass through error feedback', () => {
    const streams = new RandomStreams(7, 0);
    expect(new RandK(100, { k: 10 }, { streams }).selectionPasses).toBe(0);
    expect(new ErrorFeedback(new RandK(100, { k: 10 }, { streams })).selectionPasses).toBe(0);
    expect(new TopK(100, { k: 10 }).selectionPasses).toBe(1);
    expect(new ErrorFeedback(new TopK(100, { k: 10 })).selectionPasses).toBe(1);
  });
});
