/**
 * Exact Top-k selection by magnitude, without sorting the vector.
 *
 * Order: larger |g_i| first; among equal magnitudes the lower index first.
 * The k first coordinates in that order are "the Top-k".
 */

/** Reusable buffers for {@link topKIndices} (grown on demand, never shrunk). */
export class TopKWorkspace {
  /** Candidate indices, in increasing index order. */
  idx = new Int32Array(0);
  /** Magnitude key of each candidate (see {@link topKIndices}). */
  key = new Int32Array(0);
  /** Copy of `key` that quickselect reorders. */
  scratch = new Int32Array(0);
  /** Sampled keys for the threshold estimate. */
  sample = new Int32Array(0);

  /** Make room for `n` candidates. */
  ensure(n: number): void {
    if (this.idx.length >= n) return;
    this.idx = new Int32Array(n);
    this.key = new Int32Array(n);
    this.scratch = new Int32Array(n);
  }
}

/**
 * Indices of the k largest |g_i|, in increasing index order; among equal
 * magnitudes the lower index wins. Exact and deterministic; no sort.
 *
 * Magnitudes are compared as integers: for a float32 x, the bit pattern of
 * |x| (sign bit cleared) read as an int32 orders exactly as |x| does (IEEE-754
 * property, +0 and −0 both 0). Reading g through an Int32Array view is a
 * little faster than converting each float.
 *
 * 1. Estimate a threshold τ₀ below the k-th largest magnitude from a
 *    deterministic sample (runs of 16 coordinates at golden-ratio positions;
 *    the sample affects only the speed, never the result).
 * 2. One pass over g with a candidate buffer of capacity c = k + max(4k, 4096):
 *    a coordinate enters only if |g_i| > τ (a later index loses ties). When
 *    the buffer is over half full, an O(c) quickselect keeps exactly the k
 *    best and τ rises to their smallest magnitude. The branch is rarely
 *    taken, so the pass runs at close to memory speed.
 * 3. If fewer than k coordinates beat τ₀ (the estimate was too high, rare),
 *    repeat the pass from τ = −1, where every coordinate enters until the
 *    buffer is first compacted (≈ k·(1 + ln(d/c)) entries on typical data).
 * 4. Keep the k best of the buffer (quickselect), in index order.
 * Worst case (magnitudes increasing with the index) every coordinate enters
 * and the cost is still O(d).
 *
 * @param g finite vector (not mutated; a NaN would rank above every number)
 * @param k count, 0 ≤ k ≤ g.length (clamped)
 * @param workspace optional reusable buffers
 */
export function topKIndices(g: Float32Array, k: number, workspace?: TopKWorkspace): Int32Array {
  const d = g.length;
  if (k >= d) return Int32Array.from({ length: d }, (_, i) => i);
  if (k <= 0) return new Int32Array(0);
  const cap = Math.min(d, k + Math.max(4 * k, 4096));
  const ws = workspace ?? new TopKWorkspace();
  ws.ensure(cap);
  const bits = new Int32Array(g.buffer, g.byteOffset, d);
  const tau0 = d >= 65_536 && k * 16 <= d ? sampleThreshold(bits, k, cap, ws) : -1;
  let n = collect(bits, k, cap, tau0, ws);
  if (n < k) n = collect(bits, k, cap, -1, ws);
  if (n > k) keepBest(ws.idx, ws.key, ws.scratch, n, k);
  return ws.idx.slice(0, k);
}

/**
 * Step 2: candidates whose key beats τ (starting at tau0) into ws.idx /
 * ws.key, in index order; returns how many are left (≥ k once the buffer has
 * been compacted). The scan runs in blocks no longer than the free buffer
 * space, so the inner loop needs no capacity check; the buffer is compacted
 * to the k best whenever it is more than half full (beyond k), so blocks stay
 * ≥ (c − k)/2 long and compaction costs O(1) per entry, amortised.
 */
function collect(bits: Int32Array, k: number, cap: number, tau0: number, ws: TopKWorkspace): number {
  const { idx, key, scratch } = ws;
  const d = bits.length;
  const half = k + ((cap - k) >> 1);
  let n = 0;
  let tau = tau0;
  let i = 0;
  while (i < d) {
    if (n > half) {
      tau = keepBest(idx, key, scratch, n, k);
      n = k;
    }
    const end = Math.min(d, i + (cap - n));
    for (; i < end; i++) {
      const a = (bits[i] as number) & 0x7fffffff;
      if (a > tau) {
        idx[n] = i;
        key[n] = a;
        n++;
      }
    }
  }
  return n;
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;
/** Sampled coordinates come in aligned runs of this many (one or two cache lines). */
export const SAMPLE_RUN = 16;

/**
 * A deterministic, well-spread sample of magnitude keys (sign bit cleared):
 * `runs` aligned runs of {@link SAMPLE_RUN} coordinates at positions
 * ⌊frac(j·φ)·d/16⌋·16, j = 1…runs, written to `out[0 .. runs·16)`.
 */
export function goldenRunKeys(bits: Int32Array, runs: number, out: Int32Array): void {
  const slots = Math.floor(bits.length / SAMPLE_RUN);
  let u = 0;
  let n = 0;
  for (let j = 0; j < runs; j++) {
    u += GOLDEN;
    if (u >= 1) u -= 1;
    const start = Math.floor(u * slots) * SAMPLE_RUN;
    for (let t = 0; t < SAMPLE_RUN; t++) out[n++] = (bits[start + t] as number) & 0x7fffffff;
  }
}

/**
 * Step 1: a key that about T = (k + c)/2 coordinates exceed (c the buffer
 * capacity), so that at least k do with high probability and the buffer
 * rarely fills. From a sample of m = r·d/T coordinates, the r-th largest
 * key, r = max(8, ⌈(3 / (1 − k/T))²⌉): then the count above τ₀ has mean ≈ T
 * and relative spread ≈ 1/√r, three spreads above k. The sample is taken as
 * aligned runs of 16 coordinates at positions ⌊frac(j·φ)·d/16⌋·16.
 */
function sampleThreshold(bits: Int32Array, k: number, cap: number, ws: TopKWorkspace): number {
  const d = bits.length;
  const target = (k + cap) / 2;
  const r = Math.max(8, Math.ceil((3 / (1 - k / target)) ** 2));
  const runs = Math.min(Math.floor(d / SAMPLE_RUN / 4), Math.ceil((r * d) / target / SAMPLE_RUN));
  const m = runs * SAMPLE_RUN;
  if (m <= r) return -1;
  if (ws.sample.length < m) ws.sample = new Int32Array(m);
  goldenRunKeys(bits, runs, ws.sample);
  return selectInPlaceInt(ws.sample, m, m - r);
}

/**
 * Keep the k best of the n buffered candidates (which are in index order),
 * compacting them in place in index order; returns the k-th best key.
 */
function keepBest(idx: Int32Array, key: Int32Array, scratch: Int32Array, n: number, k: number): number {
  for (let j = 0; j < n; j++) scratch[j] = key[j] as number;
  const pos = n - k;
  const threshold = selectInPlaceInt(scratch, n, pos);
  // After selection, scratch[pos+1..n) ≥ threshold: count the strictly larger ones.
  let above = 0;
  for (let j = pos + 1; j < n; j++) if ((scratch[j] as number) > threshold) above++;
  let ties = k - above;
  let w = 0;
  for (let j = 0; j < n; j++) {
    const a = key[j] as number;
    if (a > threshold || (a === threshold && ties-- > 0)) {
      idx[w] = idx[j] as number;
      key[w] = a;
      w++;
    }
  }
  return threshold;
}

function median3(x: number, y: number, z: number): number {
  if (x < y) return y < z ? y : x < z ? z : x;
  return x < z ? x : y < z ? z : y;
}

/**
 * Rearrange `a[0..n)` so that `a[pos]` holds the value it would have if sorted
 * ascending, with no larger value before it and no smaller value after it;
 * returns that value. Hoare partition around a median-of-three pivot (Wirth's
 * FIND): deterministic, and runs of equal values split evenly, so vectors with
 * many equal keys (e.g. zeros) stay O(n).
 */
function selectInPlaceInt(a: Int32Array, n: number, pos: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = median3(a[lo] as number, a[lo + ((hi - lo) >> 1)] as number, a[hi] as number);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (pos <= j) hi = j;
    else if (pos >= i) lo = i;
    else break; // j < pos < i: a[pos] equals the pivot and is in place
  }
  return a[pos] as number;
}
