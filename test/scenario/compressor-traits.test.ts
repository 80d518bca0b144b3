import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/sim/index.js';
import { LINK_PRESETS } from '../../src/net/presets/index.js';
import { makeCompressor } from '../../src/run/build-scheme.js';
import { SchemeSchema } from '../../src/scenario/schema-scheme.js';
import { COMPRESSOR_TRAITS, kindsWith, type CompressorKind } from '../../src/scenario/compressor-traits.js';
import { compositionProblems } from '../../src/scenario/compose.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { CompressedMessage } from '../../src/learn/compress/message.js';
import { toDense } from '../../src/learn/compress/accumulate.js';
import { aggregateObserverOf } from '../../src/learn/compress/regtopk.js';
import { seededRandom } from './seeded.js';

const d = 1000;
const k = 50;
/** A configuration of each kind, budgeted where it takes a budget (the schema's defaults otherwise). */
const CONFIGS: Record<CompressorKind, Record<string, unknown>> = {
  identity: { kind: 'identity' },
  topk: { kind: 'topk', k },
  randk: { kind: 'randk', k },
  'topk-sign': { kind: 'topk-sign', k },
  stochastic: { kind: 'stochastic', k },
  qsgd: { kind: 'qsgd' },
  // a per-packet cost: T grows with an even gradient (625 of 1000 coordinates here), shrinks with a spiky one
  cat: { kind: 'cat', cost: { kind: 'packet', c1: 1, c0: 10, pMaxBits: 8000 } },
  alistarh: { kind: 'alistarh' },
  regtopk: { kind: 'regtopk', k },
};
const kinds = Object.keys(CONFIGS) as CompressorKind[];

function directionOf(kind: CompressorKind, budget: Record<string, unknown> = { kind: 'fixed' }) {
  return SchemeSchema.parse({ name: 's', uplink: { compressor: CONFIGS[kind], budget } }).uplink;
}

/** The real compressor of a kind, as a run builds it (raw 32-bit indices, fp32 values). */
function build(kind: CompressorKind, budget?: Record<string, unknown>) {
  const context = { weight: 1, model: { name: 'm', smoothness: () => 1 }, link: LINK_PRESETS['ethernet-1g-udp']!, iterations: 10 };
  return makeCompressor(directionOf(kind, budget), d, 's', 'worker/0', new RandomStreams(1, 0), context);
}

const random = seededRandom(7);
/** A gradient of even magnitudes, and one whose mass sits in a few coordinates. */
const flat = Float32Array.from({ length: d }, () => random() - 0.5);
const spiky = Float32Array.from({ length: d }, (_, i) => (i % 97 === 0 ? 100 : 1e-3) * (random() - 0.5));
const bytes = (m: CompressedMessage) => m.bits / 8;
const kept = (m: CompressedMessage) => (m.kind === 'sparse' ? m.indices.length : d);

describe('compressor traits, checked against the real compressors', () => {
  it('declares every kind the schema accepts', () => {
    expect(Object.keys(COMPRESSOR_TRAITS).sort()).toEqual([...kinds].sort());
  });

  it.each(kinds)('oneSize: %s sends equal sizes for different gradients exactly when declared', (kind) => {
    const sizes = [flat, spiky, flat.map((x) => x * 3)].map((g, t) => bytes(build(kind).compress(g, { iteration: t + 1, worker: 0 })));
    if (COMPRESSOR_TRAITS[kind].oneSize) expect(new Set(sizes).size).toBe(1);
    else expect(new Set(sizes).size).toBeGreaterThan(1);
  });

  it.each(kinds)('payload: %s stays within its declared bound (dense 4d, sparse 8 B per kept coordinate)', (kind) => {
    for (const g of [flat, spiky]) {
      const m = build(kind).compress(g, { iteration: 1, worker: 0 });
      if (COMPRESSOR_TRAITS[kind].payload === 'dense') {
        // QSGD's norm is 4 B on top of its sub-4-byte coordinates
        expect(bytes(m)).toBeLessThanOrEqual(4 * d + 4);
        expect(bytes(m)).toBeGreaterThan(0);
      } else {
        expect(m.kind).toBe('sparse');
        expect(bytes(m)).toBeLessThanOrEqual(8 * kept(m) + 4);
        expect(kept(m)).toBeLessThanOrEqual(d);
      }
    }
  });

  it.each(kindsWith('adaptopk'))('adaptopk: AdapTop-K schedules the k of %s (budgets vary, Σ k_t = kT)', (kind) => {
    const c = build(kind, { kind: 'adaptopk', gamma: 0.5, turningPoint: 5 });
    const counts = Array.from({ length: 10 }, (_, t) => {
      const m = c.compress(flat, { iteration: t + 1, worker: 0 });
      // RegTop-k regularises by the previous aggregate: a lone worker's is its own message
      aggregateObserverOf(c)?.observeAggregate(toDense(m));
      return kept(m);
    });
    expect(counts.reduce((a, b) => a + b, 0)).toBe(k * 10);
    expect(new Set(counts).size).toBeGreaterThan(1);
  });

  it('adaptopk and foldsStep: the composition check follows the table', () => {
    const base = loadScenario('scenarios/default.yaml');
    for (const kind of kinds) {
      const scheme = { ...base.schemes[0]!, kind: 'parameter-server' as const, downlink: undefined, uplink: directionOf(kind, { kind: 'adaptopk', gamma: 0.5, turningPoint: 5 }) };
      const problems = compositionProblems({ ...base, training: { ...base.training, learningRate: 0.1 }, schemes: [scheme] });
      expect(
        problems.some((p) => p.given === `adaptopk with "${kind}"`),
        kind,
      ).toBe(!COMPRESSOR_TRAITS[kind].adaptopk);
      expect(
        problems.some((p) => p.path === 'training.learningRate' && p.expected.includes('one-over-l')),
        kind,
      ).toBe(COMPRESSOR_TRAITS[kind].foldsStep);
    }
    expect(kindsWith('adaptopk')).toEqual(['topk', 'randk', 'topk-sign', 'regtopk']);
    expect(kindsWith('foldsStep')).toEqual(['cat', 'alistarh']);
  });
});
