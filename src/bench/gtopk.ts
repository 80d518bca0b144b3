import { TopKWorkspace, topKIndices } from '../learn/compress/select.js';
import { randomIndices } from '../learn/compress/shared-indices.js';
import { mergeTopK, type SparseVector } from '../learn/schemes/gtopk/merge.js';
import { RandomStream } from '../sim/random.js';
import { compared, emit, median, pairedMedians, round } from './harness.js';

/** Dimensions d of the merged vectors. */
const DIMS = [1_000_000, 10_000_000];
/** Budgets k (each merge reads two k-sparse vectors and keeps k). */
const BUDGETS = [100, 1_000, 10_000, 100_000];

/**
 * Two k-sparse vectors of dimension d whose supports overlap by half (k/2
 * shared coordinates, as partners' top-k sets partly agree), standard-normal
 * values, from the seeded stream `bench/gtopk/<d>/<k>`.
 */
export function mergeInputs(d: number, k: number): [SparseVector, SparseVector] {
  const rng = new RandomStream(1, 0, `bench/gtopk/${d}/${k}`);
  const pool = Array.from(randomIndices(rng, d, k + (k >> 1)));
  rng.shuffle(pool);
  const side = (from: number): SparseVector => {
    const indices = Int32Array.from(pool.slice(from, from + k)).sort();
    return { dim: d, indices, values: Float32Array.from(indices, () => rng.normal()) };
  };
  return [side(0), side(pool.length - k)];
}

/**
 * The same result by way of dense vectors — scatter both into a length-d
 * float32 array and select the top k over all d — the O(d) reference the
 * sparse merge avoids.
 */
export function denseMerge(x: SparseVector, y: SparseVector, k: number, workspace: TopKWorkspace): Int32Array {
  const sum = new Float32Array(x.dim);
  x.indices.forEach((i, j) => (sum[i] = x.values[j] as number));
  y.indices.forEach((i, j) => (sum[i] = (sum[i] as number) + (y.values[j] as number)));
  return topKIndices(sum, k, workspace);
}

/**
 * The gTop-k merge cases of the `compress` suite: for d ∈ {1e6, 1e7} and
 * k ∈ {1e2, 1e3, 1e4, 1e5}, `mergeTopK` of two k-sparse vectors
 * (half-overlapping supports) timed in alternation with its dense reference,
 * {@link denseMerge} of the same inputs (O(d)). Two lines per (d, k):
 * `{bench: "compress", case: "gtopk-merge", d, k, ms, baseline: "gtopk-merge-dense", ratio, nsPerEntry, rounds, overDense}`
 * and `{bench: "compress", case: "gtopk-merge-dense", d, k, ms, rounds}`;
 * `ms` is the median time of one merge, nsPerEntry = ms / 2k in ns, and
 * `ratio` (also printed as `overDense`) the median over rounds of sparse ms /
 * dense ms of the same round (< 1: the sparse merge is faster). The sparse
 * time grows linearly in k and does not change with d; the dense one grows
 * with d. Small sparse merges are repeated in a loop so each sample lasts
 * ≳ 1 ms; `ms` and the ratio are per merge. Wall time only.
 */
export async function runGtopkBench(): Promise<void> {
  const workspace = new TopKWorkspace();
  for (const d of DIMS) {
    const rounds = d >= 10_000_000 ? 15 : 21;
    for (const k of BUDGETS) {
      const [x, y] = mergeInputs(d, k);
      const loops = Math.max(1, Math.round(200_000 / k));
      const sparse = () => {
        let n = 0;
        for (let r = 0; r < loops; r++) n += mergeTopK(x, y, k, workspace).indices.length;
        return n;
      };
      const t = pairedMedians([sparse, () => denseMerge(x, y, k, workspace)], rounds, { repetitions: [loops, 1] });
      const perMerge = median(t.samples[0] as readonly number[]);
      const vsDense = compared(t, 0, 1, 'gtopk-merge-dense');
      emit({
        bench: 'compress',
        case: 'gtopk-merge',
        d,
        k,
        ms: round(perMerge, 4),
        ...vsDense,
        nsPerEntry: round((perMerge * 1e6) / (2 * k), 4),
        rounds,
        overDense: vsDense.ratio,
      });
      emit({ bench: 'compress', case: 'gtopk-merge-dense', d, k, ms: t.ms[1] as number, rounds });
    }
  }
}
