/**
 * Error messages of the sparse data sets. They belong in `src/learn/messages.ts`,
 * the package's one catalog, and are kept here only until that file's owner
 * moves them (same shape: the offending value, then the fix).
 */

/** A CSR matrix whose arrays do not describe a valid matrix. */
export function malformedCsr(what: string, reason: string): string {
  return `${what} is not a valid CSR matrix: ${reason}; build it with makeSparseLogistic or fix the arrays (indptr non-decreasing from 0 to nnz, columns ascending in [0, cols) within each row).`;
}

/** A numeric option outside its allowed interval (written like "[1, 2000]" or "(0, 2]"). */
export function optionOutOfRange(name: string, value: number, interval: string): string {
  return `${name} must be in ${interval}, got ${value}; choose a value in that range.`;
}
