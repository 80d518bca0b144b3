/**
 * Alistarh et al.'s dynamic sparsity rule as a compressor (the baseline of
 * CAT's §6): Top-k sign (S+Q) or Top-k with the budget of an
 * {@link AlistarhTuner} (learn/tuners/alistarh.ts).
 */
import type { Encoding } from '../encoding/encoding.js';
import { AlistarhTuner } from '../tuners/alistarh.js';
import type { Compressor } from './compressor.js';
import { TopK } from './topk.js';
import { TopKSign } from './topk-sign.js';

/** Options of {@link makeAlistarhCompressor}. */
export interface AlistarhCompressorOptions {
  /** Dimension d. */
  readonly dim: number;
  /** Encoding that prices messages; default raw32 (`packed` gives CAT eq. 5). */
  readonly encoding?: Encoding;
  /**
   * true (default): sparsification + quantization (CAT eq. 3), the "Alistarh's
   * S+Q (dynamic)" CAT compares against in §6, with Lemma 3's step folded in
   * (`TopKSign` scale `mean`: values ±‖g_T‖₁/T) so that a 1/L scheme step is
   * γ = √β(T)/(√T·L), the step CAT's §6 runs both methods with. false: plain
   * Top-k values (eq. 2), Lemma 1's step 1/L.
   */
  readonly quantize?: boolean;
  /** FPP of the values when `quantize` is false: 32 (default) or 64. */
  readonly precision?: 32 | 64;
}

/** Alistarh et al.'s dynamic rule on Top-k sign (S+Q) or Top-k; apply with learning rate 1/L. */
export function makeAlistarhCompressor(options: AlistarhCompressorOptions): Compressor {
  const tuner = new AlistarhTuner();
  const encoding = options.encoding === undefined ? {} : { encoding: options.encoding };
  if (options.quantize ?? true) return new TopKSign(options.dim, tuner, { ...encoding, scale: 'mean' });
  return new TopK(options.dim, tuner, { ...encoding, ...(options.precision === undefined ? {} : { precision: options.precision }) });
}
