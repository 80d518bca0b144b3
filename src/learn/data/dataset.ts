/**
 * A binary-classification data set held in memory.
 * Features are row-major Float32Arrays (sample i occupies `[i*d, (i+1)*d)`);
 * labels are ±1 stored as float32. Models read these arrays in place (no
 * copies), so they must not change while a model uses them. For sparse
 * features see {@link SparseDataset}.
 */
export interface Dataset {
  /** Number of training samples. */
  readonly nTrain: number;
  /** Number of held-out test samples. */
  readonly nTest: number;
  /** Number of features per sample. */
  readonly d: number;
  /** Training features, `nTrain × d`, row-major. */
  readonly xTrain: Float32Array;
  /** Training labels in {−1, +1}, length `nTrain`. */
  readonly yTrain: Float32Array;
  /** Test features, `nTest × d`, row-major. */
  readonly xTest: Float32Array;
  /** Test labels in {−1, +1}, length `nTest`. */
  readonly yTest: Float32Array;
}

/**
 * A regression data set held in memory (training samples only).
 * Features are row-major Float32Arrays (sample i occupies `[i*d, (i+1)*d)`);
 * targets are real numbers stored as float32.
 */
export interface RegressionDataset {
  /** Number of training samples. */
  readonly nTrain: number;
  /** Number of features per sample. */
  readonly d: number;
  /** Training features, `nTrain × d`, row-major. */
  readonly xTrain: Float32Array;
  /** Training targets, length `nTrain`. */
  readonly yTrain: Float32Array;
}

/**
 * A sparse `rows × cols` matrix in compressed sparse row (CSR) form: row i's
 * non-zeros are `values[k]` at columns `indices[k]` for k in
 * `[indptr[i], indptr[i+1])`, columns ascending within a row. Storage is
 * 8 bytes per non-zero (int32 column, float32 value) plus the row pointers.
 */
export interface CsrMatrix {
  /** Number of rows (samples). */
  readonly rows: number;
  /** Number of columns (features d). */
  readonly cols: number;
  /**
   * Row pointers, length `rows + 1`, non-decreasing, `indptr[0] = 0` and
   * `indptr[rows]` = the number of non-zeros. An Int32Array while that number
   * fits (< 2³¹), else a Float64Array (exact up to 2⁵³).
   */
  readonly indptr: Int32Array | Float64Array;
  /** Column of each non-zero, in `[0, cols)`, ascending within a row. */
  readonly indices: Int32Array;
  /** Value of each non-zero. */
  readonly values: Float32Array;
}

/**
 * A binary-classification data set with sparse features (CSR rows), labels
 * ±1 as in {@link Dataset}. Holds nnz × 8 bytes of features, not n × d × 4.
 */
export interface SparseDataset {
  /** Number of training samples (= `xTrain.rows`). */
  readonly nTrain: number;
  /** Number of held-out test samples (= `xTest.rows`). */
  readonly nTest: number;
  /** Number of features per sample (= the matrices' `cols`). */
  readonly d: number;
  /** Training features, `nTrain × d`, CSR. */
  readonly xTrain: CsrMatrix;
  /** Training labels in {−1, +1}, length `nTrain`. */
  readonly yTrain: Float32Array;
  /** Test features, `nTest × d`, CSR. */
  readonly xTest: CsrMatrix;
  /** Test labels in {−1, +1}, length `nTest`. */
  readonly yTest: Float32Array;
}

/** A regression data set with sparse features (CSR rows), as {@link RegressionDataset}. */
export interface SparseRegressionDataset {
  /** Number of training samples (= `xTrain.rows`). */
  readonly nTrain: number;
  /** Number of features per sample (= `xTrain.cols`). */
  readonly d: number;
  /** Training features, `nTrain × d`, CSR. */
  readonly xTrain: CsrMatrix;
  /** Training targets, length `nTrain`. */
  readonly yTrain: Float32Array;
}

/** Bytes a CSR matrix's three arrays hold (≈ 8 × non-zeros). */
export function csrBytes(x: CsrMatrix): number {
  return x.indptr.byteLength + x.indices.byteLength + x.values.byteLength;
}
