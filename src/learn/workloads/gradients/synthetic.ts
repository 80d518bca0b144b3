import type { RandomStream } from '../../../sim/random.js';
import { mixInto, productInto, stepInto } from './kernels.js';
import { fillNormals, fillScales, MAGNITUDE_FAMILIES, type MagnitudeFamily } from './magnitudes.js';
import * as msg from './messages.js';
import { checkCall, layersDim, type GradientLayer, type GradientSource } from './source.js';

/**
 * Options of {@link SyntheticGradientSource}: plain fields with units and
 * defaults ({@link SYNTHETIC_GRADIENT_DEFAULTS}), for the scenario schema.
 */
export interface SyntheticGradientOptions {
  /**
   * Law of a coordinate's value within a layer (SIDCo's fits, see
   * `MagnitudeFamily`): `laplace`, `double-gamma` or `double-gpareto`.
   * Default `double-gamma`.
   */
  readonly family?: MagnitudeFamily;
  /** Shape α of `double-gamma`, in [0.05, 1] (1 is Laplace; smaller is heavier at 0 and sparser). Dimensionless. Default 0.4. */
  readonly gammaShape?: number;
  /** Shape ξ of `double-gpareto`, in (0, 1) (tail P(|g| > x) ~ x^(−1/ξ); ξ ≥ ½ has infinite variance). Dimensionless. Default 0.25. */
  readonly paretoShape?: number;
  /** Root mean square of a coordinate over the whole vector, in gradient units (E‖g‖² = d·rms²). > 0. Default 1e-3. */
  readonly rms?: number;
  /** Scale of the last layer over the first, before the per-layer spread (geometric in the layer's index; > 1: larger toward the output). > 0. Default 1. */
  readonly depthScaleRatio?: number;
  /** Standard deviation of the natural log of each layer's random scale factor (layer-to-layer irregularity). ≥ 0. Default 0.5. */
  readonly layerScaleSpread?: number;
  /** ρ: correlation of the shared component between consecutive iterations (AR(1) coefficient), in [0, 1]. A worker's own gradient has lag-1 correlation β·ρ. Default 0.9. */
  readonly temporalCorrelation?: number;
  /** β: correlation between two workers' gradients at the same iteration (the shared component's share of the variance), in [0, 1]. Default 0.3. */
  readonly workerCorrelation?: number;
  /** Entries of each pre-drawn table (noise and persistent scales), a power of two in [2^17, 2^28]; 4 bytes each. Default 2^22 (16 MiB per table). */
  readonly tableSize?: number;
}

/**
 * Every option of {@link SyntheticGradientOptions} at its default. Family and
 * shape are calibrated on Top-k's captured energy ‖C(g)‖²/‖g‖²: with these
 * defaults it lies inside the range measured on real MNIST gradients at
 * k = 0.1 %, 1 % and 10 % of d (test `synthetic-energy.test.ts`; numbers in
 * docs/gradients.md). β and ρ are plausible values, not fits.
 */
export const SYNTHETIC_GRADIENT_DEFAULTS: Readonly<Required<SyntheticGradientOptions>> = {
  family: 'double-gamma',
  gammaShape: 0.4,
  paretoShape: 0.25,
  rms: 1e-3,
  depthScaleRatio: 1,
  layerScaleSpread: 0.5,
  temporalCorrelation: 0.9,
  workerCorrelation: 0.3,
  tableSize: 1 << 22,
};

/** Coordinates per chunk: each chunk reads the tables at its own seeded offset. */
export const SYNTHETIC_CHUNK = 1 << 16;

/** Hash domains, so the three kinds of table reads never share an offset sequence. */
const SCALE_READ = 0x5ca1e;
const SHARED_READ = 0x54a4ed;
const WORKER_READ = 0x3042ce4;

/**
 * A seeded synthetic gradient source: heavy-tailed, layer by layer,
 * correlated in time and across workers, with memory O(d) whatever the
 * number of workers (no per-worker state) and a few loads per coordinate.
 *
 * ## Model
 * Coordinate j of layer ℓ(j), worker w, iteration t ≥ 1:
 *
 *     g_{w,t}[j] = σ_ℓ · a_j · ( √β · s_t[j] + √(1−β) · e_{w,t}[j] )
 *     s_1[j] = ε_1[j],   s_t[j] = ρ · s_{t−1}[j] + √(1−ρ²) · ε_t[j]
 *
 * with e_{w,t}[j], ε_t[j] ~ N(0, 1) independent over (w, t) and between the
 * two kinds, so s_t and the bracket are exactly N(0, 1) at every t:
 * - a_j: the coordinate's persistent scale, fixed for the whole run and shared
 *   by all workers, drawn so that a_j·Z follows `family` with unit scale
 *   exactly (see `drawScale`: √(2V) for Laplace, times Beta(α, 1−α) for
 *   double-gamma, over ξ·Gamma(1/ξ) for double-GP). Within a layer,
 *   g/σ_ℓ therefore follows the family exactly, at every (w, t), for every
 *   β and ρ; some coordinates are large at every iteration, as in real
 *   gradients, so Top-k sets persist between iterations and overlap between
 *   workers.
 * - s_t: the shared component (the "full-batch" part, common to all
 *   workers), an AR(1) in t with coefficient ρ, held in one float32 vector of
 *   d (√β·σ_ℓ·a_j·s_t[j]) that is stepped once when a call asks for a new
 *   iteration.
 * - e_{w,t}: the worker's own part (the mini-batch noise), fresh at every
 *   iteration, like a new mini-batch.
 * - σ_ℓ = c · r^(ℓ/(L−1)) · exp(τ·N_ℓ): per-layer scale, ℓ = 0…L−1 the layer's
 *   index in forward order, r = `depthScaleRatio`, τ = `layerScaleSpread`,
 *   N_ℓ ~ N(0, 1) drawn once; c makes Σ_j σ_ℓ² a_j² = d·rms² for the drawn
 *   a_j, so E‖g‖² = d·rms² exactly (expectation over the Gaussian parts).
 *
 * Correlations (uncentred, over coordinates, i.e. the expected cosine): two
 * workers at the same t: β; one worker at t and t+1: β·ρ; at lags k: β·ρ^k;
 * the shared component alone (β = 1): ρ^k.
 *
 * ## Where the numbers come from (speed and memory)
 * In the spirit of OpenAI-ES's shared noise table (Salimans et al. 2017), N(0, 1)
 * draws and scales a_j are drawn once into two tables of `tableSize`
 * entries. The vector is cut into chunks of {@link SYNTHETIC_CHUNK}
 * coordinates; chunk c reads a contiguous run of the noise table at an offset
 * hashed from (key, w, t, c) for e, (key, t, c) for ε, and of the scale
 * table at an offset hashed from (key, c) for a_j. Every draw is an exact
 * sample of its law; table entries are reused across chunks at random
 * shifts, so distinct coordinates may share a value but, unless two offsets
 * coincide exactly (probability ≈ 1/tableSize per pair of chunks), not
 * across workers or iterations at the same coordinate. Memory: 2 tables +
 * one float32 vector of d (none when β = 0), independent of the workers.
 *
 * Seeding: `stream` gives, in order, the 32-bit hash key, the L layer normals
 * N_ℓ, the noise table, the scale table. Then everything is a function of
 * (stream key, worker, iteration) only, whatever the order of calls; asking
 * for an earlier iteration than the last one replays s from t = 1 (cost
 * O(t·d)), so iterations should be asked in non-decreasing order.
 *
 * Stationary: the a_j and σ_ℓ do not drift, so the model fits a phase of
 * training, not the whole of it (record gradients for that: `recorded.ts`).
 */
export class SyntheticGradientSource implements GradientSource {
  readonly dim: number;
  readonly bytes: number;
  /** Options as resolved (defaults filled in). */
  readonly options: Readonly<Required<SyntheticGradientOptions>>;
  /** σ_ℓ of each layer in forward order (after normalisation to `rms`). */
  readonly layerScales: readonly number[];

  private readonly noise: Float32Array;
  private readonly scales: Float32Array;
  /** √β·σ_ℓ·a_j·s_t[j] for t = `sharedAt`; undefined when β = 0. */
  private readonly shared: Float32Array | undefined;
  private sharedAt = 0;
  private readonly key: number;
  /** Offsets drawn are in [0, range): a chunk's run stays inside a table. */
  private readonly range: number;
  // Segments: maximal runs of coordinates in one chunk and one layer; a sentinel start = d ends the list.
  private readonly segStart: Int32Array;
  private readonly segChunk: Int32Array;
  private readonly segSigma: Float64Array;
  /** Scale-table index of each segment's first coordinate. */
  private readonly segScaleAt: Int32Array;

  /**
   * @param layers forward order; Σ size = d ≥ 1
   * @param stream this source's own named stream (e.g. `gradients/synthetic`)
   * @param options see {@link SyntheticGradientOptions}
   */
  constructor(layers: readonly GradientLayer[], stream: RandomStream, options: SyntheticGradientOptions = {}) {
    const o = resolveOptions(options);
    this.options = o;
    this.dim = layersDim(layers);
    this.key = stream.int(2 ** 32);
    const L = layers.length;
    const raw = layers.map((_, l) => o.depthScaleRatio ** (L > 1 ? l / (L - 1) : 0) * Math.exp(o.layerScaleSpread * stream.normal()));
    this.noise = new Float32Array(o.tableSize);
    this.scales = new Float32Array(o.tableSize);
    fillNormals(this.noise, stream);
    fillScales(this.scales, o.family, o.family === 'double-gpareto' ? o.paretoShape : o.gammaShape, stream);
    this.range = o.tableSize - SYNTHETIC_CHUNK + 1;

    const starts: number[] = [];
    const chunks: number[] = [];
    const layerOf: number[] = [];
    let at = 0;
    layers.forEach((layer, l) => {
      const end = at + layer.size;
      while (at < end) {
        const c = Math.floor(at / SYNTHETIC_CHUNK);
        starts.push(at);
        chunks.push(c);
        layerOf.push(l);
        at = Math.min(end, (c + 1) * SYNTHETIC_CHUNK);
      }
    });
    const n = starts.length;
    this.segStart = Int32Array.from([...starts, this.dim]);
    this.segChunk = Int32Array.from(chunks);
    this.segScaleAt = Int32Array.from(starts, (s, i) => this.hash(SCALE_READ, 0, 0, chunks[i] as number) + s - (chunks[i] as number) * SYNTHETIC_CHUNK);

    // c such that Σ_j σ_ℓ² a_j² = d·rms² for the a_j actually read.
    const perLayer = new Float64Array(L);
    for (let s = 0; s < n; s++) {
      const base = this.segScaleAt[s] as number;
      const len = (this.segStart[s + 1] as number) - (this.segStart[s] as number);
      let sum = 0;
      for (let i = 0; i < len; i++) sum += (this.scales[base + i] as number) ** 2;
      const l = layerOf[s] as number;
      perLayer[l] = (perLayer[l] as number) + sum;
    }
    let total = 0;
    raw.forEach((r, l) => (total += r * r * (perLayer[l] as number)));
    const c = o.rms * Math.sqrt(this.dim / total);
    this.layerScales = raw.map((r) => c * r);
    this.segSigma = Float64Array.from(layerOf, (l) => this.layerScales[l] as number);

    this.shared = o.workerCorrelation > 0 ? new Float32Array(this.dim) : undefined;
    this.bytes = 4 * 2 * o.tableSize + (this.shared ? 4 * this.dim : 0) + (4 + 4 + 8 + 4) * (n + 1);
  }

  next(iteration: number, worker: number, out: Float32Array, offset?: number): void {
    const at = checkCall(this.dim, iteration, worker, out, offset);
    this.advance(iteration);
    const end = at + out.length;
    const idio = Math.sqrt(1 - this.options.workerCorrelation);
    const { noise, scales, shared, segStart } = this;
    for (let s = this.segmentOf(at); (segStart[s] as number) < end; s++) {
      const start = segStart[s] as number;
      const lo = Math.max(start, at);
      const hi = Math.min(segStart[s + 1] as number, end);
      const c = this.segChunk[s] as number;
      const z = this.hash(WORKER_READ, worker, iteration, c) + lo - c * SYNTHETIC_CHUNK;
      const a = (this.segScaleAt[s] as number) + lo - start;
      const k = idio * (this.segSigma[s] as number);
      const len = hi - lo;
      const dst = out.subarray(lo - at, hi - at);
      if (shared === undefined) productInto(dst, scales.subarray(a, a + len), noise.subarray(z, z + len), k);
      else if (k === 0) dst.set(shared.subarray(lo, hi));
      else mixInto(dst, shared.subarray(lo, hi), scales.subarray(a, a + len), noise.subarray(z, z + len), k);
    }
  }

  /** Bring the shared component to iteration t (replaying from 1 if t is earlier). */
  private advance(t: number): void {
    const shared = this.shared;
    if (shared === undefined || t === this.sharedAt) return;
    if (t < this.sharedAt) this.sharedAt = 0;
    const rho = this.options.temporalCorrelation;
    const root = Math.sqrt(this.options.workerCorrelation);
    const { noise, scales, segStart } = this;
    for (let tau = this.sharedAt + 1; tau <= t; tau++) {
      const fresh = tau === 1 ? root : root * Math.sqrt(1 - rho * rho);
      for (let s = 0; s < this.segChunk.length; s++) {
        const start = segStart[s] as number;
        const len = (segStart[s + 1] as number) - start;
        const c = this.segChunk[s] as number;
        const z = this.hash(SHARED_READ, 0, tau, c) + start - c * SYNTHETIC_CHUNK;
        const a = this.segScaleAt[s] as number;
        const k = fresh * (this.segSigma[s] as number);
        const dst = shared.subarray(start, start + len);
        if (tau === 1) productInto(dst, scales.subarray(a, a + len), noise.subarray(z, z + len), k);
        else stepInto(dst, rho, scales.subarray(a, a + len), noise.subarray(z, z + len), k);
      }
    }
    this.sharedAt = t;
  }

  /** Index of the segment holding coordinate `at` (binary search over starts). */
  private segmentOf(at: number): number {
    let lo = 0;
    let hi = this.segChunk.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.segStart[mid] as number) <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Table offset in [0, range) for one chunk's read, a hash of (key, domain, a, b, chunk). */
  private hash(domain: number, a: number, b: number, chunk: number): number {
    let h = mix32(this.key ^ domain);
    h = mix32(h ^ a);
    h = mix32(h ^ b);
    h = mix32(h ^ chunk);
    return h % this.range;
  }
}

/**
 * A 32-bit integer hash with full avalanche (Wellons' "lowbias32",
 * https://nullprogram.com/blog/2018/07/31/), as an unsigned number.
 */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Defaults filled in, every field checked (the error names the option, its range and the value). */
export function resolveOptions(options: SyntheticGradientOptions): Readonly<Required<SyntheticGradientOptions>> {
  const o = { ...SYNTHETIC_GRADIENT_DEFAULTS, ...definedFields(options) };
  const check = (ok: boolean, name: keyof SyntheticGradientOptions, expected: string) => {
    if (!ok) throw new RangeError(msg.optionOutOfRange(name, o[name], expected));
  };
  check(MAGNITUDE_FAMILIES.includes(o.family), 'family', `one of ${MAGNITUDE_FAMILIES.join(', ')}`);
  check(o.gammaShape >= 0.05 && o.gammaShape <= 1, 'gammaShape', 'in [0.05, 1]');
  check(o.paretoShape > 0 && o.paretoShape < 1, 'paretoShape', 'in (0, 1)');
  check(o.rms > 0 && Number.isFinite(o.rms), 'rms', 'a finite number > 0');
  check(o.depthScaleRatio > 0 && Number.isFinite(o.depthScaleRatio), 'depthScaleRatio', 'a finite number > 0');
  check(o.layerScaleSpread >= 0 && Number.isFinite(o.layerScaleSpread), 'layerScaleSpread', 'a finite number ≥ 0');
  check(o.temporalCorrelation >= 0 && o.temporalCorrelation <= 1, 'temporalCorrelation', 'in [0, 1]');
  check(o.workerCorrelation >= 0 && o.workerCorrelation <= 1, 'workerCorrelation', 'in [0, 1]');
  const t = o.tableSize;
  check(Number.isInteger(t) && t >= 2 ** 17 && t <= 2 ** 28 && (t & (t - 1)) === 0, 'tableSize', 'a power of two in [2^17, 2^28]');
  return Object.freeze(o);
}

/** The fields of `o` that are not undefined (so an explicit undefined keeps the default). */
function definedFields<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
