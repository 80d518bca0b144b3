import { BudgetedCompressor, precisionCode } from './budgeted.js';
import type { Budget, BudgetTuner } from './budget.js';
import type { CompressorOptions } from './compressor.js';
import { INDICES_SENT, type MessageDraft, type ValueCode } from './message.js';
import { TopKWorkspace, topKIndices } from './select.js';

export { topKIndices, TopKWorkspace } from './select.js';

/** Options of {@link TopK}. */
export interface TopKOptions extends CompressorOptions {
  /** Bits per value on the wire: 32 (default) or 64 (CAT's FPP). Values are float32 either way. */
  readonly precision?: 32 | 64;
}

/**
 * Top-k sparsification (CAT eq. 2): send the k coordinates of largest
 * magnitude, values verbatim. Ties in magnitude go to the lower index, so the
 * choice is reproducible. Selection is one pass, never a sort (see
 * {@link topKIndices}). With the default encoding (raw32, fp32) bits = 64·k;
 * with `packed` indices it is CAT eq. 5's P^S(k) = k(⌈log2 d⌉ + FPP).
 */
export class TopK extends BudgetedCompressor {
  readonly name = 'topk';
  private readonly valueCode: ValueCode;
  private readonly workspace = new TopKWorkspace();

  /**
   * @param dim dimension d
   * @param budget `{ k }` with 1 ≤ k ≤ d, `{ ratio }` in (0, 1] (k = max(1, ⌈ratio·d⌉)), or a budget tuner
   * @param options encoding (default raw32) and value precision (default 32)
   */
  constructor(dim: number, budget: Budget | BudgetTuner, options: TopKOptions = {}) {
    const valueCode = precisionCode(options.precision);
    super(dim, budget, { ...options, layout: { value: valueCode.kind } });
    this.valueCode = valueCode;
  }

  protected doCompressK(g: Float32Array, k: number): MessageDraft {
    const indices = topKIndices(g, k, this.workspace);
    const values = new Float32Array(indices.length);
    for (let j = 0; j < indices.length; j++) values[j] = g[indices[j] as number] as number;
    return { kind: 'sparse', dim: this.dim, indices, indexing: INDICES_SENT, values, valueCode: this.valueCode };
  }
}
