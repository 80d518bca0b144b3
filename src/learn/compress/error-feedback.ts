import { BaseCompressor, type CompressContext, type CompressedMessage, type Compressor, type ResidualMemory } from './compressor.js';
import type { MessageDraft } from './message.js';
import type { CompressionWork } from './work.js';

/**
 * Error feedback (memory) around any compressor: the worker keeps what it
 * did not send and adds it to the next gradient.
 *   acc = g + e;  sent = C(acc);  e ← acc − decode(sent)   (float32, elementwise)
 * The message is the inner compressor's message for `acc` (same encoding,
 * bits and statement); the context (iteration, worker, cost) is passed through.
 *
 * Conservation, elementwise in float32:
 * - value-preserving compressors — identity, Top-k, unscaled Rand-k — leave
 *   e_i = 0 where they send and e_i = acc_i elsewhere, so
 *   `sent_i + e_i === acc_i` holds exactly;
 * - compressors that change values (sign-scale, scaled Rand-k, QSGD,
 *   stochastic sparsification) leave e_i = fp32(acc_i − sent_i): exact
 *   whenever that difference is a float32 (e.g. Sterbenz: sent_i within a
 *   factor 2 of acc_i), otherwise off by that one rounding. For the
 *   stochastic ones the residual is acc − decoded for the draw that was sent.
 */
export class ErrorFeedback extends BaseCompressor implements ResidualMemory {
  readonly name: string;
  /** Residual memory e, length d, initially zero; holds acc = g + e during a compress. */
  private readonly e: Float32Array;
  private lastInputNormSq = 0;
  private lastResidualNormSq = 0;

  /** @param inner the compressor applied to g + e (its own budget, encoding and state are kept) */
  constructor(readonly inner: Compressor) {
    super(inner.dim, { encoding: inner.encoding, mayBeEmpty: inner.mayBeEmpty });
    this.name = `ef(${inner.name})`;
    this.e = new Float32Array(inner.dim);
  }

  /** The inner compressor's (forming g + e is not charged). */
  override get selectionPasses(): number {
    return this.inner.selectionPasses;
  }

  /** The inner compressor's work on g + e (forming it is not charged, as above). */
  protected override messageWork(): CompressionWork {
    return this.inner.lastWork;
  }

  /** Its memory is itself (see {@link ResidualMemory}). */
  get residual(): ResidualMemory {
    return this;
  }

  /** Lossless when the inner compressor is: it then sends all of g + e and keeps e = 0. */
  get lossless(): boolean {
    return this.inner.lossless === true;
  }

  /** A copy of the current residual memory e. */
  memory(): Float32Array {
    return this.e.slice();
  }

  /** fp32(e + g), as {@link compress} forms it (a fresh array; e unchanged). */
  inputFor(g: Float32Array): Float32Array {
    const v = this.e.slice();
    for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) + (g[i] as number);
    return v;
  }

  /** ‖g + e‖² (float64) of the last compressed input: what CAT's α and the compression error divide by. */
  get inputNormSq(): number {
    return this.lastInputNormSq;
  }

  /**
   * ‖e‖² (float64) of the residual after the last compress, ‖acc − decode(sent)‖²:
   * ‖acc‖² corrected at the coordinates a sparse message touched (O(k)), or
   * summed over a dense one's.
   */
  residualNormSq(): number {
    return this.lastResidualNormSq;
  }

  /** Forget the residual (e ← 0). */
  reset(): void {
    this.e.fill(0);
  }

  /**
   * Skips the base class's finiteness pass over g: g + e is summed anyway,
   * and a non-finite g makes ‖g + e‖² non-finite, so the inner compressor's
   * pass finds it (and the run ends as diverged).
   */
  override compress(g: Float32Array, context?: CompressContext): CompressedMessage {
    return super.compress(g, { ...(context ?? { iteration: this.messages, worker: 0 }), inputFinite: true });
  }

  protected doCompress(g: Float32Array, context: CompressContext): MessageDraft {
    // acc is formed in the memory itself (no d-sized temporary): e ← g + e, then e ← acc − decode(sent).
    const e = this.e;
    let normSq = 0;
    for (let i = 0; i < e.length; i++) {
      const a = Math.fround((g[i] as number) + (e[i] as number));
      e[i] = a;
      normSq += a * a;
    }
    this.lastInputNormSq = normSq;
    // a finite ‖acc‖² means every coordinate is finite: the inner compressor need not look again
    const out = this.inner.compress(e, Number.isFinite(normSq) ? { ...context, inputFinite: true } : context);
    let left = 0;
    if (out.kind === 'dense') {
      for (let i = 0; i < e.length; i++) {
        const r = Math.fround((e[i] as number) - (out.values[i] as number));
        e[i] = r;
        left += r * r;
      }
    } else {
      left = normSq;
      const { indices, values } = out;
      for (let j = 0; j < indices.length; j++) {
        const i = indices[j] as number;
        const a = e[i] as number;
        const r = Math.fround(a - (values[j] as number));
        e[i] = r;
        left += r * r - a * a;
      }
      left = Math.max(0, left);
    }
    this.lastResidualNormSq = left;
    return out;
  }
}

/** The compressor that selects: the one inside an {@link ErrorFeedback} wrapper, else `c` itself. */
export function selector(c: Compressor): Compressor {
  return c instanceof ErrorFeedback ? c.inner : c;
}
