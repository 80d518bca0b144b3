/**
 * The per-message compression charge: a step costs the device's compute for
 * the batch plus what the compressor reports its message's work took
 * (`Compressor.lastWork`, priced by `compressionSeconds`): 0 for the
 * identity, one selection pass for Top-k, a CAT search plus one pass where
 * CAT searched, one pass where its hybrid (CAT Appendix H) reused T.
 */
import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
import type { PowerProfile } from '../../../src/net/power.js';
import { LINK_PRESETS } from '../../../src/net/presets/index.js';
import type { LinkPreset } from '../../../src/net/index.js';
import { buildStar } from '../../../src/net/topology/star.js';
import { buildRing } from '../../../src/net/topology/ring.js';
import { Encoding, Identity, TopK, type Compressor } from '../../../src/learn/compress/index.js';
import { compressionSeconds, type DevicePreset } from '../../../src/learn/devices.js';
import { makeAlistarhCompressor } from '../../../src/learn/compress/alistarh.js';
import { makeCatCompressor } from '../../../src/learn/compress/cat.js';
import { searchWork } from '../../../src/learn/tuners/cat/search.js';
import { planBuckets } from '../../../src/learn/workloads/buckets.js';
import { runBucketed } from '../../../src/learn/schemes/bucketed.js';
import { allGather } from '../../../src/learn/schemes/decentralized.js';
import { parameterServer } from '../../../src/learn/schemes/parameter-server.js';
import type { IterationRecord, Scheme } from '../../../src/learn/schemes/types.js';
import { fixedWorkload, schemeSetup } from '../fixtures.js';

const free: LinkPreset = { ...LINK_PRESETS['ethernet-1g-udp']!, bandwidthBps: 1e30, latencyS: 0 };
const power: PowerProfile = { watts: { tx: 0, rx: 0, idle: 0 }, background: 'idle', source: 'test' };
const PACKET_S6 = { kind: 'packet', c1: 576 * 8, c0: 64 * 8, pMaxBits: 512 * 8 } as const; // CAT §6, in bits

/** 1 GFLOP/s, no overhead, a server-core's pass and sort costs. */
const worker: DevicePreset = {
  name: 'test',
  description: 'test',
  flopsPerS: 1e9,
  flopsSource: 'test',
  stepOverheadS: 0,
  overheadSource: 'test',
  computeW: 10,
  powerSource: 'test',
  selectSPerElement: 1e-9,
  selectSource: 'test',
  sortSPerComparison: 3e-9,
  sortSource: 'test',
};
/** A server that computes in no time, so that an iteration's length is the workers'. */
const server: DevicePreset = { ...worker, flopsPerS: Infinity, selectSPerElement: 0, sortSPerComparison: 0 };

const D = 3000;
const STEP_FLOPS = 2e5;
/** Gradients that depend on (worker, iteration, j) only: every run sees the same ones, whatever it applied. */
const value = (i: number, t: number, j: number) => Math.sin(1 + j * 0.37 + i * 1.3 + t * 0.11) * (1 + (j % 7)) * (j % 97 === 0 ? 40 : 1);
const workload = fixedWorkload(
  [
    { name: 'a', size: 1000, forwardFlops: 2e4, backwardFlops: 4e4 },
    { name: 'b', size: 2000, forwardFlops: 5e4, backwardFlops: 9e4 },
  ],
  value,
);
const gradient = (i: number, t: number) => Float32Array.from({ length: D }, (_, j) => value(i, t, j));

const P = 2;
const ITERATIONS = 12;
const encoding = new Encoding({ indices: 'packed' });
const cat = (d: number, every = 1) => makeCatCompressor({ variant: 'sparsification-quantization', dim: d, L: 1, cost: PACKET_S6, encoding, hybridEvery: every });

interface Run {
  /** Compute seconds the ledger charged each worker over the run. */
  readonly compute: number[];
  /** Simulated time at each iteration's end. */
  readonly ends: number[];
  readonly records: IterationRecord[];
  /** Compute seconds the ledger charged the server (0 without one). */
  readonly serverCompute: number;
}

function run(scheme: Scheme, make: (d: number) => Compressor, options: { bucketBytes?: number; overlap?: boolean; downlink?: Compressor; server?: DevicePreset } = {}): Run {
  const env = new Environment();
  const attach = Array.from({ length: P }, () => ({ link: free, power }));
  const net = scheme === parameterServer ? buildStar(env, { workers: attach, server: { link: free, power } }) : buildRing(env, { workers: attach });
  const ends: number[] = [];
  const records: IterationRecord[] = [];
  const setup = schemeSetup(env, net, {
    workload,
    uplink: net.workers.map(() => make(D)),
    ...(options.downlink ? { downlink: options.downlink } : {}),
    device: worker,
    serverDevice: options.server ?? server,
    seed: 5,
    learningRate: () => 1,
    iterations: ITERATIONS,
    onIteration: (r: IterationRecord) => {
      records.push(r);
      ends.push(env.now);
    },
  });
  if (options.bucketBytes === undefined) env.run(scheme(setup));
  else {
    const buckets = planBuckets(workload.layers, options.bucketBytes);
    env.run(
      runBucketed(scheme, setup, {
        buckets,
        overlap: options.overlap ?? true,
        uplink: buckets.map((b) => net.workers.map(() => make(b.size))),
      }),
    );
  }
  const computeOf = (name: string) =>
    net.network.ledger
      .breakdown(name, env.now)
      .filter((x) => x.state === 'compute')
      .reduce((s, x) => s + x.seconds, 0);
  const compute = net.workers.map((n) => computeOf(n.name));
  return { compute, ends, records, serverCompute: 'server' in net ? computeOf(net.server.name) : 0 };
}

/** Seconds of the searches an every-iteration CAT makes on worker i's gradients, per iteration 1…N. */
function searchSeconds(i: number): number[] {
  const c = cat(D);
  return Array.from({ length: ITERATIONS }, (_, k) => {
    c.compress(gradient(i, k + 1), { iteration: k + 1, worker: i });
    return compressionSeconds(worker, searchWork(c.catTuner.last!.search, D));
  });
}

describe('per-message compression work', () => {
  it('identity does none, Top-k one pass, CAT its search (passes, and sorts where it ranks magnitudes) on top, the hybrid one pass when it reuses T', () => {
    const g = gradient(0, 1);
    const identity = new Identity(D);
    identity.compress(g);
    expect(identity.lastWork).toEqual({ passElements: 0, sortComparisons: 0 });
    const topk = new TopK(D, { k: 30 });
    topk.compress(g);
    expect(topk.lastWork).toEqual({ passElements: D, sortComparisons: 0 });
    const hybrid = cat(D, 3);
    const works = [1, 2, 3, 4].map((t) => (hybrid.compress(gradient(0, t), { iteration: t, worker: 0 }), hybrid.lastWork));
    // iteration 1 searches (a histogram pass, refinement passes where its bounds do not decide), 2 and 3 reuse T, 4 searches again
    for (const w of [works[0]!, works[3]!]) expect(w.passElements).toBeGreaterThan(2 * D);
    expect(works[1]).toEqual({ passElements: D, sortComparisons: 0 });
    expect(works[2]).toEqual({ passElements: D, sortComparisons: 0 });
    // the search is what CatSearchResult says it did, plus the selection pass
    const every = cat(D);
    every.compress(g, { iteration: 1, worker: 0 });
    const s = searchWork(every.catTuner.last!.search, D);
    expect(every.lastWork).toEqual({ passElements: s.passElements + D, sortComparisons: s.sortComparisons });
    // Alistarh's rule searches too (a histogram and the sort of one bucket)
    const alistarh = makeAlistarhCompressor({ dim: D, encoding });
    alistarh.compress(g);
    expect(alistarh.lastWork.passElements).toBeGreaterThan(D);
  });

  for (const [name, scheme] of [
    ['parameter server', parameterServer],
    ['all-gather', allGather],
  ] as const) {
    it(`${name}: the hybrid's step time is lower than every-iteration search by exactly the skipped searches' charge`, () => {
      const every = run(scheme, (d) => cat(d));
      const hybrid = run(scheme, (d) => cat(d, 4));
      // searched at 1, 5, 9: skipped at the other 9 iterations
      const skipped = (i: number) => searchSeconds(i).reduce((s, x, k) => (k % 4 === 0 ? s : s + x), 0);
      for (let i = 0; i < P; i++) {
        // the combining compute after an all-gather depends on the budgets, which the hybrid may hold differently
        const saved = (every.compute[i] as number) - (hybrid.compute[i] as number) - (combineOf(every, scheme) - combineOf(hybrid, scheme));
        expect(saved).toBeGreaterThan(9 * D * 1e-9); // measurable: each of the 9 skipped searches read g at least once
        expect(saved).toBeCloseTo(skipped(i), 12);
      }
      // a step is the batch's compute plus the message's work: with a free network and server, worker 0's
      // step at iteration 1 (both search) ends at the same time in both runs
      expect(hybrid.ends[1]).toBeCloseTo(every.ends[1] as number, 12);
      expect(hybrid.ends.at(-1)!).toBeLessThan(every.ends.at(-1)!);
      // the identity charges only the batch's compute; Top-k one pass over d more
      const dense = run(scheme, (d) => new Identity(d));
      const topk = run(scheme, (d) => new TopK(d, { k: 30 }));
      for (let i = 0; i < P; i++) {
        expect(dense.compute[i]).toBeCloseTo(ITERATIONS * (STEP_FLOPS / 1e9) + combineOf(dense, scheme), 12);
        expect((topk.compute[i] as number) - combineOf(topk, scheme)).toBeCloseTo(ITERATIONS * (STEP_FLOPS / 1e9 + D * 1e-9), 12);
      }
    });
  }

  it('the server charges its downlink compressor’s work like a worker’s: one selection pass per round for Top-k, none dense', () => {
    // a server whose FLOPs are free but whose selection costs what a worker's does: its compute is the downlink's work alone
    const selecting: DevicePreset = { ...server, selectSPerElement: worker.selectSPerElement };
    const dense = run(parameterServer, (d) => new TopK(d, { k: 30 }), { server: selecting });
    const topk = run(parameterServer, (d) => new TopK(d, { k: 30 }), { server: selecting, downlink: new TopK(D, { k: 30 }) });
    expect(dense.serverCompute).toBe(0);
    expect(topk.serverCompute).toBeCloseTo(ITERATIONS * D * worker.selectSPerElement, 12);
    expect(topk.ends.at(-1)! - dense.ends.at(-1)!).toBeGreaterThan(0);
  });

  it('bucketed runs charge each bucket’s message’s work on the worker’s timeline: the same saving, overlap or not', () => {
    for (const overlap of [true, false]) {
      const every = run(parameterServer, (d) => cat(d), { bucketBytes: 4000, overlap });
      const hybrid = run(parameterServer, (d) => cat(d, 4), { bucketBytes: 4000, overlap });
      expect(every.records.length).toBe(ITERATIONS + 1);
      // per bucket (layers b then a, in backward order), what the every-iteration search costs
      const bucketSearch = (i: number, offset: number, size: number) => {
        const c = cat(size);
        return Array.from({ length: ITERATIONS }, (_, k) => {
          c.compress(gradient(i, k + 1).subarray(offset, offset + size), { iteration: k + 1, worker: i });
          return k % 4 === 0 ? 0 : compressionSeconds(worker, searchWork(c.catTuner.last!.search, size));
        }).reduce((s, x) => s + x, 0);
      };
      for (let i = 0; i < P; i++) {
        const saved = (every.compute[i] as number) - (hybrid.compute[i] as number);
        expect(saved).toBeGreaterThan(0);
        expect(saved).toBeCloseTo(bucketSearch(i, 1000, 2000) + bucketSearch(i, 0, 1000), 12);
      }
      expect(hybrid.ends.at(-1)!).toBeLessThan(every.ends.at(-1)!);
    }
  });
});

/** A decentralized worker's combining compute (2·(Σ k) + 2d FLOPs per iteration) as the ledger charged it: not part of the step. */
function combineOf(r: Run, scheme: Scheme): number {
  // all-gather: every worker combines the P messages; the parameter server's workers combine nothing
  if (scheme === parameterServer) return 0;
  return r.records.slice(1).reduce((s, rec) => s + (2 * rec.budgets.reduce((n, k) => n + k, 0) + 2 * D) / 1e9, 0);
}
