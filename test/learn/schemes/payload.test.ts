import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
import type { PowerProfile } from '../../../src/net/power.js';
import { LINK_PRESETS } from '../../../src/net/presets/index.js';
import { buildRing } from '../../../src/net/topology/ring.js';
import { buildStar } from '../../../src/net/topology/star.js';
import { buildSwitch } from '../../../src/net/topology/switch.js';
import { Identity, TopK, type Compressor } from '../../../src/learn/compress/index.js';
import { DEVICE_PRESETS } from '../../../src/learn/devices.js';
import { allGather, ringAllReduceScheme } from '../../../src/learn/schemes/decentralized.js';
import { gTopK } from '../../../src/learn/schemes/gtopk/scheme.js';
import { parameterServer } from '../../../src/learn/schemes/parameter-server.js';
import type { IterationRecord, Scheme } from '../../../src/learn/schemes/types.js';
import { fixedWorkload, schemeSetup } from '../fixtures.js';

/**
 * The payload counters of every scheme kind, against sizes worked out by
 * hand: up = what the workers send, down = what they receive (with a server,
 * worker → server and server → worker).
 */

const eth = LINK_PRESETS['ethernet-1g-udp']!;
const power: PowerProfile = { watts: { tx: 2, rx: 3, idle: 1 }, background: 'idle', source: 'test' };
const D = 100;

/** The iteration records of `scheme` on P workers over `iterations` (iteration 0 first). */
function iterationRecords(scheme: Scheme, topology: 'ring' | 'switch' | 'star', P: number, uplink: (d: number) => Compressor, iterations: number, warmupIterations = 0): IterationRecord[] {
  const env = new Environment();
  const attach = Array.from({ length: P }, () => ({ link: eth, power }));
  const net =
    topology === 'ring' ? buildRing(env, { workers: attach }) : topology === 'switch' ? buildSwitch(env, { workers: attach }) : buildStar(env, { workers: attach, server: { link: eth, power } });
  const records: IterationRecord[] = [];
  const done = scheme(
    schemeSetup(env, net, {
      workload: fixedWorkload([{ name: 'all', size: D, forwardFlops: 1e3, backwardFlops: 2e3 }], (i, t, j) => Math.sin(1 + j * 0.37 + i * 1.3 + t * 0.11) * (1 + (j % 7))),
      uplink: net.workers.map(() => uplink(D)),
      device: DEVICE_PRESETS['server-cpu']!,
      seed: 1,
      learningRate: () => 0.1,
      iterations,
      ...(warmupIterations > 0 ? { warmupIterations } : {}),
      onIteration: (r) => records.push(r),
    }),
  );
  env.run(done);
  expect(records.map((r) => r.iteration)).toEqual(Array.from({ length: iterations + 1 }, (_, t) => t));
  return records;
}

/** Per-iteration payload bytes (up, down) of `scheme` on P workers over `iterations`; the counters are cumulative. */
function payloadPerIteration(...args: Parameters<typeof iterationRecords>) {
  const records = iterationRecords(...args);
  return records.slice(1).map((r, t) => ({ up: r.payload.bytesUp - records[t]!.payload.bytesUp, down: r.payload.bytesDown - records[t]!.payload.bytesDown }));
}

describe('payload counters: up what the workers send, down what they receive', () => {
  it('ring all-reduce: each of P workers sends and receives 2(P − 1)/P · d fp32 values', () => {
    // P = 4, d = 100: 2 · 3/4 · 100 · 4 B = 600 B a worker, 2400 B for the four, each way
    expect(payloadPerIteration(ringAllReduceScheme, 'ring', 4, (d) => new Identity(d), 2)).toEqual([
      { up: 2400, down: 2400 },
      { up: 2400, down: 2400 },
    ]);
    // P = 3 does not divide d (chunks 34, 34, 32), but every chunk still crosses 2(P − 1) = 4 hops: 4 · 100 · 4 B
    expect(payloadPerIteration(ringAllReduceScheme, 'ring', 3, (d) => new Identity(d), 1)).toEqual([{ up: 1600, down: 1600 }]);
  });

  it('ring all-reduce and all-gather: each worker’s bits down are what its ring predecessor sent it', () => {
    // P = 4: 600 B a worker for the dense all-reduce of d = 100, 3 × 40 B for the all-gather of k = 5
    for (const [scheme, uplink, bytes] of [
      [ringAllReduceScheme, (d: number) => new Identity(d), 600],
      [allGather, (d: number) => new TopK(d, { k: 5 }), 120],
    ] as const) {
      const r = iterationRecords(scheme, 'ring', 4, uplink, 1)[1]!;
      expect([r.bitsUp, r.bitsDown]).toEqual([Array(4).fill(8 * bytes), Array(4).fill(8 * bytes)]);
    }
    // P = 3, d = 100: chunks of 34, 34, 32 values. Worker i sends chunks i, i − 1 (reduce-scatter), then i + 1, i (all-gather):
    // 134, 134, 132 values; each receives its predecessor's, so the workers' shares differ and down is up rotated by one
    const r = iterationRecords(ringAllReduceScheme, 'ring', 3, (d) => new Identity(d), 1)[1]!;
    expect([r.bitsUp, r.bitsDown]).toEqual([[536, 536, 528].map((b) => 8 * b), [528, 536, 536].map((b) => 8 * b)]);
  });

  it('all-gather of k-sparse messages: each worker receives the other P − 1 messages (and forwards P − 2 of them)', () => {
    // k = 5 with raw32: 5 × (4 B index + 4 B value) = 40 B a message; P = 4 workers receive 3 each: 4 · 3 · 40 B
    expect(payloadPerIteration(allGather, 'ring', 4, (d) => new TopK(d, { k: 5 }), 2)).toEqual([
      { up: 480, down: 480 },
      { up: 480, down: 480 },
    ]);
  });

  it('gTop-k: a dense warmup iteration as the ring all-reduce, then the sparse exchange, both counted each way', () => {
    // P = 4: recursive doubling, 2 rounds, each worker sends and receives one k = 5 vector a round (40 B): 4 · 2 · 40 B
    expect(payloadPerIteration(gTopK, 'switch', 4, (d) => new TopK(d, { k: 5 }), 2, 1)).toEqual([
      { up: 2400, down: 2400 },
      { up: 320, down: 320 },
    ]);
  });

  it('parameter server: up the workers’ messages, down the dense fp32 model to each worker', () => {
    // 3 workers send 40 B each; the server sends each the 400 B model
    expect(payloadPerIteration(parameterServer, 'star', 3, (d) => new TopK(d, { k: 5 }), 2)).toEqual([
      { up: 120, down: 1200 },
      { up: 120, down: 1200 },
    ]);
  });
});
