/**
 * CAT's variants and cost shapes, and the input and result of its step-1
 * search ({@link catSearch} in search.ts).
 */
/** The three CAT compressors: eq. 2 + eq. 8, eq. 3 + eq. 9, eq. 4 + §5. */
export type CatVariant = 'sparsification' | 'sparsification-quantization' | 'stochastic';

/** Every CAT variant. */
export const CAT_VARIANTS: readonly CatVariant[] = ['sparsification', 'sparsification-quantization', 'stochastic'];

/**
 * What the search may assume about C(T) beyond being positive and
 * non-decreasing in T (which it always assumes):
 * - `general`: nothing more; exact for any such cost (e.g. the simulated
 *   network's bits, packets, seconds or joules of a transfer).
 * - `affine`: C(T) = c̃1·T + c0 (CAT's affine model over an encoding whose
 *   payload is affine in T: raw32, packed, bitmap). Prop. 1: α(T)/C(T) is
 *   quasi-concave, so the sparsification search stops at the first decrease.
 *   Checked on three points.
 * - `packet`: C(T) depends on T only through ⌈P(T)/pMaxBits⌉ (eq. 6). Prop. 1
 *   (and §5 for ω): with a non-decreasing measure only the last T of each
 *   packet count — "multiples of τmax" — and d are candidates.
 */
export type CostShape =
  | { readonly kind: 'general' }
  | { readonly kind: 'affine' }
  | {
      readonly kind: 'packet';
      /** Payload bits per packet, Pmax (positive integer). */
      readonly pMaxBits: number;
    };

/** Inputs of {@link catSearch}. */
export interface CatSearchInput {
  readonly variant: CatVariant;
  /** C(T) of a T-coordinate message: finite, > 0 and non-decreasing in T. */
  readonly cost: (budget: number) => number;
  /** P(T), payload bits of a T-coordinate message, non-decreasing in T (used for packet plateaus and errors). */
  readonly payloadBits: (budget: number) => number;
  /** Default `general`. */
  readonly shape?: CostShape;
  /**
   * `auto` (default): a window guessed from a sample, then the histogram if
   * the window cannot certify the optimum. `window` / `histogram` force one
   * start (for tests); either way the answer is exact.
   */
  readonly strategy?: 'auto' | 'window' | 'histogram';
  /**
   * Keep the candidates whose exact measure the certifying pass evaluated
   * (in {@link CatSearchResult.candidates}). Default false: nothing kept.
   */
  readonly recordCandidates?: boolean;
}

/** One T at which the search evaluated the exact measure and the cost. */
export interface CatCandidate {
  /** T. */
  readonly budget: number;
  /** α(T), β(T) or ω(T), exactly as the search computed it. */
  readonly measure: number;
  /** C(T). */
  readonly cost: number;
  /** measure / cost, the ratio the search compared. */
  readonly efficiency: number;
}

/** The chosen budget and what the search did. */
export interface CatSearchResult {
  /** T*, in [1, d]. */
  readonly budget: number;
  /** α(T*), β(T*) or ω(T*). */
  readonly measure: number;
  /** C(T*). */
  readonly cost: number;
  /** measure / cost, the maximised ratio (eq. 7). */
  readonly efficiency: number;
  /** How the optimum was certified: from the sampled window, the histogram (+ refinement), or g = 0. */
  readonly strategy: 'window' | 'histogram' | 'zero';
  /** Full passes over g (the sample excluded). */
  readonly passes: number;
  /** Magnitudes that were sorted (a few thousand on typical gradients; never d unless every bucket could hold the optimum). */
  readonly sortedElements: number;
  /** Magnitudes read (and sorted) by the sample that guessed the window; 0 when no sample was taken. */
  readonly sampledElements: number;
  /** Distinct T at which C(T) was evaluated. */
  readonly costEvaluations: number;
  /**
   * With `recordCandidates`: every T at which the pass that certified T*
   * evaluated the exact ratio, ascending in T (T* among them). Not every T
   * in [1, d]: the search skips ranges its bounds rule out, and the sample
   * estimates and bounds it used on the way are not measures, so they are
   * not listed.
   */
  readonly candidates?: readonly CatCandidate[];
}
