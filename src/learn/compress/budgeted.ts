import * as msg from '../messages.js';
import { BaseCompressor, type CompressContext, type CompressorOptions } from './compressor.js';
import { addWork, type CompressionWork } from './work.js';
import { FixedBudget, isBudgetTuner, resolveBudget, type Budget, type BudgetTuner } from './budget.js';
import type { MessageDraft, MessageLayout } from './message.js';

/**
 * Base class of compressors with a budget k (sparsifiers). `doCompress()`
 * asks the budget tuner for k — with the context plus this compressor's
 * `payloadBits(k)` and `dim` — checks it is an integer in [1, d], then calls
 * the scheme-specific `doCompressK()`.
 */
export abstract class BudgetedCompressor extends BaseCompressor {
  private currentTuner: BudgetTuner;
  private lastK: number;
  private readonly layout: MessageLayout;
  private readonly extraBits: number;
  private readonly payloadBits = (k: number): number => this.encoding.bitsFor(this.layout, k) + this.extraBits;

  /**
   * @param dim dimension d
   * @param budget `{ k }`, `{ ratio }` (checked against d now) or a budget tuner
   * @param options encoding, and the message shape (value code, shared-seed
   *   indexing) used to price a k-coordinate message for the tuner
   */
  constructor(
    dim: number,
    budget: Budget | BudgetTuner,
    options: CompressorOptions & {
      readonly mayBeEmpty?: boolean;
      readonly layout: Omit<MessageLayout, 'kind' | 'dim'>;
      /** Bits every message carries beyond its encoding's (a common-step ω_j: see `extraPayloadBits`); default 0. */
      readonly extraBits?: number;
    },
  ) {
    super(dim, options);
    this.extraBits = options.extraBits ?? 0;
    this.layout = { kind: 'sparse', dim, ...options.layout };
    this.currentTuner = BudgetedCompressor.tunerOf(budget, dim);
    this.lastK = isBudgetTuner(budget) ? 0 : resolveBudget(budget, dim);
  }

  /** The budget of the last message (before any: the fixed budget, or 0 with a tuner). */
  get k(): number {
    return this.lastK;
  }

  /** The budget tuner in use. */
  get tuner(): BudgetTuner {
    return this.currentTuner;
  }

  /** Change the budget (or tuner) for subsequent messages. */
  setBudget(budget: Budget | BudgetTuner): void {
    this.currentTuner = BudgetedCompressor.tunerOf(budget, this.dim);
    if (!isBudgetTuner(budget)) this.lastK = resolveBudget(budget, this.dim);
  }

  protected doCompress(g: Float32Array, context: CompressContext): MessageDraft {
    const k = this.currentTuner.budget(g, { ...context, payloadBits: this.payloadBits, dim: this.dim });
    if (!Number.isInteger(k) || k < 1 || k > this.dim) throw new RangeError(msg.tunerBudgetOutOfRange(this.currentTuner.name, k, this.dim));
    this.lastK = k;
    return this.doCompressK(g, k, context);
  }

  /** The tuner's search for this message's k (if it reports one), then the selection passes. */
  protected override messageWork(): CompressionWork {
    const selection = super.messageWork();
    const search = this.currentTuner.lastWork;
    return search === undefined ? selection : addWork(search, selection);
  }

  /** Compress `g` with budget k ∈ [1, d] (checked). Must not mutate `g`. */
  protected abstract doCompressK(g: Float32Array, k: number, context: CompressContext): MessageDraft;

  private static tunerOf(budget: Budget | BudgetTuner, dim: number): BudgetTuner {
    if (isBudgetTuner(budget)) return budget;
    resolveBudget(budget, dim); // reject a budget outside [1, d] now, with the catalog message
    return new FixedBudget(budget);
  }
}

/** Resolve the `precision` option: 32 (default) or 64 bits per value. */
export function precisionCode(precision: 32 | 64 | undefined): { readonly kind: 'fp32' } | { readonly kind: 'fp64' } {
  const p = precision ?? 32;
  if (p !== 32 && p !== 64) throw new RangeError(msg.precisionInvalid(p));
  return p === 32 ? { kind: 'fp32' } : { kind: 'fp64' };
}
