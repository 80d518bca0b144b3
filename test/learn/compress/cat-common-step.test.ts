/**
 * CAT Appendix G (Lemma 10): the common multi-node step γ = ω(T)/(2L) of
 * stochastic sparsification, ω(T) = (Σ_j 1/(n·ω_j(T_j)))⁻¹, beside the
 * per-worker step ω_j(T_j)/L of §5 folded into each message.
 */
import { describe, expect, it } from 'vitest';
import { Environment, RandomStreams } from '../../../src/sim/index.js';
import type { PowerProfile } from '../../../src/net/power.js';
import { LINK_PRESETS } from '../../../src/net/presets/index.js';
import { buildStar } from '../../../src/net/topology/star.js';
import { addMessage, CommonStep } from '../../../src/learn/compress/accumulate.js';
import { Encoding, StochasticSparsifier, type CompressedMessage } from '../../../src/learn/compress/index.js';
import { DEVICE_PRESETS } from '../../../src/learn/devices.js';
import { parameterServer } from '../../../src/learn/schemes/parameter-server.js';
import type { IterationRecord } from '../../../src/learn/schemes/types.js';
import { makeCatCompressor } from '../../../src/learn/compress/cat.js';
import type { CatVariant } from '../../../src/learn/tuners/cat/types.js';
import * as cmsg from '../../../src/learn/tuners/cat/messages.js';
import { fixedWorkload, schemeSetup } from '../fixtures.js';

const PACKET = { kind: 'packet', c1: 576 * 8, c0: 64 * 8, pMaxBits: 512 * 8 } as const;
const D = 500;
const g = (i: number) => Float32Array.from({ length: D }, (_, j) => Math.sin(j * 0.7 + i) * (j % 13 === 0 ? 9 : 1));
const encoding = new Encoding({ indices: 'packed' });
const cat = (step: 'per-worker' | 'common', stream: string, L = 2) =>
  makeCatCompressor({ variant: 'stochastic', dim: D, L, cost: PACKET, encoding, step, rng: new RandomStreams(9, 0).stream(stream) });

describe('CAT stochastic sparsification with the common step (App. G)', () => {
  it('sends Q_T(g) unscaled with ω_j, one fp32 more than the per-worker message, whose values carry ω_j', () => {
    const common = cat('common', 's');
    const perWorker = cat('per-worker', 's');
    const a = common.compress(g(0)) as CompressedMessage & { kind: 'sparse' };
    const b = perWorker.compress(g(0)) as CompressedMessage & { kind: 'sparse' };
    expect(common.name).toContain('common step');
    // the same T and the same draws: the same coordinates
    expect(common.k).toBe(perWorker.k);
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    const omega = perWorker.step!.measure;
    expect(omega).toBeGreaterThan(0);
    expect(omega).toBeLessThan(1);
    expect(a.commonStep?.omega).toBe(Math.fround(omega));
    expect(b.commonStep).toBeUndefined();
    // per-worker values are fp32(ω·g_j/p_j); common ones fp32(g_j/p_j)
    a.values.forEach((v, j) => expect(b.values[j]).toBeCloseTo(omega * v, 4));
    expect(a.bits).toBe(b.bits + 32);
    expect(a.encoding).toContain('fp32 ω');
    expect(common.step!.valueScale).toBe(1);
    // and the search priced that extra fp32: C(T) of a T-coordinate message as sent (T the expected count)
    const bitsAt = (t: number) => t * (9 + 32); // packed indices: ⌈log2 500⌉ = 9 bits, then an fp32 value
    const T = common.k;
    expect(common.catTuner.last!.search.cost).toBe(Math.ceil((bitsAt(T) + 32) / 4096) * 4608 + 512);
    expect(perWorker.catTuner.last!.search.cost).toBe(Math.ceil(bitsAt(T) / 4096) * 4608 + 512);
    // the same message with unscaled values as plain stochastic sparsification at that T, on the same stream
    const plain = new StochasticSparsifier(D, { k: common.k }, { encoding, rng: new RandomStreams(9, 0).stream('s') });
    const c = plain.compress(g(0)) as CompressedMessage & { kind: 'sparse' };
    expect(Array.from(c.values)).toEqual(Array.from(a.values));
  });

  it('is refused for the deterministic variants, whose multi-node step the paper does not derive', () => {
    for (const variant of ['sparsification', 'sparsification-quantization'] as CatVariant[]) {
      expect(() => makeCatCompressor({ variant, dim: D, L: 1, cost: PACKET, step: 'common' })).toThrow(cmsg.commonStepNeedsStochastic(variant));
    }
  });

  it('CommonStep: the mean is scaled by ω/2, ω the harmonic mean of the ω_j; all or none of a round’s messages carry ω_j', () => {
    const msgs = [0.2, 0.5, 0.8].map((omega) => ({ kind: 'sparse', dim: 3, indices: Int32Array.of(0), values: Float32Array.of(1), commonStep: { omega } }) as never);
    const step = new CommonStep();
    for (const m of msgs) step.add(m);
    expect(step.factor()).toBeCloseTo(3 / (1 / 0.2 + 1 / 0.5 + 1 / 0.8) / 2, 15);
    expect(step.factor()).toBe(1); // forgotten: a round with no messages
    step.add(msgs[0]!);
    step.add({ kind: 'sparse', dim: 3, indices: Int32Array.of(0), values: Float32Array.of(1) } as never);
    expect(() => step.factor()).toThrow(/common step/);
  });

  it('a parameter-server round steps the mean of the workers’ Q_{T_j}(g_j) by ω(T)/(2L)', () => {
    const P = 3;
    const L = 2;
    const gs = Array.from({ length: P }, (_, i) => g(i));
    const workload = fixedWorkload([{ name: 'w', size: D, forwardFlops: 0, backwardFlops: 1e3 }], (i, _t, j) => gs[i]![j]!);
    const env = new Environment();
    const power: PowerProfile = { watts: { tx: 0, rx: 0, idle: 0 }, background: 'idle', source: 'test' };
    const link = LINK_PRESETS['ethernet-1g-udp']!;
    const net = buildStar(env, { workers: Array.from({ length: P }, () => ({ link, power })), server: { link, power } });
    const records: IterationRecord[] = [];
    env.run(
      parameterServer(
        schemeSetup(env, net, {
          workload,
          uplink: net.workers.map((_, i) => cat('common', `w${i}`, L)),
          device: DEVICE_PRESETS['server-cpu']!,
          seed: 3,
          learningRate: () => 1 / L,
          iterations: 1,
          onIteration: (r) => records.push({ ...r, weights: r.weights.slice() }),
        }),
      ),
    );
    // the same messages, made again from the same streams
    const twins = Array.from({ length: P }, (_, i) => cat('common', `w${i}`, L).compress(g(i), { iteration: 1, worker: i }));
    const omega = P / twins.reduce((s, m) => s + 1 / (m as { commonStep: { omega: number } }).commonStep.omega, 0);
    const mean = new Float32Array(D);
    for (const m of twins) addMessage(mean, m, 1 / P);
    const w = records.at(-1)!.weights;
    let moved = 0;
    for (let j = 0; j < D; j++) {
      expect(w[j]).toBeCloseTo(-(omega / (2 * L)) * (mean[j] as number), 5);
      if (w[j] !== 0) moved++;
    }
    expect(moved).toBeGreaterThan(0);
    expect(omega).toBeLessThan(1);
  });
});
