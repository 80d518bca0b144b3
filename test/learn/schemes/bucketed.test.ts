import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
import type { PowerProfile } from '../../../src/net/power.js';
import { LINK_PRESETS } from '../../../src/net/presets/index.js';
import type { LinkPreset } from '../../../src/net/index.js';
import { buildRing } from '../../../src/net/topology/ring.js';
import { buildStar } from '../../../src/net/topology/star.js';
import { Identity, TopK } from '../../../src/learn/compress/index.js';
import type { DevicePreset } from '../../../src/learn/devices.js';
import { planBuckets } from '../../../src/learn/workloads/buckets.js';
import type { Workload, WorkloadLayer } from '../../../src/learn/workloads/workload.js';
import { runBucketed } from '../../../src/learn/schemes/bucketed.js';
import { ringAllReduceScheme } from '../../../src/learn/schemes/decentralized.js';
import { parameterServer } from '../../../src/learn/schemes/parameter-server.js';
import type { IterationRecord, Scheme } from '../../../src/learn/schemes/types.js';
import { udpEthernetWireBytes } from '../../net/ethernet-wire.js';
import { fixedWorkload, schemeSetup } from '../fixtures.js';

const eth = LINK_PRESETS['ethernet-1g-udp']!;
const power: PowerProfile = { watts: { tx: 2, rx: 3, idle: 1 }, background: 'idle', source: 'test' };

/** A device with no step overhead, free compression and a round rate, so compute times are FLOPs / 1e9. */
const device = (flopsPerS = 1e9): DevicePreset => ({
  name: 'test',
  description: 'test',
  flopsPerS,
  flopsSource: 'test',
  stepOverheadS: 0,
  overheadSource: 'test',
  computeW: 10,
  powerSource: 'test',
  selectSPerElement: 0,
  selectSource: 'test',
  sortSPerComparison: 0,
  sortSource: 'test',
});

/** Three layers (forward order): a big first layer, a small middle one, a medium last one. */
const LAYERS: WorkloadLayer[] = [
  { name: 'conv', size: 3000, forwardFlops: 1e6, backwardFlops: 2e6 },
  { name: 'mid', size: 500, forwardFlops: 2e5, backwardFlops: 4e5 },
  { name: 'fc', size: 1500, forwardFlops: 3e5, backwardFlops: 6e5 },
];

/** A workload over LAYERS whose gradient is a fixed function of (worker, iteration, coordinate). */
const workload = (layers: readonly WorkloadLayer[] = LAYERS): Workload => fixedWorkload(layers, (i, t, j) => Math.sin(1 + j * 0.37 + i * 1.3 + t * 0.11) * (1 + (j % 7)), 'test');

interface RunOptions {
  readonly scheme: Scheme;
  readonly topology: 'ring' | 'star';
  readonly P: number;
  readonly link: LinkPreset;
  readonly dev: DevicePreset;
  readonly bucketBytes: number;
  readonly overlap: boolean;
  readonly iterations: number;
  readonly compressor?: (d: number) => Identity | TopK;
  readonly layers?: readonly WorkloadLayer[];
}

function run(o: RunOptions): { records: IterationRecord[]; ends: number[] } {
  const env = new Environment();
  const attach = Array.from({ length: o.P }, () => ({ link: o.link, power }));
  const net = o.topology === 'ring' ? buildRing(env, { workers: attach }) : buildStar(env, { workers: attach, server: { link: o.link, power } });
  const w = workload(o.layers);
  const buckets = planBuckets(w.layers, o.bucketBytes);
  const make = o.compressor ?? ((d: number) => new Identity(d));
  const records: IterationRecord[] = [];
  const ends: number[] = [];
  const setup = schemeSetup(env, net, {
    workload: w,
    uplink: net.workers.map(() => make(w.dim)),
    device: o.dev,
    seed: 3,
    learningRate: () => 0.1,
    iterations: o.iterations,
    onIteration: (r: IterationRecord) => {
      records.push(r);
      ends.push(env.now);
    },
  });
  const done = runBucketed(o.scheme, setup, {
    buckets,
    overlap: o.overlap,
    uplink: buckets.map((b) => net.workers.map(() => make(b.size))),
  });
  env.run(done);
  return { records, ends };
}

describe('layer-wise buckets and overlap', () => {
  const forwardS = 1.5e6 / 1e9;
  const backwardS = [1e6 / 1e9, 2e6 / 1e9]; // buckets [mid, fc], [conv] at an 8 kB cap
  const computeS = forwardS + backwardS[0]! + backwardS[1]!;

  it('with a free network, an iteration takes the compute time (then the last bucket’s update)', () => {
    const free: LinkPreset = { ...eth, bandwidthBps: 1e30, latencyS: 0 };
    const { ends } = run({ scheme: ringAllReduceScheme, topology: 'ring', P: 4, link: free, dev: device(), bucketBytes: 8000, overlap: true, iterations: 3 });
    // applying bucket [conv]'s update: 2 × 3000 FLOPs after its (free) all-reduce
    const perIteration = computeS + 6000 / 1e9;
    ends.slice(1).forEach((t, k) => expect(t).toBeCloseTo((k + 1) * perIteration, 12));
  });

  it('with free compute, an iteration takes the sum of the bucket communications', () => {
    const { ends } = run({ scheme: ringAllReduceScheme, topology: 'ring', P: 4, link: eth, dev: device(Infinity), bucketBytes: 8000, overlap: true, iterations: 2 });
    // each bucket alone: a 4-worker ring all-reduce of its slice, 2(P − 1) steps of one chunk
    const single = (size: number) =>
      run({ scheme: ringAllReduceScheme, topology: 'ring', P: 4, link: eth, dev: device(Infinity), bucketBytes: Infinity, overlap: true, iterations: 1, ...sized(size) }).ends[1]!;
    const sum = single(2000) + single(3000);
    expect(ends[1]).toBeCloseTo(sum, 12);
    expect(ends[2]).toBeCloseTo(2 * sum, 12);
  });

  it('overlaps the first bucket’s all-reduce with the backward pass below it: an exact hand-computed case', () => {
    // P = 2 on a ring: each bucket's all-reduce is 2 steps of half its slice over one hop
    const slow: LinkPreset = { ...eth, bandwidthBps: 1e7, latencyS: 1e-4 };
    // one step: half a slice of fp32 (4 · size / 2 B) framed as UDP packets, on 10 Mb/s, then 100 µs of latency
    const step = (size: number) => (8 * udpEthernetWireBytes((4 * size) / 2)) / 1e7 + 1e-4;
    const combine = (size: number) => (2 * size) / 1e9;
    const ready0 = forwardS + backwardS[0]!;
    const ready1 = ready0 + backwardS[1]!;
    const end0 = ready0 + 2 * step(2000); // bucket [mid, fc] all-reduced while conv's backward runs
    const start1 = Math.max(ready1, end0); // one collective at a time
    const end1 = start1 + 2 * step(3000);
    const first = end1 + combine(3000);
    expect(end0).toBeGreaterThan(ready1); // the case exercises the wait for the communication stream
    const { ends, records } = run({ scheme: ringAllReduceScheme, topology: 'ring', P: 2, link: slow, dev: device(), bucketBytes: 8000, overlap: true, iterations: 1 });
    expect(ends[1]).toBeCloseTo(first, 12);
    // without overlap every bucket waits for the whole backward pass
    const serial = run({ scheme: ringAllReduceScheme, topology: 'ring', P: 2, link: slow, dev: device(), bucketBytes: 8000, overlap: false, iterations: 1 });
    expect(serial.ends[1]).toBeCloseTo(computeS + 2 * step(2000) + 2 * step(3000) + combine(3000), 12);
    expect(serial.ends[1]!).toBeGreaterThan(ends[1]!);
    // the merged record adds the buckets' traffic: each of the 2 workers sends 2 half-slices of fp32 per bucket
    expect(records[1]!.payload.bytesUp).toBe(2 * 2 * 4 * ((2000 + 3000) / 2));
  });

  it('merges per-bucket compression into whole-vector α and compression error (parameter server, Top-k)', () => {
    const { records } = run({
      scheme: parameterServer,
      topology: 'star',
      P: 3,
      link: eth,
      dev: device(),
      bucketBytes: 8000,
      overlap: true,
      iterations: 2,
      compressor: (d) => new TopK(d, { ratio: 0.1 }),
    });
    const last = records.at(-1)!;
    expect(last.budgets).toEqual([200 + 300, 200 + 300, 200 + 300]); // ⌈0.1 × 2000⌉ + ⌈0.1 × 3000⌉
    for (let i = 0; i < 3; i++) {
      // Top-k keeps values verbatim: captured + missed energy is the whole input
      expect(last.alpha[i]! + last.compressionError[i]!).toBeCloseTo(1, 9);
      expect(last.compressionError[i]).toBeGreaterThan(0);
    }
  });
});

/** Run options for a one-layer workload of `size` parameters with no compute. */
function sized(size: number): Partial<RunOptions> {
  return { layers: [{ name: 'only', size, forwardFlops: 0, backwardFlops: 0 }] };
}

describe('distinct gradients (replicas)', () => {
  it('sends every worker’s message and bytes, computing the numerics once per class', async () => {
    const { Replicas } = await import('../../../src/learn/schemes/replicas.js');
    const calls: [number, number][] = [];
    const w0 = workload();
    const counted: Workload = { ...w0, gradient: (i, t, w, out) => (calls.push([i, t]), w0.gradient(i, t, w, out)) };
    const runWith = (replicas?: InstanceType<typeof Replicas>) => {
      const env = new Environment();
      const attach = Array.from({ length: 4 }, () => ({ link: eth, power }));
      const net = buildStar(env, { workers: attach, server: { link: eth, power } });
      const records: IterationRecord[] = [];
      const R = replicas?.distinct ?? 4;
      const own = Array.from({ length: R }, () => new TopK(w0.dim, { k: 50 }));
      env.run(
        parameterServer(
          schemeSetup(env, net, {
            workload: counted,
            uplink: net.workers.map((_, i) => own[i % R]!),
            device: device(),
            seed: 3,
            learningRate: () => 0.1,
            iterations: 3,
            onIteration: (r) => records.push(r),
            ...(replicas ? { replicas } : {}),
          }),
        ),
      );
      return { records, end: env.now };
    };
    calls.length = 0;
    const all = runWith();
    expect(calls.length).toBe(4 * 3);
    calls.length = 0;
    const shared = runWith(new Replicas(2, 4));
    expect(calls.length).toBe(2 * 3); // classes 0 and 1 compute; workers 2 and 3 reuse them
    expect(calls.every(([i]) => i < 2)).toBe(true);
    // the network carries every worker's message: same bytes and packets, and (fixed k) the same times
    expect(shared.records.at(-1)!.payload).toEqual(all.records.at(-1)!.payload);
    expect(shared.end).toBe(all.end);
    expect(shared.records.at(-1)!.budgets).toEqual([50, 50, 50, 50]);
    expect(() => new Replicas(5, 4)).toThrow(RangeError);
  });
});
