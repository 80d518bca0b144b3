import { BaseCompressor, type CompressedMessage, type Compressor } from './compressor.js';

/**
 * Error feedback (memory) around any compressor: the worker keeps what it
 * did not send and adds it to the next gradient.
 *   acc = g + e;  sent = C(acc);  e ← acc − sent.
 * The message is the inner compressor's message for `acc` (same bits and encoding).
 *
 * Conservation: for sparsifiers that send values verbatim (Top-k) and for the
 * identity, `sent_i + e_i === acc_i` holds exactly in float32 for every i
 * (sent coordinates leave e_i = 0, the rest leave e_i = acc_i). For lossy
 * value encodings it holds up to one float32 rounding of acc_i − sent_i.
 */
export class ErrorFeedback extends BaseCompressor {
  readonly name: string;
  /** Residual memory e, length d, initially zero. */
  private readonly residual: Float32Array;

  /** @param inner the compressor applied to g + e (its own budget and state are kept) */
  constructor(readonly inner: Compressor) {
    super(inner.dim);
    this.name = `ef(${inner.name})`;
    this.residual = new Float32Array(inner.dim);
  }

  /** A copy of the current residual memory e. */
  memory(): Float32Array {
    return this.residual.slice();
  }

  /** Forget the residual (e ← 0). */
  reset(): void {
    this.residual.fill(0);
  }

  protected doCompress(g: Float32Array): CompressedMessage {
    const e = this.residual;
    const acc = new Float32Array(this.dim);
    for (let i = 0; i < acc.length; i++) acc[i] = (g[i] as number) + (e[i] as number);
    const out = this.inner.compress(acc);
    if (out.kind === 'dense') {
      for (let i = 0; i < acc.length; i++) e[i] = (acc[i] as number) - (out.values[i] as number);
    } else {
      e.set(acc);
      const { indices, values } = out;
      for (let j = 0; j < indices.length; j++) {
        const i = indices[j] as number;
        e[i] = (acc[i] as number) - (values[j] as number);
      }
    }
    return out;
  }
}
