/**
 * gTop-k's time and bytes per iteration, worked out by hand (issue #18,
 * item 6): each merge is charged between the recursive-doubling rounds at
 * the worker that performs it (round r + 1's send waits for round r's
 * merge), and with P not a power of two the unfold carries the folded
 * worker's gMask (⌈k/8⌉ bytes). Also the dense warmup's iteration (§5.1) and
 * the budget check at every iteration (AdapTop-K).
 *
 * Toy numbers: a link of 1 byte per ms with no latency and no headers (a
 * 16-byte message takes 16 ms per hop, 32 ms worker → switch → worker,
 * store and forward); a device of 1 FLOP per ms with no step overhead and
 * 1 ms per selected element; a workload of d = 8 whose step is 10 FLOPs;
 * Top-k with k = 2 in raw32 (8 bytes per entry: every vector sent is 16 B).
 * So: a worker's step is 10 ms + one selection pass over d = 8 ms → 18 ms;
 * every merge reads |a| + |b| = 4 entries → 4 ms; after the exchange
 * 2d + 2k = 20 FLOPs → 20 ms.
 */
import { describe, expect, it } from 'vitest';
import { Environment } from '../../../../src/sim/index.js';
import type { PowerProfile } from '../../../../src/net/power.js';
import { toyLink } from '../../../net/fixtures.js';
import { buildSwitch } from '../../../../src/net/topology/switch.js';
import { TopK, type Compressor } from '../../../../src/learn/compress/index.js';
import { DEVICE_PRESETS, type DevicePreset } from '../../../../src/learn/devices.js';
import { gTopKErrors } from '../../../../src/learn/schemes/gtopk/index.js';
import { AdapTopK } from '../../../../src/learn/tuners/adaptopk.js';
import { fixedWorkload, schemeSetup } from '../../fixtures.js';
import { gTopK, gTopKConfig } from '../../../../src/learn/schemes/gtopk/scheme.js';
import type { IterationRecord } from '../../../../src/learn/schemes/types.js';

const toy = toyLink(100_000);
const power: PowerProfile = { watts: { tx: 1, rx: 1, idle: 0 }, background: 'idle', source: 'test' };
const device: DevicePreset = { ...DEVICE_PRESETS['server-cpu']!, flopsPerS: 1000, stepOverheadS: 0, selectSPerElement: 1e-3, computeW: 1 };
const D = 8;
const K = 2;
/** Distinct magnitudes per worker and coordinate, signs alternating: every top-k and merge has exactly k entries. */
const workload = fixedWorkload(
  [{ name: 'toy', size: D, forwardFlops: 10 / 3, backwardFlops: 20 / 3 }],
  (worker, t, j) => (j % 2 === 0 ? 1 : -1) * (1 + ((j * 7 + worker * 3 + t) % D) + worker / 10),
  'toy',
);

interface Sent {
  readonly label: string;
  readonly src: string;
  readonly sentS: number;
  readonly arrivedS: number;
  readonly bytes: number;
}

function run(P: number, iterations: number, options: { warmup?: number; uplink?: () => Compressor } = {}) {
  const env = new Environment();
  const sw = buildSwitch(env, { workers: Array.from({ length: P }, () => ({ link: toy, power })) });
  const records: { record: IterationRecord; atS: number }[] = [];
  const sent: Sent[] = [];
  for (const node of sw.workers) {
    node.trace.delivered.push(({ message: m }) => sent.push({ label: m.label, src: m.src, sentS: m.sentAtS, arrivedS: env.now, bytes: m.payloadBytes }));
  }
  const done = gTopK(
    schemeSetup(env, sw, {
      workload,
      uplink: sw.workers.map(() => options.uplink?.() ?? new TopK(D, { k: K })),
      device,
      seed: 1,
      learningRate: () => 0.1,
      iterations,
      ...(options.warmup !== undefined ? { warmupIterations: options.warmup } : {}),
      onIteration: (record) => records.push({ record, atS: env.now }),
    }),
  );
  env.run(done);
  return { records, sent, network: sw.network };
}

const ms = (s: number) => Math.round(s * 1e9) / 1e6; // seconds → ms, rounded at the ns
const byLabel = (sent: readonly Sent[], label: string) => sent.find((x) => x.label === label)!;

describe('gTop-k timing and bytes on a toy link, by hand', () => {
  it('P = 4: round 1 is sent after round 0’s merge; 110 ms and 32 B per worker per iteration', () => {
    const { records, sent, network } = run(4, 2);
    // 0–18 step; round 0: 18 → 50 (32 ms), merge 50 → 54; round 1: 54 → 86, merge 86 → 90; then 20 ms → 110
    expect(records.map((r) => ms(r.atS))).toEqual([0, 110, 220]);
    for (let p = 0; p < 4; p++) {
      expect(ms(byLabel(sent, `gtopk/1/r0/worker/${p}`).sentS)).toBe(18);
      expect(ms(byLabel(sent, `gtopk/1/r0/worker/${p}`).arrivedS)).toBe(50);
      expect(ms(byLabel(sent, `gtopk/1/r1/worker/${p}`).sentS)).toBe(54); // not 50: the merge comes first
      expect(ms(byLabel(sent, `gtopk/1/r1/worker/${p}`).arrivedS)).toBe(86);
      expect(ms(byLabel(sent, `gtopk/2/r0/worker/${p}`).sentS)).toBe(128); // 110 + 18
    }
    for (const { record } of records.slice(1)) {
      expect(record.bitsUp).toEqual([32, 32, 32, 32].map((b) => 8 * b));
      expect(record.bitsDown).toEqual([32, 32, 32, 32].map((b) => 8 * b));
    }
    expect(records.at(-1)!.record.payload.bytesUp).toBe(2 * 4 * 32);
    expect([0, 1, 2, 3].reduce((n, p) => n + network.traffic.byNode.get(`worker/${p}`)!.wireBytes, 0)).toBe(2 * 4 * 32); // no headers: wire = payload
  });

  it('P = 3 (fold): the unfold carries x and rank 0’s gMask, 16 + ⌈2/8⌉ = 17 B; 124 ms per iteration', () => {
    const { records, sent } = run(3, 2);
    // m = 2, r = 1: rank 0 folds into rank 1; ranks 1 and 2 run one round; rank 1 unfolds to rank 0.
    // 18: rank 0 sends its leaf (fold) and rank 2 its round-0 vector, both to rank 1; they reach the
    //     switch at 34 and share rank 1's downlink in send order: the fold 34 → 50, rank 2's 50 → 66.
    // rank 1: fold merge 50 → 54; sends round 0 at 54 (its uplink 54 → 70, rank 2's downlink 70 → 86);
    //     merges rank 2's vector 66 → 70; unfolds at 70: 17 B on its uplink 70 → 87, rank 0's downlink 87 → 104.
    // rank 2: merges 86 → 90. Last to hold x: rank 0 at 104; + 20 ms → 124.
    expect(records.map((r) => ms(r.atS))).toEqual([0, 124, 248]);
    expect(ms(byLabel(sent, 'gtopk/1/fold/worker/0').arrivedS)).toBe(50);
    expect(ms(byLabel(sent, 'gtopk/1/r0/worker/2').arrivedS)).toBe(66);
    expect(ms(byLabel(sent, 'gtopk/1/r0/worker/1').sentS)).toBe(54); // after the fold merge
    expect(ms(byLabel(sent, 'gtopk/1/r0/worker/1').arrivedS)).toBe(86);
    const unfold = byLabel(sent, 'gtopk/1/unfold/worker/1');
    expect(ms(unfold.sentS)).toBe(70); // after the round-0 merge
    expect(ms(unfold.arrivedS)).toBe(104);
    expect(unfold.bytes).toBe(17);
    for (const { record } of records.slice(1)) {
      // rank 0: leaf out, x + gMask in; rank 1: round 0 + unfold out, fold + round 0 in; rank 2: round 0 both ways
      expect(record.bitsUp).toEqual([16, 33, 16].map((b) => 8 * b));
      expect(record.bitsDown).toEqual([17, 32, 16].map((b) => 8 * b));
    }
    expect(records.at(-1)!.record.payload.bytesUp).toBe(2 * 65);
  });

  it('P = 6 (two folds): 160 ms per iteration; 194 B in all, the two gMasks included', () => {
    const { records, sent } = run(6, 1);
    // m = 4, r = 2: ranks 0 → 1 and 2 → 3 fold; new ranks 1, 3, 4, 5; round 0 pairs 1–3 and 4–5, round 1 pairs 1–4 and 3–5.
    // 18: the folds (0 → 1, 2 → 3) and 4 ⇄ 5's round 0 arrive at 50 (no shared downlink).
    // 50 → 54: every receiver merges; at 54 rank 1 sends round 0 to 3, 3 to 1, 4 round 1 to 1, 5 to 3 (in that
    //     order); at the switch at 70, rank 1's downlink carries 3's round 0 first (70 → 86), then 4's round 1
    //     (86 → 102); rank 3's likewise 1's, then 5's.
    // rank 1: merges 86 → 90, sends round 1 to 4 (uplink 90 → 106, 4's downlink 106 → 122), merges 4's vector
    //     102 → 106, unfolds 17 B at 106 (uplink 106 → 123, rank 0's downlink 123 → 140); rank 3 likewise to rank 2.
    // ranks 4, 5: round 1 in at 122, merged at 126. Last: ranks 0 and 2 at 140; + 20 ms → 160.
    expect(records.map((r) => ms(r.atS))).toEqual([0, 160]);
    expect(ms(byLabel(sent, 'gtopk/1/r1/worker/4').arrivedS)).toBe(102);
    expect(ms(byLabel(sent, 'gtopk/1/r1/worker/1').sentS)).toBe(90);
    for (const [from, to] of [
      [1, 0],
      [3, 2],
    ]) {
      const unfold = byLabel(sent, `gtopk/1/unfold/worker/${from}`);
      expect([ms(unfold.sentS), ms(unfold.arrivedS), unfold.bytes]).toEqual([106, 140, 17]);
      expect(ms(byLabel(sent, `gtopk/1/fold/worker/${to}`).arrivedS)).toBe(50);
    }
    const r = records[1]!.record;
    expect(r.bitsUp).toEqual([16, 49, 16, 49, 32, 32].map((b) => 8 * b));
    expect(r.bitsDown).toEqual([17, 48, 17, 48, 32, 32].map((b) => 8 * b));
    expect(r.payload.bytesUp).toBe(194);
  });

  it('warmup: the first iterations are a dense ring all-reduce (138 ms, 48 B per worker), then gTop-k (110 ms)', () => {
    const { records } = run(4, 3, { warmup: 2 });
    // dense: 10 ms step (no selection); ring all-reduce of 32 B in chunks of 8 B: 2(P − 1) = 6 steps of
    // 16 ms (8 ms per hop) = 96 ms; then 2d + 2d = 32 FLOPs = 32 ms → 138 ms. Then a gTop-k iteration: 110 ms.
    expect(records.map((r) => ms(r.atS))).toEqual([0, 138, 276, 386]);
    for (const { record } of records.slice(1, 3)) {
      expect(record.budgets).toEqual([D, D, D, D]);
      expect(record.bitsUp).toEqual([48, 48, 48, 48].map((b) => 8 * b));
      expect(record.bitsDown).toEqual([48, 48, 48, 48].map((b) => 8 * b)); // each receives what its predecessor sent
    }
    expect(records[3]!.record.budgets).toEqual([K, K, K, K]);
    expect(records[3]!.record.bitsUp).toEqual([32, 32, 32, 32].map((b) => 8 * b));
  });
});

describe('gTop-k with an AdapTop-K schedule', () => {
  const adap = (turningPoint: number) => new TopK(D, new AdapTopK({ budget: { k: K }, iterations: 6, gamma: 0.5, turningPoint }));

  it('checks that the workers agree on k at every iteration, not only the first', () => {
    const a = adap(2);
    const b = adap(4);
    const ks = (c: TopK) => [1, 2, 3, 4, 5, 6].map((t) => (c.tuner as AdapTopK).budget(new Float32Array(D), { iteration: t, worker: 0, dim: D }));
    const [ka, kb] = [ks(a), ks(b)];
    expect(ka[0]).toBe(kb[0]); // they agree at the first iteration …
    const first = ka.findIndex((k, t) => k !== kb[t]) + 1;
    expect(first).toBeGreaterThan(1); // … and not later
    const config = gTopKConfig([adap(2), adap(4)]);
    for (let t = 1; t < first; t++) expect(config.kAt(t)).toBe(ka[t - 1]);
    expect(() => config.kAt(first)).toThrow(gTopKErrors.budgetsDivergeAt(first, [ka[first - 1]!, kb[first - 1]!]));
  });

  it('ends a run whose workers’ schedules part with the internal error, at that iteration', () => {
    let n = 0;
    expect(() => run(2, 6, { uplink: () => adap(n++ === 0 ? 2 : 4) })).toThrow(/gtopk: internal error: at iteration \d/);
  });
});
