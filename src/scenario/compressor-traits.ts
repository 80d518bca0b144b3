import type { SchemeConfig } from './schema.js';

/** A compressor kind the scenario schema accepts (schema-scheme.ts's CompressorSchema). */
export type CompressorKind = SchemeConfig['uplink']['compressor']['kind'];

/**
 * What the scenario checks and estimates need to know of a compressor kind,
 * declared once per kind (test/scenario/compressor-traits.test.ts checks each
 * against the real compressor).
 */
export interface CompressorTraits {
  /**
   * What one message's payload is bounded by in the estimates: 'dense', 4 B per
   * coordinate (4d); 'sparse', 8 B per kept coordinate (an index and a value,
   * at most) of its k (d when it has no fixed budget).
   */
  readonly payload: 'dense' | 'sparse';
  /**
   * Every sender's message has the same size for the same budget, whatever the
   * gradient (with an index coding whose size depends on k alone), so messages
   * sent at once share one packet train.
   */
  readonly oneSize: boolean;
  /** A budgeted sparsifier whose k AdapTop-K can schedule. */
  readonly adaptopk: boolean;
  /** Folds its step γ(T) into the message values: the scheme must step by exactly 1/L with a mean, and the model needs a smoothness L. */
  readonly foldsStep: boolean;
}

export const COMPRESSOR_TRAITS = {
  // every coordinate as a float: its size is d's alone
  identity: { payload: 'dense', oneSize: true, adaptopk: false, foldsStep: false },
  // exactly k indices and values, whichever k they are
  topk: { payload: 'sparse', oneSize: true, adaptopk: true, foldsStep: false },
  // exactly k values (the indices come from a shared stream)
  randk: { payload: 'sparse', oneSize: true, adaptopk: true, foldsStep: false },
  // exactly k indices, their signs and one scale
  'topk-sign': { payload: 'sparse', oneSize: true, adaptopk: true, foldsStep: false },
  // keeps each coordinate with a probability: each message's count is drawn (k is its expectation, not a count AdapTop-K schedules)
  stochastic: { payload: 'sparse', oneSize: false, adaptopk: false, foldsStep: false },
  // a fixed-width sign and level per coordinate and one norm: 32 + d(1 + ⌈log2(s+1)⌉) bits whatever the gradient, under 4d bytes
  qsgd: { payload: 'dense', oneSize: true, adaptopk: false, foldsStep: false },
  // T coordinates, chosen per message from the gradient (up to d: 8d, above a dense 4d); γ(T) is in the values
  cat: { payload: 'sparse', oneSize: false, adaptopk: false, foldsStep: true },
  // keeps the smallest set of largest magnitudes with Σ|g_j| ≥ ‖g‖₂: its count follows the gradient; γ(T) is in the values
  alistarh: { payload: 'sparse', oneSize: false, adaptopk: false, foldsStep: true },
  // Top-k of a regularised score: exactly k indices and values
  regtopk: { payload: 'sparse', oneSize: true, adaptopk: true, foldsStep: false },
} as const satisfies Record<CompressorKind, CompressorTraits>;

/** The traits of a compressor kind. */
export function compressorTraits(kind: CompressorKind): CompressorTraits {
  return COMPRESSOR_TRAITS[kind];
}

/** The kinds that fold their step into their values (their type follows the table). */
export type FoldsStepKind = { [K in CompressorKind]: (typeof COMPRESSOR_TRAITS)[K]['foldsStep'] extends true ? K : never }[CompressorKind];

/** Whether a kind folds its step into its values (see CompressorTraits.foldsStep). */
export function foldsStep(kind: CompressorKind): kind is FoldsStepKind {
  return COMPRESSOR_TRAITS[kind].foldsStep;
}

/** The kinds with a trait, in the table's order (the schema's). */
export function kindsWith(trait: 'oneSize' | 'adaptopk' | 'foldsStep'): CompressorKind[] {
  return (Object.keys(COMPRESSOR_TRAITS) as CompressorKind[]).filter((k) => COMPRESSOR_TRAITS[k][trait]);
}
