/**
 * What a compressor sends, described so that an encoding can price and
 * serialize it: the dimension, which coordinates (indices, or all of them),
 * how the receiver learns the indices, the values exactly as the receiver
 * decodes them, and the value code that says how those values travel.
 *
 * A compressor builds a {@link MessageDraft}; its {@link Encoding} (see
 * `src/learn/encoding`) adds `bits` and the `encoding` statement, giving a
 * {@link CompressedMessage}. This module holds types and the decoding
 * formulas only (no encoding logic), so the encoding layer can import it.
 */

/**
 * How the values travel.
 * - `fp32`: each value as an IEEE-754 single (32 bits).
 * - `fp64`: each value as an IEEE-754 double (64 bits). The simulation's
 *   vectors are float32, so the decoded values are the same as with `fp32`;
 *   only the price differs (CAT's FPP = 64).
 * - `sign-scale`: one fp32 `scale` per message, then 1 bit per value;
 *   value = +scale (bit 0) or −scale (bit 1). CAT eq. 3.
 * - `qsgd`: one fp32 `norm` per message, then per value a sign bit and a
 *   level index ℓ ∈ [0, s] in ⌈log2(s+1)⌉ bits (fixed width, not Elias
 *   coding); value = {@link qsgdValue}(norm, ±ℓ, s). Alistarh et al. 2017.
 */
export type ValueCode =
  | { readonly kind: 'fp32' }
  | { readonly kind: 'fp64' }
  | {
      readonly kind: 'sign-scale';
      /** The magnitude every value decodes to; a float32 number ≥ 0. */
      readonly scale: number;
    }
  | {
      readonly kind: 'qsgd';
      /** Number of quantisation levels s (integer ≥ 1). */
      readonly s: number;
      /** The vector norm the levels scale; a float32 number ≥ 0. */
      readonly norm: number;
      /** Signed level per value, in [−s, s]; `levels[j]` belongs to `values[j]`. */
      readonly levels: Int32Array;
    };

/** The value-code names. */
export type ValueCodeKind = ValueCode['kind'];

/**
 * How the receiver knows a sparse message's indices.
 * - `sent`: the indices are in the payload (priced by the encoding's index coding).
 * - `shared-seed`: worker and receiver derive the same index set from the
 *   random stream `(seed, run, stream)` (see `sharedRandomIndices`); the
 *   payload carries no index bits.
 */
export type Indexing =
  | { readonly kind: 'sent' }
  | {
      readonly kind: 'shared-seed';
      /** Scenario seed of the stream. */
      readonly seed: number | string;
      /** Run index of the stream. */
      readonly run: number;
      /** Stream name, e.g. `randk/iteration/7`. */
      readonly stream: string;
    };

/** The indices travel in the payload. */
export const INDICES_SENT: Indexing = Object.freeze({ kind: 'sent' });
/** Values as fp32. */
export const FP32: ValueCode = Object.freeze({ kind: 'fp32' });
/** Values as fp64. */
export const FP64: ValueCode = Object.freeze({ kind: 'fp64' });

/** A dense message before pricing: all d values, in coordinate order. */
export interface DenseDraft {
  readonly kind: 'dense';
  /** Dimension d (= values.length). */
  readonly dim: number;
  /** The d values as the receiver decodes them (the message owns this array). */
  readonly values: Float32Array;
  /** How the values travel. */
  readonly valueCode: ValueCode;
}

/** A sparse message before pricing: k (index, value) pairs out of a d-dimensional vector. */
export interface SparseDraft {
  readonly kind: 'sparse';
  /** Dimension d of the vector the pairs belong to. */
  readonly dim: number;
  /** The k coordinates, strictly increasing, each in [0, dim). */
  readonly indices: Int32Array;
  /** How the receiver knows `indices`. */
  readonly indexing: Indexing;
  /** The k values as the receiver decodes them; `values[j]` belongs to `indices[j]`. */
  readonly values: Float32Array;
  /** How the values travel. */
  readonly valueCode: ValueCode;
  /**
   * CAT Appendix G's common multi-node step: the values are Q_T(g) with no
   * step folded in, and the message carries the sender's ω_j(T) (one fp32
   * scalar on top of the encoding's bits, see {@link extraPayloadBits}); a
   * receiver combining n such messages scales their mean by ω/2 with
   * ω = (Σ_j 1/(n·ω_j))⁻¹ (see `CommonStep`). Absent: the values are final.
   */
  readonly commonStep?: { readonly omega: number };
}

/** Bits a draft carries beyond what its encoding prices: the fp32 ω_j of a common-step message. */
export function extraPayloadBits(m: MessageDraft): number {
  return m.kind === 'sparse' && m.commonStep !== undefined ? 32 : 0;
}

/** A message before its encoding has priced it. */
export type MessageDraft = DenseDraft | SparseDraft;

/** What an encoding adds to a draft. */
export interface Priced {
  /** Exact size of the encoded payload, bits (framing and headers are the network's). */
  readonly bits: number;
  /** Human-readable statement of the encoding, e.g. "dense fp32: 1000×32 bits". */
  readonly encoding: string;
}

/** A priced dense message. */
export interface DenseMessage extends DenseDraft, Priced {}
/** A priced sparse message. */
export interface SparseMessage extends SparseDraft, Priced {}

/**
 * What a compressor hands to the network: the numbers (to be applied by the
 * receiver) and the exact payload size in bits that the network must carry.
 */
export type CompressedMessage = DenseMessage | SparseMessage;

/**
 * What a receiver knows about a message without reading its payload: the
 * protocol fixes the shape, the dimension and the value code (and for QSGD
 * the level count), and for shared-seed indices the stream to derive them from.
 */
export interface MessageLayout {
  readonly kind: 'dense' | 'sparse';
  readonly dim: number;
  readonly value: ValueCodeKind;
  /** QSGD level count s (required when value = 'qsgd'). */
  readonly s?: number;
  /** Sparse messages: how the indices are known; default `sent`. */
  readonly indexing?: Indexing;
}

/** The layout a receiver of `m` must know out of band. */
export function layoutOf(m: MessageDraft): MessageLayout {
  const base = { kind: m.kind, dim: m.dim, value: m.valueCode.kind };
  const s = m.valueCode.kind === 'qsgd' ? { s: m.valueCode.s } : {};
  return m.kind === 'sparse' ? { ...base, ...s, indexing: m.indexing } : { ...base, ...s };
}

/**
 * The decoded value of a QSGD level: fp32(norm · level / s). Worker and
 * receiver both use this formula, so the decoded values agree bit for bit.
 * @param norm the message's fp32 norm
 * @param level signed level in [−s, s]
 * @param s number of levels
 */
export function qsgdValue(norm: number, level: number, s: number): number {
  return Math.fround((norm * level) / s);
}

/** The decoded value of a sign-scale entry: +scale or −scale. */
export function signScaleValue(scale: number, negative: boolean): number {
  return negative ? -scale : scale;
}
