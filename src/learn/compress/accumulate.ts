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
