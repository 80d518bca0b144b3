import * as msg from '../messages.js';
import type { CsrMatrix } from './dataset.js';
import { malformedCsr } from './sparse-messages.js';

/**
 * Check a CSR matrix's invariants (see {@link CsrMatrix}) in one O(rows + nnz)
 * pass, throwing a RangeError that names `what` and the first violation.
 */
export function checkCsr(x: CsrMatrix, what: string): void {
  const { rows, cols, indptr, indices, values } = x;
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(malformedCsr(what, `rows = ${rows}`));
  if (!Number.isInteger(cols) || cols < 1) throw new RangeError(msg.notPositiveInteger(`${what} cols`, cols));
  if (indptr.length !== rows + 1) throw new RangeError(msg.dimensionMismatch(`${what} indptr`, indptr.length, rows + 1));
  const nnz = indptr[rows] as number;
  if (indptr[0] !== 0) throw new RangeError(malformedCsr(what, `indptr[0] = ${indptr[0]}, expected 0`));
  if (indices.length !== nnz) throw new RangeError(msg.dimensionMismatch(`${what} indices`, indices.length, nnz));
  if (values.length !== nnz) throw new RangeError(msg.dimensionMismatch(`${what} values`, values.length, nnz));
  for (let i = 0; i < rows; i++) {
    const start = indptr[i] as number;
    const end = indptr[i + 1] as number;
    if (!(end >= start) || !Number.isInteger(end)) throw new RangeError(malformedCsr(what, `indptr[${i + 1}] = ${end} is not an integer ≥ indptr[${i}] = ${start}`));
    let previous = -1;
    for (let k = start; k < end; k++) {
      const j = indices[k] as number;
      if (j <= previous || j >= cols) {
        throw new RangeError(malformedCsr(what, `row ${i} has column ${j} after ${previous} (columns ascending in [0, ${cols}))`));
      }
      previous = j;
    }
  }
}

/** The number of stored non-zeros (`indptr[rows]`). */
export function csrNonZeros(x: CsrMatrix): number {
  return x.indptr[x.rows] as number;
}

/**
 * The dense row-major `rows × cols` copy of a CSR matrix (for tests and small
 * data: it takes rows·cols·4 bytes).
 */
export function densify(x: CsrMatrix): Float32Array {
  const out = new Float32Array(x.rows * x.cols);
  for (let i = 0; i < x.rows; i++) {
    const row = i * x.cols;
    for (let k = x.indptr[i] as number, end = x.indptr[i + 1] as number; k < end; k++) {
      out[row + (x.indices[k] as number)] = x.values[k] as number;
    }
  }
  return out;
}

/**
 * The CSR form of a dense row-major `rows × cols` matrix, keeping exactly its
 * non-zero entries (for tests, and to run the sparse code path on small dense data).
 */
export function toCsr(x: Float32Array, rows: number, cols: number): CsrMatrix {
  if (x.length !== rows * cols) throw new RangeError(msg.dimensionMismatch('dense matrix', x.length, rows * cols));
  let nnz = 0;
  for (let k = 0; k < x.length; k++) if (x[k] !== 0) nnz++;
  const indptr = nnz < 2 ** 31 ? new Int32Array(rows + 1) : new Float64Array(rows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let k = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = x[i * cols + j] as number;
      if (v === 0) continue;
      indices[k] = j;
      values[k] = v;
      k++;
    }
    indptr[i + 1] = k;
  }
  return { rows, cols, indptr, indices, values };
}
