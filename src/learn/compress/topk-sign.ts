import * as msg from '../messages.js';
import { BudgetedCompressor } from './budgeted.js';
import type { Budget, BudgetTuner } from './budget.js';
import type { CompressorOptions } from './compressor.js';
import type { MessageDraft } from './message.js';
import { signedTop, signScaleDraft } from './sign-scale-top.js';
import { TopKWorkspace, topKIndices } from './select.js';

/**
 * The magnitude a {@link TopKSign} message sends with each sign.
 * - `norm` — CAT eq. 3 verbatim: [Q_T(g)]_j = ‖g‖₂·sign(g_j) for j ∈ I_T(g),
 *   ‖g‖₂ the norm of the whole vector. Then ‖Q_T(g)‖² = T‖g‖², so CAT
 *   applies it with the step γ = √β(T) / (√T·L) of eq. 9 (Lemma 3), not 1/L.
 * - `mean` — eq. 3 with eq. 9's step folded in: L·γ·‖g‖₂ = ‖g_T‖₁ / T, the
 *   mean magnitude of the kept coordinates (since √(Tβ(T)) = ‖g_T‖₁/‖g‖₂).
 *   A plain SGD step with learning rate 1/L then equals CAT's step 3.
 */
export type SignScale = 'norm' | 'mean';

/** Options of {@link TopKSign}. */
export interface TopKSignOptions extends CompressorOptions {
  /** Which magnitude to send; default `norm` (CAT eq. 3 as printed). */
  readonly scale?: SignScale;
}

/**
 * Sparsification + quantization, CAT eq. 3 (Khirirat et al., "A flexible
 * framework for communication-efficient machine learning", §2.1; from
 * Alistarh et al. 2017): the indices I_T(g) of the T largest magnitudes
 * (Top-k, ties to the lower index) and for each only its sign, plus one fp32
 * magnitude per message (see {@link SignScale}). Value code `sign-scale`:
 * bits = 32 + T·(index bits + 1); with packed indices 32 + T(⌈log2 d⌉ + 1)
 * — CAT's P^SQ(T) = FPP + T⌈log2 d⌉ plus the T sign bits it leaves out.
 *
 * Zero coordinates among the T largest carry no sign and are not sent
 * (only when g has fewer than T non-zeros); an all-zero g gives an empty message.
 */
export class TopKSign extends BudgetedCompressor {
  readonly name: string;
  readonly scale: SignScale;
  private readonly workspace = new TopKWorkspace();

  /**
   * @param dim dimension d
   * @param budget T as `{ k }`, `{ ratio }` or a budget tuner
   * @param options scale rule (default `norm`) and encoding
   */
  constructor(dim: number, budget: Budget | BudgetTuner, options: TopKSignOptions = {}) {
    const scale = options.scale ?? 'norm';
    if (scale !== 'norm' && scale !== 'mean') throw new RangeError(msg.optionInvalid('scale', String(scale), ['norm', 'mean']));
    super(dim, budget, { ...options, mayBeEmpty: true, layout: { value: 'sign-scale' } });
    this.scale = scale;
    this.name = scale === 'norm' ? 'topk-sign' : 'topk-sign(mean)';
  }

  protected doCompressK(g: Float32Array, k: number): MessageDraft {
    const { indices, l1 } = signedTop(g, topKIndices(g, k, this.workspace));
    const kept = indices.length;
    let magnitude = 0;
    if (this.scale === 'norm') {
      let sq = 0;
      for (let i = 0; i < g.length; i++) sq += (g[i] as number) * (g[i] as number);
      magnitude = Math.sqrt(sq);
    } else if (kept > 0) {
      magnitude = l1 / kept;
    }
    return signScaleDraft(this.dim, g, indices, Math.fround(magnitude));
  }
}
