import * as msg from '../messages.js';

/** A dense message: all d values, in coordinate order. */
export interface DenseMessage {
  readonly kind: 'dense';
  /** The d values (the message owns this array). */
  readonly values: Float32Array;
  /** Exact size of the encoded payload, bits. */
  readonly bits: number;
  /** Human-readable statement of the encoding, e.g. "dense fp32: 1000×32 bits". */
  readonly encoding: string;
}

/** A sparse message: k (index, value) pairs out of a d-dimensional vector. */
export interface SparseMessage {
  readonly kind: 'sparse';
  /** Dimension d of the vector the pairs belong to. */
  readonly dim: number;
  /** The k coordinates sent, strictly increasing, each in [0, dim). */
  readonly indices: Int32Array;
  /** The k values, `values[j]` belonging to `indices[j]`. */
  readonly values: Float32Array;
  /** Exact size of the encoded payload, bits. */
  readonly bits: number;
  /** Human-readable statement of the encoding. */
  readonly encoding: string;
}

/**
 * What a compressor hands to the network: the numbers (to be applied by the
 * receiver) and the exact payload size in bits that the network must carry.
 * Framing and headers are the network's business, not counted here.
 */
export type CompressedMessage = DenseMessage | SparseMessage;

/** Turns a dense gradient into a message; may hold state (e.g. error-feedback memory). */
export interface Compressor {
  /** Short identifier for results, e.g. "identity", "topk(k=10)", "ef(topk(k=10))". */
  readonly name: string;
  /** Dimension d of every vector it accepts. */
  readonly dim: number;
  /** Compress `g` (never mutated). The returned message owns its arrays. */
  compress(g: Float32Array): CompressedMessage;
}

/** Bits of one fp32 value. */
export const FP32_BITS = 32;
/** Bits of one raw (uncompressed) coordinate index. */
export const INDEX_BITS = 32;

/** Dense fp32 encoding: d × 32 bits. Takes ownership of `values`. */
export function denseFp32(values: Float32Array): DenseMessage {
  const d = values.length;
  return { kind: 'dense', values, bits: d * FP32_BITS, encoding: `dense fp32: ${d}×${FP32_BITS} bits` };
}

/**
 * Sparse encoding with raw indices: k × (32-bit index + 32-bit fp32 value).
 * k and d are not sent: k follows from the payload length and d is known to
 * both ends. Takes ownership of `indices` and `values`.
 */
export function sparseFp32(dim: number, indices: Int32Array, values: Float32Array): SparseMessage {
  const k = indices.length;
  return {
    kind: 'sparse',
    dim,
    indices,
    values,
    bits: k * (INDEX_BITS + FP32_BITS),
    encoding: `sparse: ${k}×(${INDEX_BITS}-bit index + ${FP32_BITS}-bit fp32 value)`,
  };
}

/**
 * Base class of all compressors: `compress()` guards (input dimension, finite
 * input, well-formed output with 1 ≤ k ≤ d, non-negative integer bits) and
 * records totals; the scheme-specific work is `doCompress()`.
 */
export abstract class BaseCompressor implements Compressor {
  abstract readonly name: string;
  private messageCount = 0;
  private bitCount = 0;

  /** @param dim dimension d of every vector this compressor accepts (positive integer) */
  constructor(readonly dim: number) {
    if (!Number.isInteger(dim) || dim < 1) throw new RangeError(msg.notPositiveInteger('dim', dim));
  }

  /** Messages produced so far. */
  get messages(): number {
    return this.messageCount;
  }

  /** Total payload bits of all messages produced so far. */
  get bitsTotal(): number {
    return this.bitCount;
  }

  compress(g: Float32Array): CompressedMessage {
    if (g.length !== this.dim) throw new RangeError(msg.dimensionMismatch('gradient', g.length, this.dim));
    for (let i = 0; i < g.length; i++) {
      const v = g[i] as number;
      if (!Number.isFinite(v)) throw new RangeError(msg.nonFiniteGradient(i, v));
    }
    const out = this.doCompress(g);
    this.check(out);
    this.messageCount++;
    this.bitCount += out.bits;
    return out;
  }

  /** Scheme-specific compression of a finite vector of length `dim`. Must not mutate `g`. */
  protected abstract doCompress(g: Float32Array): CompressedMessage;

  private check(out: CompressedMessage): void {
    const bad = (reason: string): never => {
      throw new Error(msg.malformedMessage(this.name, reason));
    };
    if (!Number.isInteger(out.bits) || out.bits < 0) bad(`bits = ${out.bits} is not a non-negative integer`);
    if (out.kind === 'dense') {
      if (out.values.length !== this.dim) bad(`dense length ${out.values.length} ≠ d = ${this.dim}`);
      return;
    }
    const k = out.indices.length;
    if (out.dim !== this.dim) bad(`sparse dim ${out.dim} ≠ d = ${this.dim}`);
    if (out.values.length !== k) bad(`${k} indices but ${out.values.length} values`);
    if (k < 1 || k > this.dim) bad(msg.budgetOutOfRange(k, this.dim));
    let previous = -1;
    for (let j = 0; j < k; j++) {
      const i = out.indices[j] as number;
      if (i <= previous || i >= this.dim) bad(`index ${i} at position ${j} is out of range or not increasing`);
      previous = i;
    }
  }
}
