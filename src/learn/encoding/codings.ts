/** The encodings' choices (index coding, header) and the bit widths of their fields. */
import type { ValueCodeKind } from '../compress/message.js';

/**
 * How a sparse message's indices (when `sent`) are written.
 * - `raw32`: each index as a 32-bit unsigned integer — 32·k bits.
 * - `packed`: each index in ⌈log2 d⌉ bits — CAT §2.2's index cost, k·⌈log2 d⌉ bits.
 * - `bitmap`: one bit per coordinate — d bits, whatever k.
 * - `delta-varint`: the first index, then the gaps between consecutive
 *   (sorted) indices, each as an LEB128 varint (7 payload bits per byte) —
 *   8·Σ bytes bits; small when the indices are dense or clustered.
 */
export type IndexCoding = 'raw32' | 'packed' | 'bitmap' | 'delta-varint';

/** Every index coding, in the order above. */
export const INDEX_CODINGS: readonly IndexCoding[] = ['raw32', 'packed', 'bitmap', 'delta-varint'];

/**
 * Per-message header of a sparse message.
 * - `none`: no header; the receiver gets k from the exact payload bit length
 *   (which the transport is assumed to deliver; CAT's P(T) counts no header).
 * - `count32`: k as a 32-bit unsigned integer first, so the payload is
 *   self-delimiting even when padded to whole bytes.
 * Dense messages never carry a header (d is known to both ends).
 */
export type HeaderCoding = 'none' | 'count32';

/** Choice of index coding and header; the value coding follows from each message's value code. */
export interface EncodingOptions {
  /** Index coding for sent indices; default `raw32`. */
  readonly indices?: IndexCoding;
  /** Sparse-message header; default `none`. */
  readonly header?: HeaderCoding;
}

/** A serialized payload: the bytes (last one zero-padded) and the exact length in bits. */
export interface Payload {
  readonly bytes: Uint8Array;
  readonly bits: number;
}

/** Bits of the fp32 scale / norm that sign-scale and QSGD messages carry once. */
export const SCALAR_BITS = 32;
/** Bits of a sparse message's `count32` header. */
export const COUNT_BITS = 32;

/** ⌈log2 d⌉: bits of one packed index (0 when d = 1). */
export function indexWidth(dim: number): number {
  return dim <= 1 ? 0 : 32 - Math.clz32(dim - 1);
}

/** ⌈log2(s+1)⌉: bits of one QSGD level index ℓ ∈ [0, s]. */
export function levelWidth(s: number): number {
  return 32 - Math.clz32(s);
}

/** Bits one value takes under a value code (QSGD: sign + level). */
export function valueBits(kind: ValueCodeKind, s = 1): number {
  switch (kind) {
    case 'fp32':
      return 32;
    case 'fp64':
      return 64;
    case 'sign-scale':
      return 1;
    case 'qsgd':
      return 1 + levelWidth(s);
  }
}

/** Bits a value code spends once per message (the fp32 scale or norm). */
export function scalarBits(kind: ValueCodeKind): number {
  return kind === 'sign-scale' || kind === 'qsgd' ? SCALAR_BITS : 0;
}
