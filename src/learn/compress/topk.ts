import { BaseCompressor, sparseFp32, type CompressedMessage } from './compressor.js';
import { resolveBudget, type Budget } from './budget.js';

/**
 * Top-k sparsification: send the k coordinates of largest magnitude, as
 * (32-bit index, fp32 value) pairs — bits = 64·k. Values are sent verbatim.
 * Ties in magnitude go to the lower index, so the choice is reproducible.
 * Selection is O(d) on average (quickselect), never a full sort.
 */
export class TopK extends BaseCompressor {
  readonly name = 'topk';
  private budgetK: number;
  /** |g| work buffer, reused across calls (quickselect reorders it). */
  private readonly scratch: Float32Array;

  /**
   * @param dim dimension d
   * @param budget `{ k }` with 1 ≤ k ≤ d, or `{ ratio }` in (0, 1] (k = max(1, ⌈ratio·d⌉))
   */
  constructor(dim: number, budget: Budget) {
    super(dim);
    this.budgetK = resolveBudget(budget, dim);
    this.scratch = new Float32Array(dim);
  }

  /** Current number of coordinates sent per message. */
  get k(): number {
    return this.budgetK;
  }

  /** Change the budget for subsequent messages (for budget tuners). */
  setBudget(budget: Budget): void {
    this.budgetK = resolveBudget(budget, this.dim);
  }

  protected doCompress(g: Float32Array): CompressedMessage {
    const indices = topKIndices(g, this.budgetK, this.scratch);
    const values = new Float32Array(indices.length);
    for (let j = 0; j < indices.length; j++) values[j] = g[indices[j] as number] as number;
    return sparseFp32(this.dim, indices, values);
  }
}

/**
 * Indices of the k largest |g_i|, in increasing index order; among equal
 * magnitudes the lower index wins. O(d) average time.
 * @param g vector (not mutated)
 * @param k count, 0 ≤ k ≤ g.length (clamped)
 * @param scratch optional work buffer of length ≥ g.length (contents overwritten)
 */
export function topKIndices(g: Float32Array, k: number, scratch?: Float32Array): Int32Array {
  const d = g.length;
  if (k >= d) return Int32Array.from({ length: d }, (_, i) => i);
  if (k <= 0) return new Int32Array(0);
  const mags = scratch !== undefined && scratch.length >= d ? scratch : new Float32Array(d);
  for (let i = 0; i < d; i++) mags[i] = Math.abs(g[i] as number);
  // The k-th largest magnitude is the (d−k)-th smallest (0-based). After
  // selection, mags[pos+1..d-1] ≥ threshold ≥ mags[0..pos-1], so the
  // magnitudes strictly above the threshold all lie right of pos.
  const pos = d - k;
  const threshold = selectInPlace(mags, d, pos);
  let above = 0;
  for (let j = pos + 1; j < d; j++) if ((mags[j] as number) > threshold) above++;
  // Take every coordinate above the threshold and the lowest-index ones equal to it.
  let ties = k - above;
  const out = new Int32Array(k);
  let n = 0;
  for (let i = 0; i < d; i++) {
    const a = Math.abs(g[i] as number);
    if (a > threshold || (a === threshold && ties-- > 0)) out[n++] = i;
  }
  return out;
}

/**
 * Rearrange `a[0..n)` so that `a[pos]` holds the value it would have if sorted
 * ascending, with no larger value before it and no smaller value after it;
 * returns that value. Hoare partition around a median-of-three pivot (Wirth's
 * FIND): deterministic, and runs of equal values split evenly, so vectors with
 * many equal magnitudes (e.g. zeros) stay O(n).
 */
function selectInPlace(a: Float32Array, n: number, pos: number): number {
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

function median3(x: number, y: number, z: number): number {
  if (x < y) return y < z ? y : x < z ? z : x;
  return x < z ? x : y < z ? z : y;
}
