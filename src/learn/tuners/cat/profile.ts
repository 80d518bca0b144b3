/**
 * The sorted-magnitude profile of a vector, known only as far as a search
 * needs it: CAT's measures α(T), β(T), ω(T) (and Alistarh's rule) depend on g
 * only through the magnitudes sorted in decreasing order, a₍₁₎ ≥ … ≥ a₍d₎, and
 * their prefix sums S1(T) = Σ_{j≤T} a₍ⱼ₎, S2(T) = Σ_{j≤T} a₍ⱼ₎². Sorting all d
 * of them is what CAT's authors did (Appendix H: the sort dominated their
 * iteration time); here a profile is a list of *segments* of consecutive
 * ranks, each either
 * - **aggregate**: count, exact Σa and Σa², and bounds lo ≤ a ≤ hi on its
 *   magnitudes (one pass accumulates these), or
 * - **resolved**: its magnitudes, sorted (only segments near the optimum).
 *
 * Magnitudes are compared as integer keys: the bit pattern of |x| for a
 * float32 x (sign bit cleared) orders exactly as |x| does (IEEE-754), so a
 * segment is a key range [keyLo, keyHi), disjoint from the others.
 */

import { SAMPLE_RUN, goldenRunKeys } from '../../compress/select.js';

/** Key one past the largest finite float32 magnitude (+∞'s bit pattern). */
export const KEY_END = 0x7f800000;

const F32 = new Float32Array(1);
const I32 = new Int32Array(F32.buffer);

/** The float32 magnitude whose bit pattern is `key` (0 ≤ key ≤ KEY_END). */
export function magnitudeOf(key: number): number {
  I32[0] = key;
  return F32[0] as number;
}

/** The key of a non-negative magnitude, rounded to float32 first (ties of fround go to even). */
export function keyOf(magnitude: number): number {
  F32[0] = magnitude;
  return (I32[0] as number) & 0x7fffffff;
}

/** Consecutive ranks of the decreasingly sorted magnitudes, all with keys in [keyLo, keyHi). */
export interface Segment {
  /** Coordinates in the segment. */
  readonly count: number;
  /** Σ a over the segment (float64). */
  readonly s1: number;
  /** Σ a² over the segment (float64). */
  readonly s2: number;
  /** Every magnitude in the segment is ≥ lo … */
  readonly lo: number;
  /** … and ≤ hi. */
  readonly hi: number;
  /** Smallest key of the segment's range. */
  readonly keyLo: number;
  /** One past the largest key of the segment's range. */
  readonly keyHi: number;
  /** Resolved segments: the magnitudes in decreasing order; `undefined` for an aggregate. */
  readonly sorted: Float64Array | undefined;
}

/** What one or more passes over g established. */
export interface MagnitudeProfile {
  /** d */
  readonly dim: number;
  /** ‖g‖₂² (float64 sum). */
  readonly q2: number;
  /** ‖g‖₁ (float64 sum). */
  readonly l1: number;
  /** Segments in decreasing magnitude order, covering all d coordinates (zeros included, in the last). */
  readonly segments: readonly Segment[];
  /** Full passes over g so far. */
  readonly passes: number;
  /** Magnitudes sorted so far (the resolved segments' sizes). */
  readonly sortedElements: number;
}

function keysOf(g: Float32Array): Int32Array {
  return new Int32Array(g.buffer, g.byteOffset, g.length);
}

/** A resolved segment from keys (any order); `keys` is sorted in place. */
function resolved(keys: Int32Array, keyLo: number, keyHi: number): Segment {
  keys.sort();
  const n = keys.length;
  const sorted = new Float64Array(n);
  let s1 = 0;
  let s2 = 0;
  for (let j = 0; j < n; j++) {
    const a = magnitudeOf(keys[n - 1 - j] as number);
    sorted[j] = a;
    s1 += a;
    s2 += a * a;
  }
  const lo = n > 0 ? (sorted[n - 1] as number) : magnitudeOf(keyLo);
  const hi = n > 0 ? (sorted[0] as number) : magnitudeOf(Math.max(keyLo, keyHi - 1));
  return { count: n, s1, s2, lo, hi, keyLo, keyHi, sorted };
}

/** Accumulates the rare coordinates at or above the window's lower key (the slow path of {@link windowPass}). */
class WindowCollector {
  q2 = 0;
  l1 = 0;
  count = 0;
  keys = new Int32Array(1024);
  aboveN = 0;
  above1 = 0;
  above2 = 0;
  aboveMax = 0;

  constructor(
    readonly keyLo: number,
    readonly keyHi: number,
  ) {}

  take(key: number, a: number): void {
    if (key < this.keyLo) return;
    if (key >= this.keyHi) {
      this.aboveN++;
      this.above1 += a;
      this.above2 += a * a;
      if (key > this.aboveMax) this.aboveMax = key;
      return;
    }
    if (this.count === this.keys.length) {
      const grown = new Int32Array(2 * this.count);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[this.count++] = key;
  }
}

/**
 * The hot loop of {@link windowPass}, kept apart so that its optimised code
 * never depends on the post-processing (which would otherwise deoptimise it).
 * Four coordinates per step, two accumulators per sum, and one integer test
 * for "any of the four at or above keyLo".
 */
function scanWindow(g: Float32Array, bits: Int32Array, c: WindowCollector): void {
  const d = g.length;
  const lim = c.keyLo - 1; // (lim − key) < 0 ⇔ key ≥ keyLo; keys are < 2^31, so no overflow
  let q2a = 0;
  let q2b = 0;
  let l1a = 0;
  let l1b = 0;
  const end4 = d & ~3;
  let i = 0;
  for (; i < end4; i += 4) {
    const k0 = (bits[i] as number) & 0x7fffffff;
    const k1 = (bits[i + 1] as number) & 0x7fffffff;
    const k2 = (bits[i + 2] as number) & 0x7fffffff;
    const k3 = (bits[i + 3] as number) & 0x7fffffff;
    const a0 = Math.abs(g[i] as number);
    const a1 = Math.abs(g[i + 1] as number);
    const a2 = Math.abs(g[i + 2] as number);
    const a3 = Math.abs(g[i + 3] as number);
    q2a += a0 * a0 + a1 * a1;
    q2b += a2 * a2 + a3 * a3;
    l1a += a0 + a1;
    l1b += a2 + a3;
    if (((lim - k0) | (lim - k1) | (lim - k2) | (lim - k3)) < 0) {
      c.take(k0, a0);
      c.take(k1, a1);
      c.take(k2, a2);
      c.take(k3, a3);
    }
  }
  for (; i < d; i++) {
    const a = Math.abs(g[i] as number);
    q2a += a * a;
    l1a += a;
    c.take((bits[i] as number) & 0x7fffffff, a);
  }
  c.q2 = q2a + q2b;
  c.l1 = l1a + l1b;
}

/**
 * One pass: ‖g‖², ‖g‖₁, and the magnitudes with keys in [keyLo, keyHi)
 * collected and sorted (a resolved segment); those above keyHi aggregated
 * (count, sums, exact maximum), those below keyLo aggregated by difference.
 * Four coordinates per step, two accumulators per sum, and one integer test
 * for "any of the four at or above keyLo" (rare when the window is near the
 * top), so the pass runs close to the speed of Σ|g_i| (see {@link scanWindow}).
 */
export function windowPass(g: Float32Array, keyLo: number, keyHi: number): MagnitudeProfile {
  const d = g.length;
  const c = new WindowCollector(keyLo, keyHi);
  scanWindow(g, keysOf(g), c);
  const { q2, l1 } = c;
  const segments: Segment[] = [];
  if (c.aboveN > 0) {
    segments.push({ count: c.aboveN, s1: c.above1, s2: c.above2, lo: magnitudeOf(keyHi), hi: magnitudeOf(c.aboveMax), keyLo: keyHi, keyHi: KEY_END, sorted: undefined });
  }
  const n = c.count;
  const window = resolved(c.keys.subarray(0, n), keyLo, keyHi);
  if (window.count > 0) segments.push(window);
  const belowN = d - c.aboveN - n;
  if (belowN > 0) {
    segments.push({
      count: belowN,
      s1: Math.max(0, l1 - c.above1 - window.s1),
      s2: Math.max(0, q2 - c.above2 - window.s2),
      lo: 0,
      hi: magnitudeOf(keyLo - 1),
      keyLo: 0,
      keyHi: keyLo,
      sorted: undefined,
    });
  }
  return { dim: d, q2, l1, segments, passes: 1, sortedElements: n };
}

/** Histogram resolution: keys >>> 17 keep the exponent and 6 mantissa bits (buckets 1/64 wide, relatively). */
const HIST_SHIFT = 17;
const HIST_BUCKETS = KEY_END >>> HIST_SHIFT;

/**
 * One pass: a histogram of the magnitudes over 2^14 buckets (exponent and 6
 * mantissa bits, so a bucket spans a factor ≤ 1 + 1/64), with count, Σa and
 * Σa² per bucket. Every non-empty bucket becomes an aggregate segment.
 */
export function histogramPass(g: Float32Array): MagnitudeProfile {
  const d = g.length;
  const bits = keysOf(g);
  const count = new Float64Array(HIST_BUCKETS);
  const sum1 = new Float64Array(HIST_BUCKETS);
  const sum2 = new Float64Array(HIST_BUCKETS);
  for (let i = 0; i < d; i++) {
    const b = ((bits[i] as number) & 0x7fffffff) >>> HIST_SHIFT;
    const a = Math.abs(g[i] as number);
    count[b] = (count[b] as number) + 1;
    sum1[b] = (sum1[b] as number) + a;
    sum2[b] = (sum2[b] as number) + a * a;
  }
  const segments: Segment[] = [];
  let q2 = 0;
  let l1 = 0;
  for (let b = HIST_BUCKETS - 1; b >= 0; b--) {
    const n = count[b] as number;
    if (n === 0) continue;
    const keyLo = b << HIST_SHIFT;
    const keyHi = (b + 1) << HIST_SHIFT;
    const s1 = sum1[b] as number;
    const s2 = sum2[b] as number;
    q2 += s2;
    l1 += s1;
    segments.push({ count: n, s1, s2, lo: magnitudeOf(keyLo), hi: magnitudeOf(keyHi - 1), keyLo, keyHi, sorted: undefined });
  }
  return { dim: d, q2, l1, segments, passes: 1, sortedElements: 0 };
}

/**
 * One pass: resolve the segments at `which` (indices into
 * `profile.segments`) by collecting their magnitudes and sorting them (each
 * segment separately; only those). Adjacent resolved segments are merged,
 * so that a search can walk across them.
 */
export function refine(g: Float32Array, profile: MagnitudeProfile, which: ReadonlySet<number>): MagnitudeProfile {
  const picked = [...which].sort((x, y) => x - y).map((k) => profile.segments[k] as Segment);
  const ranges = picked.filter((s) => s.sorted === undefined);
  if (ranges.length === 0) return profile;
  // Ranges in increasing key order, for a binary search per collected key.
  const los = Int32Array.from(ranges.map((s) => s.keyLo).reverse());
  const his = Int32Array.from(ranges.map((s) => s.keyHi).reverse());
  const minKey = los[0] as number;
  const maxKey = his[his.length - 1] as number;
  const bits = keysOf(g);
  const buckets: number[][] = ranges.map(() => []);
  for (let i = 0; i < bits.length; i++) {
    const key = (bits[i] as number) & 0x7fffffff;
    if (key < minKey || key >= maxKey) continue;
    let lo = 0;
    let hi = los.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((los[mid] as number) <= key) lo = mid;
      else hi = mid - 1;
    }
    if (key < (his[lo] as number)) (buckets[los.length - 1 - lo] as number[]).push(key);
  }
  const replaced = new Map<Segment, Segment>();
  ranges.forEach((s, j) => replaced.set(s, resolved(Int32Array.from(buckets[j] as number[]), s.keyLo, s.keyHi)));
  let sortedElements = profile.sortedElements;
  for (const r of replaced.values()) sortedElements += r.count;
  const segments: Segment[] = [];
  for (const s of profile.segments) {
    const next = replaced.get(s) ?? s;
    const last = segments[segments.length - 1];
    if (last !== undefined && last.sorted !== undefined && next.sorted !== undefined) {
      const merged = new Float64Array(last.count + next.count);
      merged.set(last.sorted);
      merged.set(next.sorted, last.count);
      segments[segments.length - 1] = {
        count: merged.length,
        s1: last.s1 + next.s1,
        s2: last.s2 + next.s2,
        lo: next.lo,
        hi: last.hi,
        keyLo: next.keyLo,
        keyHi: last.keyHi,
        sorted: merged,
      };
    } else {
      segments.push(next);
    }
  }
  return { ...profile, segments, passes: profile.passes + 1, sortedElements };
}

/** Sample runs for dimension d: d/4096 clamped to [16, 256] (256 … 4096 magnitudes; at least 64·16 coordinates per run). */
export function sampleRuns(d: number): number {
  return Math.max(1, Math.min(256, Math.max(16, Math.floor(d / 4096)), Math.floor(d / 1024)));
}

/**
 * A deterministic sample of the magnitude keys, sorted in decreasing
 * magnitude: `runs` aligned runs of 16 coordinates at positions
 * ⌊frac(j·φ)·d/16⌋·16 (as select.ts). The sample only guides where to look;
 * results never depend on it.
 */
export function sampleMagnitudes(g: Float32Array, runs: number): Float64Array {
  const keys = new Int32Array(runs * SAMPLE_RUN);
  goldenRunKeys(keysOf(g), runs, keys);
  const n = keys.length;
  keys.sort();
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[j] = magnitudeOf(keys[n - 1 - j] as number);
  return out;
}
