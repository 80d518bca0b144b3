/**
 * The compute a compressor spent on one message, counted in the two units a
 * device prices (`compressionSeconds` in devices.ts): element reads of
 * linear passes, and comparisons of sorts. A compressor reports the work of
 * each message it makes (`Compressor.lastWork`), so a scheme charges what the
 * message actually cost — a CAT search where it searched, one selection pass
 * where the hybrid of CAT Appendix H reused T — not a fixed count.
 */
export interface CompressionWork {
  /**
   * Elements read by linear passes: selection or quantisation (d per pass),
   * a search's histogram, window and refinement passes, the sample it reads,
   * and one per evaluated candidate T.
   */
  readonly passElements: number;
  /** Comparisons of the sorts it ran: n·log2 n for each sort of n > 1 elements. */
  readonly sortComparisons: number;
}

/** No compute: a vector sent as is, shared random indices. */
export const NO_WORK: CompressionWork = Object.freeze({ passElements: 0, sortComparisons: 0 });

/** `count` linear passes over n elements. */
export function passWork(n: number, count = 1): CompressionWork {
  return { passElements: count * n, sortComparisons: 0 };
}

/** n·log2 n comparisons: the work of a comparison sort of n elements (0 for n ≤ 1). */
export function sortComparisons(n: number): number {
  return n > 1 ? n * Math.log2(n) : 0;
}

/** a + b. */
export function addWork(a: CompressionWork, b: CompressionWork): CompressionWork {
  return { passElements: a.passElements + b.passElements, sortComparisons: a.sortComparisons + b.sortComparisons };
}
