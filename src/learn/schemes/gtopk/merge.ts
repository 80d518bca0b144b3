import { type TopKWorkspace, topKIndices } from '../../compress/select.js';
import { gTopKErrors } from './messages.js';

/**
 * A sparse vector of dimension d: strictly increasing indices in [0, d), one
 * float32 value each; every other coordinate is zero. A `SparseMessage` is one.
 */
export interface SparseVector {
  /** Dimension d. */
  readonly dim: number;
  /** The stored coordinates, strictly increasing, each in [0, dim). */
  readonly indices: Int32Array;
  /** `values[j]` belongs to `indices[j]`. */
  readonly values: Float32Array;
}

/**
 * TopK of a sparse vector (eq. 4 of Shi et al.): its k entries of largest
 * magnitude, in index order; ties in magnitude go to the lower index, as
 * everywhere in gradwire ({@link topKIndices}). A vector with at most k
 * entries is returned as it is (not copied). O(nnz), never O(d).
 * @param x the vector (not mutated)
 * @param k count ≥ 1
 * @param workspace optional reusable selection buffers
 */
export function sparseTopK(x: SparseVector, k: number, workspace?: TopKWorkspace): SparseVector {
  checkK(k);
  if (x.indices.length <= k) return x;
  const pos = topKIndices(x.values, k, workspace);
  const indices = new Int32Array(pos.length);
  const values = new Float32Array(pos.length);
  for (let j = 0; j < pos.length; j++) {
    const p = pos[j] as number;
    indices[j] = x.indices[p] as number;
    values[j] = x.values[p] as number;
  }
  return { dim: x.dim, indices, values };
}

/**
 * The gTop-k merge, x ⊤ y of eq. 6 on sparse vectors: TopK(TopK(x) + TopK(y)),
 * i.e. sum the two k-sparse vectors (float32, one rounding per coordinate, as
 * a dense float32 sum would give) and re-select the k entries of largest
 * magnitude of the sum. Signed values are kept: eq. 6's mask is taken on
 * |TopK(x) + TopK(y)|, and the printed "|·|" around the kept values would
 * make every update positive (Shi et al. 2019b sum and select signed
 * gradients). Ties in magnitude go to the lower index, so the result equals
 * `topKIndices` of the dense sum (see the tests) and does not depend on
 * which side is `x`.
 *
 * The result has min(k, |supp x ∪ supp y|) entries — exactly k when either
 * input has k — including a coordinate whose two values cancel to 0 when it
 * ranks among the k (a fixed-size message, as on the wire).
 *
 * Cost O(|x| + |y|): a merge-join of the sorted index lists and one
 * selection over the ≤ 2k candidates; nothing is of length d.
 * @param x a sparse vector (not mutated)
 * @param y a sparse vector of the same dimension (not mutated)
 * @param k the common budget, integer ≥ 1
 * @param workspace optional reusable selection buffers
 * @returns a new sparse vector (it owns its arrays)
 */
export function mergeTopK(x: SparseVector, y: SparseVector, k: number, workspace?: TopKWorkspace): SparseVector {
  checkK(k);
  if (x.dim !== y.dim) throw new RangeError(gTopKErrors.dimMismatch(x.dim, y.dim));
  const a = sparseTopK(x, k, workspace);
  const b = sparseTopK(y, k, workspace);
  const na = a.indices.length;
  const nb = b.indices.length;
  const idx = new Int32Array(na + nb);
  const val = new Float32Array(na + nb);
  let i = 0;
  let j = 0;
  let m = 0;
  while (i < na && j < nb) {
    const ia = a.indices[i] as number;
    const ib = b.indices[j] as number;
    if (ia < ib) {
      idx[m] = ia;
      val[m++] = a.values[i++] as number;
    } else if (ib < ia) {
      idx[m] = ib;
      val[m++] = b.values[j++] as number;
    } else {
      idx[m] = ia;
      val[m++] = (a.values[i++] as number) + (b.values[j++] as number); // rounded to float32 on store
    }
  }
  for (; i < na; i++, m++) {
    idx[m] = a.indices[i] as number;
    val[m] = a.values[i] as number;
  }
  for (; j < nb; j++, m++) {
    idx[m] = b.indices[j] as number;
    val[m] = b.values[j] as number;
  }
  if (m <= k) return { dim: a.dim, indices: idx.slice(0, m), values: val.slice(0, m) };
  // Candidates are in index order, so "lower position wins a tie" is "lower index wins".
  return sparseTopK({ dim: a.dim, indices: idx.subarray(0, m), values: val.subarray(0, m) }, k, workspace);
}

/**
 * The indices present in both strictly increasing lists, in increasing
 * order. O(|a| + |b|).
 */
export function intersectSorted(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x < y) i++;
    else if (y < x) j++;
    else {
      out[n++] = x;
      i++;
      j++;
    }
  }
  return out.slice(0, n);
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(gTopKErrors.badK(k));
}
