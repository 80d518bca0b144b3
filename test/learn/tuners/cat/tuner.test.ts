import { describe, expect, it } from 'vitest';
import { TopK } from '../../../../src/learn/compress/topk.js';
import * as msg from '../../../../src/learn/messages.js';
import * as cmsg from '../../../../src/learn/tuners/cat/messages.js';
import { CatTuner } from '../../../../src/learn/tuners/cat/index.js';
import { bruteForce } from './brute-force.js';
import { AFFINE, PACKET, heavy, packed } from './fixtures.js';

/** CAT eq. 6 with PACKET's constants, written out: C(P) = c1·⌈P / Pmax⌉ + c0, c1 = 576 B, c0 = 64 B, Pmax = 512 B. */
const packetCost = (payloadBits: number) => 576 * 8 * Math.ceil(payloadBits / (512 * 8)) + 64 * 8;
/** Eq. 5's packed indices: ⌈log2 d⌉ bits an index. */
const indexBits = (d: number) => Math.ceil(Math.log2(d));

describe('CatTuner (CAT step 1 as a budget tuner)', () => {
  it('gives a budgeted compressor the T maximising α(T)/C(T) over every T, C of its own encoding (eqs. 5, 6, 8)', () => {
    const d = 2000;
    const g = heavy(d, 'tuner/1');
    const tuner = new CatTuner({ variant: 'sparsification', cost: PACKET });
    const topk = new TopK(d, tuner, { encoding: packed });
    const m = topk.compress(g);
    // packed indices and fp32 values: P(T) = T(⌈log2 d⌉ + 32) bits (eq. 5), 43 a coordinate at d = 2000
    const expected = bruteForce(g, 'sparsification', (t) => packetCost(t * (indexBits(d) + 32))).budget;
    expect(m.kind === 'sparse' && m.indices.length).toBe(expected);
    expect(tuner.last).toMatchObject({ iteration: 0, worker: 0, budget: expected, retuned: true });
    expect(tuner.name).toBe('cat-s(packet 4096b)');
  });

  it("falls back to the context's cost(k); refuses without a cost or payloadBits", () => {
    const g = heavy(500, 'tuner/2');
    const bits = (t: number) => 64 * t;
    const viaContext = new CatTuner({ variant: 'sparsification' }).budget(g, { iteration: 0, worker: 0, payloadBits: bits, cost: (t) => bits(t) + 432 });
    const viaOption = new CatTuner({ variant: 'sparsification', cost: AFFINE }).budget(g, { iteration: 0, worker: 0, payloadBits: bits });
    expect(viaContext).toBe(viaOption);
    const bare = new CatTuner({ variant: 'sparsification' });
    expect(() => bare.budget(g, { iteration: 0, worker: 0, payloadBits: bits })).toThrow(cmsg.noCost(bare.name));
    const priced = new CatTuner({ variant: 'sparsification', cost: AFFINE });
    expect(() => priced.budget(g, { iteration: 0, worker: 0 })).toThrow(cmsg.noPayloadBits(priced.name));
  });

  it('hybrid (Appendix H): searches every S iterations per worker and reuses T in between', () => {
    const d = 1000;
    const tuner = new CatTuner({ variant: 'sparsification-quantization', cost: PACKET, every: 3 });
    const bits = (t: number) => packed.bitsFor({ kind: 'sparse', dim: d, value: 'sign-scale' }, t);
    const log: string[] = [];
    const lastTuned = new Map<number, number>(); // worker → T of its last search
    for (let t = 0; t < 7; t++) {
      for (const worker of [0, 1]) {
        const g = heavy(d, `hybrid/${t}/${worker}`);
        const k = tuner.budget(g, { iteration: t, worker, payloadBits: bits });
        // sign and one fp32 scale: P(T) = 32 + T(⌈log2 d⌉ + 1) bits; β(T)/C(T) over every T (eq. 9)
        const fresh = bruteForce(g, 'sparsification-quantization', (x) => packetCost(32 + x * (indexBits(d) + 1))).budget;
        log.push(`${t}/${worker}:${tuner.last?.retuned ? 'tune' : 'reuse'}`);
        if (tuner.last?.retuned) {
          expect(k).toBe(fresh);
          lastTuned.set(worker, k);
        } else {
          expect(k).toBe(lastTuned.get(worker)); // this worker's own last search, not a fresh one
          expect(lastTuned.get(worker)).not.toBe(undefined);
        }
      }
    }
    expect(log.filter((l) => l.endsWith('tune')).map((l) => l.split(':')[0])).toEqual(['0/0', '0/1', '3/0', '3/1', '6/0', '6/1']);
    expect(tuner.name).toBe('cat-sq(packet 4096b, every 3)');
    expect(() => new CatTuner({ variant: 'stochastic', every: 0 })).toThrow(msg.notPositiveInteger('every (CAT hybrid re-tuning period)', 0));
    expect(() => new CatTuner({ variant: 'sparse' as 'stochastic' })).toThrow(cmsg.unknownVariant('sparse'));
  });

  it('keeps the decisions at curveIterations with the candidates of the search behind them (hybrid: the reused one)', () => {
    const d = 1000;
    const bits = (t: number) => packed.bitsFor({ kind: 'sparse', dim: d, value: 'fp32' }, t);
    const plain = new CatTuner({ variant: 'sparsification', cost: PACKET, every: 3 });
    const tuner = new CatTuner({ variant: 'sparsification', cost: PACKET, every: 3, curveIterations: [2, 4] });
    for (let t = 1; t <= 7; t++) {
      const g = heavy(d, `curves/${t}`);
      expect(tuner.budget(g, { iteration: t, worker: 0, payloadBits: bits })).toBe(plain.budget(g, { iteration: t, worker: 0, payloadBits: bits }));
      // The searches at 1 and 4 decide iterations 2 and 4 (and keep their candidates); the one at 7 decides neither.
      expect(tuner.last?.search.candidates !== undefined).toBe(t < 7);
    }
    expect(tuner.curves.map((c) => [c.iteration, c.searchedAt, c.retuned])).toEqual([
      [2, 1, false],
      [4, 4, true],
    ]);
    for (const c of tuner.curves) {
      const best = c.search.candidates!.reduce((a, b) => (b.efficiency > a.efficiency ? b : a));
      expect(best.budget).toBe(c.budget);
    }
    expect(plain.curves).toEqual([]);
    expect(() => new CatTuner({ variant: 'sparsification', curveIterations: [1.5] })).toThrow(cmsg.curveIterationInvalid(1.5));
  });
});
