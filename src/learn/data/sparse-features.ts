import type { RandomStream } from '../../sim/random.js';
import * as msg from '../messages.js';
import type { CsrMatrix } from './dataset.js';
import { optionOutOfRange } from './sparse-messages.js';
import { ZipfSampler } from './sparse-zipf.js';

/** Parameters of the sparse (RCV1-like) synthetic features, shared by the logistic and linear generators. */
export interface SparseFeatureOptions {
  /** Features d (positive integer < 2³¹: columns are int32). RCV1 has 47 236; up to 10⁷ works. */
  readonly d: number;
  /**
   * Mean non-zero features per sample (finite, in [1, d]). Default 75 (RCV1
   * documents average about 75 distinct terms). Each sample's count is drawn
   * around it (see `nonZerosSpread`), rounded and clipped to [1, d].
   */
  readonly nonZeros?: number;
  /**
   * Spread of the per-sample count: its coefficient of variation (std/mean),
   * finite, ≥ 0. Counts are lognormal with that mean and spread (document
   * lengths are right-skewed); 0 gives every sample `nonZeros` (rounded).
   * Default 0.5.
   */
  readonly nonZerosSpread?: number;
  /**
   * Exponent a of the features' power law, in (0, 2]: a document's terms are
   * drawn with P(rank r) ∝ r^(−a) (Zipf's law for words: a ≈ 1), so a column's
   * share of documents falls as rank^(−a) outside the head. Default 1.
   * Generation draws terms until a sample has its count of distinct ones, so
   * large exponents with many non-zeros per sample cost many draws (≈ 1.2
   * draws per non-zero at a = 1, nonZeros = 200, d = 10⁶; ≈ 100 at a = 2).
   */
  readonly zipfExponent?: number;
  /** Standard deviation of x·w_true over the samples (finite, > 0). Default 1. */
  readonly weightStd?: number;
  /**
   * Fraction of features with a non-zero true weight, in (0, 1]. Default 0.1.
   * Each feature is in the support independently with this probability, with
   * weight N(0, weightStd²/trueDensity): rows being unit vectors and the
   * support independent of them, E[(x·w_true)²] = weightStd² for every sample.
   */
  readonly trueDensity?: number;
}

/** Sparse rows and the true weights behind their labels or targets. */
export interface SparseFeatures {
  readonly xTrain: CsrMatrix;
  readonly xTest: CsrMatrix;
  /** Ground-truth weights, length d, `trueDensity`·d non-zeros on average. */
  readonly wTrue: Float32Array;
}

/**
 * RCV1-like sparse rows (Lewis, Yang, Rose and Li, "RCV1: A new benchmark
 * collection for text categorization research", JMLR 5:361–397, 2004: ~47 k
 * tf-idf features, ~75 non-zeros per document, rows cosine-normalised), at any d:
 *
 * 1. w_true: a random `trueDensity` fraction of the features carries a
 *    N(0, weightStd²/trueDensity) weight, the rest 0.
 * 2. Features are ranked by a seeded random permutation of [0, d) (so the
 *    frequent ones are scattered over the index range, as words' ids are).
 * 3. A sample draws its count k of distinct features (lognormal, mean
 *    `nonZeros`, coefficient of variation `nonZerosSpread`), then draws terms
 *    from the Zipf law over the ranks until it has k distinct ones; how often
 *    it drew each is that term's frequency tf.
 * 4. Values are tf-idf as RCV1's "ltc" weights: (1 + ln tf)·idf_j, with the
 *    smoothed idf_j = ln((1 + nTrain)/(1 + df_j)) + 1 from the training set's
 *    document frequencies df_j (so every stored value is > 0); then each row
 *    is divided by its L2 norm.
 *
 * Stored as CSR, columns ascending within each row: 8 bytes per non-zero plus
 * 4 per sample. Generation costs O(nnz + d) time (no n × d pass) and 12·d
 * bytes of scratch (the permutation, term and document counts) besides the
 * result and w_true.
 *
 * Draw order from `stream`: w_true (one uniform per gap between support
 * features, one normal per support feature), the permutation (d − 1 draws),
 * then the test set (none when nTest = 0) and the training set, each as its
 * counts (one normal per sample when the spread is > 0) then each sample's
 * terms (uniforms). The caller draws labels or targets after. The stream is
 * advanced, not copied.
 */
export function drawSparseFeatures(options: SparseFeatureOptions, nTrain: number, nTest: number, stream: RandomStream): SparseFeatures {
  const { d, nonZeros = 75, nonZerosSpread = 0.5, zipfExponent = 1, weightStd = 1, trueDensity = 0.1 } = options;
  if (!Number.isInteger(d) || d < 1) throw new RangeError(msg.notPositiveInteger('d', d));
  if (d >= 2 ** 31) throw new RangeError(optionOutOfRange('d', d, `[1, ${2 ** 31 - 1}] (int32 column indices)`));
  if (!(Number.isFinite(nonZeros) && nonZeros >= 1 && nonZeros <= d)) throw new RangeError(optionOutOfRange('nonZeros', nonZeros, `[1, d = ${d}]`));
  if (!(Number.isFinite(nonZerosSpread) && nonZerosSpread >= 0)) throw new RangeError(msg.notNonNegative('nonZerosSpread', nonZerosSpread));
  if (!(Number.isFinite(zipfExponent) && zipfExponent > 0 && zipfExponent <= 2)) throw new RangeError(optionOutOfRange('zipfExponent', zipfExponent, '(0, 2]'));
  if (!(Number.isFinite(weightStd) && weightStd > 0)) throw new RangeError(msg.notPositive('weightStd', weightStd));
  if (!(Number.isFinite(trueDensity) && trueDensity > 0 && trueDensity <= 1)) {
    throw new RangeError(msg.notInUnitInterval('trueDensity', trueDensity));
  }

  const wTrue = drawTrueWeights(d, trueDensity, weightStd / Math.sqrt(trueDensity), stream);
  const rankToFeature = Int32Array.from({ length: d }, (_, j) => j);
  for (let i = d - 1; i > 0; i--) {
    const j = stream.int(i + 1);
    const tmp = rankToFeature[i] as number;
    rankToFeature[i] = rankToFeature[j] as number;
    rankToFeature[j] = tmp;
  }
  const terms = new TermDrawer(rankToFeature, new ZipfSampler(d, zipfExponent));
  const counts = { mean: nonZeros, spread: nonZerosSpread, d };
  const xTest = drawRows(nTest, counts, terms, stream, undefined);
  const df = new Int32Array(d);
  const xTrain = drawRows(nTrain, counts, terms, stream, df);

  // tf → (1 + ln tf)·idf, then unit rows
  const idf = (j: number) => Math.log((1 + nTrain) / (1 + (df[j] as number))) + 1;
  for (const x of [xTest, xTrain]) tfIdfNormalise(x, idf);
  return { xTrain, xTest, wTrue };
}

/** x_i · w_true for every row, in float64. */
export function trueMargins(x: CsrMatrix, wTrue: Float32Array): Float64Array {
  const m = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let s = 0;
    for (let q = x.indptr[i] as number, end = x.indptr[i + 1] as number; q < end; q++) {
      s += (x.values[q] as number) * (wTrue[x.indices[q] as number] as number);
    }
    m[i] = s;
  }
  return m;
}

/** Support by geometric gaps (O(support) draws, not O(d)); values N(0, std²). */
function drawTrueWeights(d: number, density: number, std: number, stream: RandomStream): Float32Array {
  const w = new Float32Array(d);
  const logMiss = Math.log1p(-density); // −∞ at density 1: every gap is 0
  for (let j = -1; ;) {
    const gap = density === 1 ? 0 : Math.floor(Math.log(1 - stream.uniform()) / logMiss);
    j += 1 + gap;
    if (j >= d) break;
    w[j] = stream.normal(0, std);
  }
  return w;
}

/**
 * Draws a sample's distinct terms, with their frequencies, from the Zipf law
 * over the ranks. `tf` is indexed by feature and all zeros between samples.
 */
class TermDrawer {
  private readonly tf: Int32Array;

  constructor(
    private readonly rankToFeature: Int32Array,
    private readonly zipf: ZipfSampler,
  ) {
    this.tf = new Int32Array(rankToFeature.length);
  }

  /**
   * Write k distinct features into `indices[start, start + k)`, ascending,
   * and their term frequencies into `values` there. Gives up after
   * 1000·k + 10 000 terms (only reachable with k near d or a steep law), then
   * keeps the distinct features it has.
   * @returns how many it wrote (k unless it gave up)
   */
  draw(k: number, indices: Int32Array, values: Float32Array, start: number, stream: RandomStream): number {
    const { tf, rankToFeature, zipf } = this;
    let distinct = 0;
    for (let t = 0, limit = 1000 * k + 10_000; distinct < k && t < limit; t++) {
      const j = rankToFeature[zipf.sample(stream) - 1] as number;
      if (tf[j] === 0) indices[start + distinct++] = j;
      tf[j] = (tf[j] as number) + 1;
    }
    const end = start + distinct;
    indices.subarray(start, end).sort();
    for (let q = start; q < end; q++) {
      const j = indices[q] as number;
      values[q] = tf[j] as number;
      tf[j] = 0;
    }
    return distinct;
  }
}

/**
 * n rows: their counts first, then their terms (values hold the term
 * frequencies until `tfIdfNormalise`). Adds each row's features to `df` when given.
 */
function drawRows(n: number, counts: { mean: number; spread: number; d: number }, terms: TermDrawer, stream: RandomStream, df: Int32Array | undefined): CsrMatrix {
  const k = new Float64Array(n);
  const sigma2 = Math.log1p(counts.spread * counts.spread);
  const mu = Math.log(counts.mean) - sigma2 / 2;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const raw = counts.spread === 0 ? counts.mean : Math.exp(mu + Math.sqrt(sigma2) * stream.normal());
    const ki = Math.min(counts.d, Math.max(1, Math.round(raw)));
    k[i] = ki;
    total += ki;
  }
  let indices = new Int32Array(total);
  let values = new Float32Array(total);
  const indptr = total < 2 ** 31 ? new Int32Array(n + 1) : new Float64Array(n + 1);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const written = terms.draw(k[i] as number, indices, values, at, stream);
    if (df) {
      for (let q = at; q < at + written; q++) {
        const j = indices[q] as number;
        df[j] = (df[j] as number) + 1;
      }
    }
    at += written;
    indptr[i + 1] = at;
  }
  if (at < total) {
    // some row gave up early (see TermDrawer.draw): keep the arrays exact
    indices = indices.slice(0, at);
    values = values.slice(0, at);
  }
  return { rows: n, cols: counts.d, indptr, indices, values };
}

/** values: tf → (1 + ln tf)·idf(j), then each row scaled to unit L2 norm (in float64, one rounding to float32). */
function tfIdfNormalise(x: CsrMatrix, idf: (j: number) => number): void {
  const { indptr, indices, values } = x;
  let row = new Float64Array(256);
  for (let i = 0; i < x.rows; i++) {
    const start = indptr[i] as number;
    const end = indptr[i + 1] as number;
    if (end - start > row.length) row = new Float64Array(2 * (end - start));
    let sq = 0;
    for (let q = start; q < end; q++) {
      const v = (1 + Math.log(values[q] as number)) * idf(indices[q] as number);
      row[q - start] = v;
      sq += v * v;
    }
    const norm = Math.sqrt(sq);
    for (let q = start; q < end; q++) values[q] = (row[q - start] as number) / norm;
  }
}
