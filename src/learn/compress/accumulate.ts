import * as msg from '../messages.js';
import type { CompressedMessage, MessageDraft } from './message.js';

/**
 * `acc += scale · decode(message)`, in place. Used by the server to average
 * worker messages (scale = 1/P). Sparse messages touch only their k
 * coordinates. The message's `values` are already decoded (whatever the
 * value code), so this is the same for every compressor.
 * @param acc dense accumulator, length d (mutated)
 * @param message dense (length d) or sparse (dim d) message
 * @param scale multiplier applied to every value; default 1
 */
export function addMessage(acc: Float32Array, message: CompressedMessage | MessageDraft, scale = 1): void {
  const dim = message.kind === 'dense' ? message.values.length : message.dim;
  if (acc.length !== dim) throw new RangeError(msg.dimensionMismatch('accumulator', acc.length, dim));
  const { values } = message;
  if (message.kind === 'dense') {
    for (let i = 0; i < dim; i++) acc[i] = (acc[i] as number) + scale * (values[i] as number);
    return;
  }
  const { indices } = message;
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j] as number;
    acc[i] = (acc[i] as number) + scale * (values[j] as number);
  }
}

/** The dense vector a message stands for (a new array; zeros where a sparse message sends nothing). */
export function toDense(message: CompressedMessage | MessageDraft): Float32Array {
  if (message.kind === 'dense') return message.values.slice();
  const out = new Float32Array(message.dim);
  addMessage(out, message);
  return out;
}

/**
 * CAT Appendix G, Lemma 10: the common step of n workers' stochastic
 * sparsifications. Each message of a round that carries its sender's ω_j
 * (`commonStep`) holds Q_{T_j}(g_j) unscaled; the combined mean is scaled by
 * ω/2, ω = (Σ_j 1/(n·ω_j))⁻¹, so that a 1/L step applies γ = ω/(2L). Feed
 * every message of the round to {@link add}, then apply {@link factor}.
 */
export class CommonStep {
  private inverse = 0;
  private common = 0;
  private plain = 0;

  /** Count one message of the round. */
  add(m: CompressedMessage | MessageDraft): void {
    if (m.kind === 'sparse' && m.commonStep !== undefined) {
      this.inverse += 1 / m.commonStep.omega;
      this.common++;
    } else this.plain++;
  }

  /** ω/2 for the round's messages (1 when none carries ω_j); then forgets them. */
  factor(): number {
    const { common, plain, inverse } = this;
    this.inverse = 0;
    this.common = 0;
    this.plain = 0;
    if (common === 0) return 1;
    if (plain > 0) throw new Error(`${common} messages of a round ask for CAT's common step (App. G) and ${plain} do not: every worker's compressor must use the same step rule`);
    return common / inverse / 2; // (Σ 1/(n ω_j))⁻¹ / 2
  }
}

/** v ← fp32(factor · v), in place (no-op for factor 1). */
export function scaleInPlace(v: Float32Array, factor: number): void {
  if (factor === 1) return;
  for (let i = 0; i < v.length; i++) v[i] = factor * (v[i] as number);
}
