import * as msg from '../messages.js';
import { RAW32, type Encoding } from '../encoding/encoding.js';
import type { BudgetContext } from './budget.js';
import { passWork, type CompressionWork } from './work.js';
import { FP32, INDICES_SENT, extraPayloadBits, qsgdValue, signScaleValue, type CompressedMessage, type DenseMessage, type MessageDraft, type SparseMessage } from './message.js';

export * from './message.js';
export { NO_WORK, addWork, passWork, sortComparisons, type CompressionWork } from './work.js';

/**
 * Per-message context a scheme passes to `compress`: which iteration and
 * worker (Rand-k derives its shared indices from the iteration; budget tuners
 * may adapt to both), and optionally the cost C(k) of a k-coordinate message.
 * When omitted, a compressor uses iteration = number of messages it has
 * produced so far (0, 1, 2, …) and worker = 0.
 */
export type CompressContext = Pick<BudgetContext, 'iteration' | 'worker' | 'cost'> & {
  /**
   * The caller has checked that every coordinate is finite (e.g. its ‖g‖²,
   * summed while forming g, is finite), so `compress` skips its own pass.
   */
  readonly inputFinite?: boolean;
};

/** Turns a dense vector into a message; may hold state (e.g. error-feedback memory). */
export interface Compressor {
  /** Short identifier for results, e.g. "identity", "topk", "ef(topk)". */
  readonly name: string;
  /** Dimension d of every vector it accepts. */
  readonly dim: number;
  /** The encoding that prices (and can serialize) its messages. */
  readonly encoding: Encoding;
  /** Whether a message may carry no coordinates (stochastic sparsifiers, an all-zero input). */
  readonly mayBeEmpty: boolean;
  /**
   * Passes over the vector its selection or quantisation takes: 0 to send
   * the vector as is or to pick shared random indices, else 1. What a
   * message costs before it is made (a budget search comes on top): schemes
   * charge {@link lastWork} instead.
   */
  readonly selectionPasses: number;
  /**
   * The compute the last `compress` did (see {@link CompressionWork}): its
   * selection passes, plus whatever its budget tuner searched for that
   * message. Zero work before the first message.
   */
  readonly lastWork: CompressionWork;
  /**
   * Diagnostics, for compressors whose budget tuner searches (CAT): the
   * decisions it kept (CAT's at `curveIterations`, cat.csv), in the order
   * made, each with every budget its search evaluated. Reading them changes
   * nothing; absent when the compressor keeps none.
   */
  readonly budgetCurves?: readonly BudgetCurve[];
  /**
   * The memory it keeps between messages (error feedback), through which
   * schemes read its input's and residual's norms instead of computing them;
   * absent when its input is the vector given.
   */
  readonly residual?: ResidualMemory;
  /**
   * True when every message decodes exactly to the vector compressed (the
   * identity): schemes take the compression error as 0 without a pass over
   * d. Absent: false.
   */
  readonly lossless?: boolean;
  /** Compress `g` (never mutated). The returned message owns its arrays. */
  compress(g: Float32Array, context?: CompressContext): CompressedMessage;
}

/**
 * Error-feedback memory e of a compressor ({@link Compressor.residual}): each
 * `compress(g)` compresses v = fp32(g + e) and keeps e ← v − decode(sent).
 */
export interface ResidualMemory {
  /** ‖v‖² (float64) of the last input formed: what CAT's α and the compression error divide by. */
  readonly inputNormSq: number;
  /** ‖e‖² (float64) after the last message: ‖v − decode(sent)‖². */
  residualNormSq(): number;
  /** A copy of e. */
  memory(): Float32Array;
  /** fp32(e + g), the input the next `compress(g)` will form (a fresh array; e unchanged). */
  inputFor(g: Float32Array): Float32Array;
}

/** One budget decision a compressor kept for diagnostics (see {@link Compressor.budgetCurves}). */
export interface BudgetCurve {
  /** The iteration the budget was decided for. */
  readonly iteration: number;
  /** The iteration whose search chose it (earlier when a hybrid reused it). */
  readonly searchedAt: number;
  /** The budget chosen. */
  readonly budget: number;
  /** What the search measured (CAT: its variant). */
  readonly variant: string;
  /** Every budget the search evaluated, ascending, the chosen one among them. */
  readonly candidates: readonly BudgetCandidate[];
}

/** One budget a search evaluated: its measure, its cost C, and the ratio compared. */
export interface BudgetCandidate {
  readonly budget: number;
  readonly measure: number;
  readonly cost: number;
  /** measure / cost. */
  readonly efficiency: number;
}

/** Options every compressor accepts. */
export interface CompressorOptions {
  /** The encoding that prices messages; default {@link RAW32} (32-bit indices, no header). */
  readonly encoding?: Encoding;
}

/** Bits of one fp32 value. */
export const FP32_BITS = 32;
/** Bits of one raw (uncompressed) coordinate index. */
export const INDEX_BITS = 32;

/** Dense fp32 message: d × 32 bits. Takes ownership of `values`. */
export function denseFp32(values: Float32Array): DenseMessage {
  return RAW32.price({ kind: 'dense', dim: values.length, values, valueCode: FP32 }) as DenseMessage;
}

/**
 * Sparse fp32 message with raw 32-bit indices sent: k × (32 + 32) bits, no
 * header (k follows from the payload length; d is known to both ends).
 * Takes ownership of `indices` and `values`.
 */
export function sparseFp32(dim: number, indices: Int32Array, values: Float32Array): SparseMessage {
  return RAW32.price({ kind: 'sparse', dim, indices, indexing: INDICES_SENT, values, valueCode: FP32 }) as SparseMessage;
}

/**
 * Base class of all compressors. `compress()` guards — input dimension,
 * finite input, a well-formed draft (1 ≤ k ≤ d unless `mayBeEmpty`,
 * increasing in-range indices, values consistent with the value code) — then
 * has the encoding price the draft and records totals. The scheme-specific
 * work is `doCompress()`, which returns an unpriced draft.
 */
export abstract class BaseCompressor implements Compressor {
  abstract readonly name: string;
  readonly encoding: Encoding;
  readonly mayBeEmpty: boolean;
  private messageCount = 0;
  private bitCount = 0;
  private work: CompressionWork = passWork(0);

  /**
   * @param dim dimension d of every vector this compressor accepts (positive integer)
   * @param options encoding (default raw32) and whether empty messages are legitimate (default false)
   */
  constructor(
    readonly dim: number,
    options: CompressorOptions & { readonly mayBeEmpty?: boolean } = {},
  ) {
    if (!Number.isInteger(dim) || dim < 1) throw new RangeError(msg.notPositiveInteger('dim', dim));
    this.encoding = options.encoding ?? RAW32;
    this.mayBeEmpty = options.mayBeEmpty ?? false;
  }

  /** One selection or quantisation pass; compressors that make none override it. */
  get selectionPasses(): number {
    return 1;
  }

  /** The compute of the last message (see {@link Compressor.lastWork}). */
  get lastWork(): CompressionWork {
    return this.work;
  }

  /** Messages produced so far. */
  get messages(): number {
    return this.messageCount;
  }

  /** Total payload bits of all messages produced so far. */
  get bitsTotal(): number {
    return this.bitCount;
  }

  compress(g: Float32Array, context?: CompressContext): CompressedMessage {
    if (g.length !== this.dim) throw new RangeError(msg.dimensionMismatch('gradient', g.length, this.dim));
    // 0·x is 0 for finite x and NaN for ±∞ and NaN: one add per element, then locate.
    let probe = 0;
    if (context?.inputFinite !== true) for (let i = 0; i < g.length; i++) probe += (g[i] as number) * 0;
    if (probe !== 0) {
      for (let i = 0; i < g.length; i++) {
        const v = g[i] as number;
        if (!Number.isFinite(v)) throw new RangeError(msg.nonFiniteGradient(i, v));
      }
    }
    const draft = this.doCompress(g, context ?? { iteration: this.messageCount, worker: 0 });
    this.check(draft);
    const priced = this.encoding.price(draft);
    const extra = extraPayloadBits(draft);
    const out = extra === 0 ? priced : { ...priced, bits: priced.bits + extra, encoding: `${priced.encoding} + fp32 ω (${extra} bits)` };
    this.work = this.messageWork();
    this.messageCount++;
    this.bitCount += out.bits;
    return out;
  }

  /**
   * The compute of the message `doCompress` has just made: by default its
   * {@link selectionPasses} over d. Compressors whose work varies per
   * message (a budget search, a reused budget) override it.
   */
  protected messageWork(): CompressionWork {
    return passWork(this.dim, this.selectionPasses);
  }

  /**
   * Scheme-specific compression of a finite vector of length `dim`. Must not
   * mutate `g`; returns a draft (a priced message is accepted too and re-priced).
   */
  protected abstract doCompress(g: Float32Array, context: CompressContext): MessageDraft;

  private check(out: MessageDraft): void {
    const bad = (reason: string): never => {
      throw new Error(msg.malformedMessage(this.name, reason));
    };
    if (out.dim !== this.dim) bad(`${out.kind} dim ${out.dim} ≠ d = ${this.dim}`);
    const code = out.valueCode;
    if (out.kind === 'dense') {
      if (out.values.length !== this.dim) bad(`dense length ${out.values.length} ≠ d = ${this.dim}`);
    } else {
      const k = out.indices.length;
      if (out.values.length !== k) bad(`${k} indices but ${out.values.length} values`);
      if ((k < 1 && !this.mayBeEmpty) || k > this.dim) bad(msg.budgetOutOfRange(k, this.dim));
      let previous = -1;
      for (let j = 0; j < k; j++) {
        const i = out.indices[j] as number;
        if (i <= previous || i >= this.dim) bad(`index ${i} at position ${j} is out of range or not increasing`);
        previous = i;
      }
    }
    const { values } = out;
    if (code.kind === 'sign-scale') {
      if (!(code.scale >= 0 && Math.fround(code.scale) === code.scale)) bad(`sign-scale scale ${code.scale} is not a float32 ≥ 0`);
      for (let j = 0; j < values.length; j++) {
        const v = values[j] as number;
        if (v !== signScaleValue(code.scale, v < 0)) bad(`value ${v} at ${j} is not ±${code.scale}`);
      }
    } else if (code.kind === 'qsgd') {
      if (code.levels.length !== values.length) bad(`${code.levels.length} QSGD levels for ${values.length} values`);
      for (let j = 0; j < values.length; j++) {
        const level = code.levels[j] as number;
        if (Math.abs(level) > code.s || values[j] !== qsgdValue(code.norm, level, code.s)) bad(`value ${values[j]} at ${j} does not decode from level ${level}`);
      }
    }
  }
}
