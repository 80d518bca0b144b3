import { INDICES_SENT, signScaleValue, type MessageDraft } from './message.js';

/**
 * The coordinates of `top` (top-k indices of g) that carry a sign: zeros among
 * the largest have none and are not sent. Compacts `top` in place and returns
 * the kept prefix (`top` itself when nothing was dropped) and ‖g_kept‖₁.
 */
export function signedTop(g: Float32Array, top: Int32Array): { indices: Int32Array; l1: number } {
  let kept = 0;
  let l1 = 0;
  for (let j = 0; j < top.length; j++) {
    const v = g[top[j] as number] as number;
    if (v !== 0) {
      top[kept++] = top[j] as number;
      l1 += Math.abs(v);
    }
  }
  return { indices: kept === top.length ? top : top.slice(0, kept), l1 };
}

/** The sparse message scale·sign(g_j) for j in `indices` (`scale` already float32). */
export function signScaleDraft(dim: number, g: Float32Array, indices: Int32Array, scale: number): MessageDraft {
  const values = new Float32Array(indices.length);
  for (let j = 0; j < indices.length; j++) values[j] = signScaleValue(scale, (g[indices[j] as number] as number) < 0);
  return { kind: 'sparse', dim, indices, indexing: INDICES_SENT, values, valueCode: { kind: 'sign-scale', scale } };
}
