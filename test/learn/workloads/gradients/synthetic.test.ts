import { describe, expect, it } from 'vitest';
import { SYNTHETIC_CHUNK, SYNTHETIC_GRADIENT_DEFAULTS, SyntheticGradientSource, type SyntheticGradientOptions } from '../../../../src/learn/workloads/gradients/synthetic.js';
import * as msg from '../../../../src/learn/workloads/gradients/messages.js';
import type { GradientLayer } from '../../../../src/learn/workloads/gradients/source.js';
import { RandomStreams } from '../../../../src/sim/random.js';

/** Smaller tables than the default keep each construction well under a second. */
const TABLE = 1 << 20;
const layers: GradientLayer[] = [
  { name: 'conv1', size: 9_408 },
  { name: 'pool', size: 0 },
  { name: 'block1', size: 150_000 },
  { name: 'block2', size: 70_001 },
  { name: 'fc', size: 2_049_000 },
];
const dim = layers.reduce((n, l) => n + l.size, 0);

function source(options: SyntheticGradientOptions = {}, seed = 1, ls: GradientLayer[] = layers): SyntheticGradientSource {
  return new SyntheticGradientSource(ls, new RandomStreams(seed, 0).stream('gradients/synthetic'), { tableSize: TABLE, ...options });
}

function draw(s: SyntheticGradientSource, t: number, w: number): Float32Array {
  const out = new Float32Array(s.dim);
  s.next(t, w, out);
  return out;
}

/** Whether two vectors are bit for bit equal (vitest's deep equality is slow on millions of elements). */
function same(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** Uncentred correlation ⟨a, b⟩ / (‖a‖‖b‖), in float64. */
function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] as number) * (b[i] as number);
    aa += (a[i] as number) ** 2;
    bb += (b[i] as number) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('SyntheticGradientSource: determinism and calls', () => {
  const s = source();

  it('gives the same vector for the same seed, worker and iteration, and different ones otherwise', () => {
    const twin = source();
    const g = draw(s, 3, 5);
    expect(same(draw(twin, 3, 5), g)).toBe(true);
    expect(g.some((v) => v !== 0)).toBe(true);
    for (const other of [draw(s, 3, 6), draw(s, 4, 5), draw(source({}, 2), 3, 5)]) {
      expect(same(other, g)).toBe(false);
      expect(Math.abs(cosine(other, g))).toBeLessThan(0.5);
    }
  });

  it('does not depend on the order of calls: skipping iterations and going back replay the same vectors', () => {
    const direct = draw(source(), 4, 2);
    const walked = source();
    for (let t = 1; t <= 6; t++) draw(walked, t, 0);
    expect(same(draw(walked, 4, 2), direct)).toBe(true); // back from 6 to 4
    expect(same(draw(walked, 6, 0), draw(source(), 6, 0))).toBe(true);
  });

  it('writes a slice equal to the same coordinates of the whole vector (across chunk and layer bounds)', () => {
    const whole = draw(s, 2, 1);
    const cuts = [0, 5, 9_408, 9_409, SYNTHETIC_CHUNK - 3, SYNTHETIC_CHUNK + 2, 159_408, 3 * SYNTHETIC_CHUNK, dim - 1, dim];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const from = cuts[i] as number;
      const slice = new Float32Array((cuts[i + 1] as number) - from);
      s.next(2, 1, slice, from);
      expect(same(slice, whole.subarray(from, from + slice.length)), `[${from}, ${from + slice.length})`).toBe(true);
    }
  });

  it('overwrites whatever the buffer held, NaN included, for every β', () => {
    for (const workerCorrelation of [0, 0.3, 1]) {
      const t = source({ workerCorrelation });
      const out = new Float32Array(dim).fill(Number.NaN);
      t.next(1, 0, out);
      expect(out.every(Number.isFinite)).toBe(true);
      expect(same(out, draw(t, 1, 0))).toBe(true);
    }
  });

  it('rejects bad iterations, workers and buffers, naming the value', () => {
    const out = new Float32Array(dim);
    expect(() => s.next(0, 0, out)).toThrow(msg.badIteration(0));
    expect(() => s.next(1.5, 0, out)).toThrow(msg.badIteration(1.5));
    expect(() => s.next(1, -1, out)).toThrow(msg.badWorker(-1));
    expect(() => s.next(1, 0, new Float32Array(3))).toThrow(msg.badSlice(0, 3, dim));
    expect(() => s.next(1, 0, new Float32Array(3), dim - 2)).toThrow(msg.badSlice(dim - 2, 3, dim));
  });

  it('rejects options out of range and empty profiles', () => {
    expect(() => source({ workerCorrelation: 1.5 })).toThrow(msg.optionOutOfRange('workerCorrelation', 1.5, 'in [0, 1]'));
    expect(() => source({ tableSize: 3_000_000 })).toThrow(msg.optionOutOfRange('tableSize', 3_000_000, 'a power of two in [2^17, 2^28]'));
    expect(() => source({ family: 'cauchy' as never })).toThrow(msg.optionOutOfRange('family', 'cauchy', 'one of laplace, double-gamma, double-gpareto'));
    expect(() => source({}, 1, [{ name: 'x', size: 0 }])).toThrow(msg.noParameters(1));
    expect(() => source({}, 1, [{ name: 'x', size: 2.5 }])).toThrow(msg.badLayerSize('x', 2.5));
  });

  it('fills the defaults in and holds O(d) bytes whatever the number of workers', () => {
    expect(source({ tableSize: undefined }).options).toEqual(SYNTHETIC_GRADIENT_DEFAULTS);
    expect(s.bytes).toBeGreaterThan(4 * (2 * TABLE + dim));
    expect(s.bytes).toBeLessThan(4 * (2 * TABLE + dim) + 10_000);
    expect(source({ workerCorrelation: 0 }).bytes).toBeLessThan(4 * (2 * TABLE) + 10_000); // no shared state at β = 0
  });
});

describe('SyntheticGradientSource: the statistics it promises', () => {
  const one: GradientLayer[] = [{ name: 'w', size: 1 << 20 }];

  it('has mean square rms², layer scales in the ratio asked, and per-layer RMS σ_ℓ·√E[a²]', () => {
    const s = source({ rms: 0.02, layerScaleSpread: 0, depthScaleRatio: 8 });
    const g = draw(s, 1, 0);
    const ms = g.reduce((acc, v) => acc + v * v, 0) / g.length;
    expect(Math.sqrt(ms) / 0.02).toBeCloseTo(1, 1);
    const sc = s.layerScales;
    expect((sc[4] as number) / (sc[0] as number)).toBeCloseTo(8, 6);
    expect((sc[2] as number) / (sc[0] as number)).toBeCloseTo(8 ** 0.5, 6);
  });

  it('correlates two workers by β and one worker across iterations by β·ρ^lag', () => {
    for (const [beta, rho] of [
      [SYNTHETIC_GRADIENT_DEFAULTS.workerCorrelation, SYNTHETIC_GRADIENT_DEFAULTS.temporalCorrelation],
      [0.6, 0.5],
      [1, 0.8],
    ] as const) {
      const s = source({ workerCorrelation: beta, temporalCorrelation: rho }, 7, one);
      const g = [1, 2, 3, 4].map((t) => draw(s, t, 0));
      const across = [1, 2, 3, 4].map((t) => cosine(draw(s, t, 1), g[t - 1] as Float32Array));
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(mean(across), `β=${beta} across workers`).toBeCloseTo(beta, 1);
      expect(Math.abs(mean(across) - beta)).toBeLessThan(0.02);
      const lag1 = mean([0, 1, 2].map((t) => cosine(g[t] as Float32Array, g[t + 1] as Float32Array)));
      expect(Math.abs(lag1 - beta * rho), `β=${beta}, ρ=${rho}: lag 1 ${lag1}`).toBeLessThan(0.02);
      const lag3 = cosine(g[0] as Float32Array, g[3] as Float32Array);
      expect(Math.abs(lag3 - beta * rho ** 3), `lag 3 ${lag3}`).toBeLessThan(0.02);
    }
  });

  it('follows the chosen family within a layer: quantile ratios and kurtosis of |g|', () => {
    // Closed forms for unit scale: Laplace |g| ~ Exp(1), quantile ln(1/(1−p));
    // GP(ξ): ((1−p)^(−ξ) − 1)/ξ; kurtosis E g⁴/(E g²)²: 6 (Laplace),
    // (α+2)(α+3)/(α(α+1)) (double-gamma). Not for the GP: its sample
    // kurtosis needs E g⁸ < ∞ (ξ < 1/8) and still swings by half between seeds.
    const ratio = (q: (p: number) => number) => q(0.999) / q(0.9);
    const cases: Array<[SyntheticGradientOptions, number | undefined, number | undefined]> = [
      [{ family: 'laplace' }, ratio((p) => -Math.log(1 - p)), 6],
      [{ family: 'double-gamma', gammaShape: 0.4 }, undefined, (2.4 * 3.4) / (0.4 * 1.4)],
      [{ family: 'double-gamma', gammaShape: 1 }, ratio((p) => -Math.log(1 - p)), 6],
      [{ family: 'double-gpareto', paretoShape: 0.25 }, ratio((p) => ((1 - p) ** -0.25 - 1) / 0.25), undefined],
      [{ family: 'double-gpareto', paretoShape: 0.1 }, ratio((p) => ((1 - p) ** -0.1 - 1) / 0.1), undefined],
    ];
    for (const [options, quantileRatio, kurtosis] of cases) {
      const g = draw(source(options, 3, one), 2, 0);
      const label = JSON.stringify(options);
      if (quantileRatio !== undefined) {
        const abs = Float64Array.from(g, Math.abs).sort();
        const q = (p: number) => abs[Math.floor(p * abs.length)] as number;
        expect(q(0.999) / q(0.9) / quantileRatio, label).toBeCloseTo(1, 1);
      }
      if (kurtosis !== undefined) {
        let m2 = 0;
        let m4 = 0;
        for (const v of g) {
          m2 += v * v;
          m4 += v ** 4;
        }
        expect((m4 * g.length) / (m2 * m2) / kurtosis, label).toBeCloseTo(1, 1);
      }
    }
  });
});
