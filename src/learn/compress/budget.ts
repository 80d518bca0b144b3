import * as msg from '../messages.js';
import type { CompressionWork } from './work.js';

/**
 * How many coordinates a sparsifier sends: an absolute count `k`
 * (integer in [1, d]) or a `ratio` of d in (0, 1], turned into
 * k = max(1, ⌈ratio·d⌉).
 */
export type Budget = { readonly k: number } | { readonly ratio: number };

/**
 * Resolve a budget to a coordinate count k ∈ [1, dim].
 * ⌈ratio·d⌉ is taken with a 1e-9 relative tolerance, so that float products
 * such as 0.07 × 100 = 7.000000000000001 give 7, not 8.
 */
export function resolveBudget(budget: Budget, dim: number): number {
  let k: number;
  if ('k' in budget) {
    k = budget.k;
  } else {
    const { ratio } = budget;
    if (!(ratio > 0 && ratio <= 1)) throw new RangeError(msg.ratioOutOfRange(ratio));
    const exact = ratio * dim;
    const nearest = Math.round(exact);
    k = Math.max(1, Math.abs(exact - nearest) <= 1e-9 * Math.max(1, exact) ? nearest : Math.ceil(exact));
  }
  if (!Number.isInteger(k) || k < 1 || k > dim) throw new RangeError(msg.budgetOutOfRange(k, dim));
  return k;
}

/**
 * What a budget tuner may look at besides the vector, for one message.
 * The scheme passes `iteration`, `worker` and (optionally) `cost`; the
 * compressor adds `payloadBits` and `dim`.
 */
export interface BudgetContext {
  /** The scheme's iteration number (any integer; the same for all workers in one synchronous round). */
  readonly iteration: number;
  /** Index of the worker compressing (0 for the server or a single node). */
  readonly worker: number;
  /**
   * Communication cost C(k) of sending a k-coordinate message — CAT's C(T):
   * seconds, joules, packets or bits, whatever the scheme optimises. Given
   * by the scheme when it has a cost model; absent otherwise.
   */
  readonly cost?: (k: number) => number;
  /** Exact payload bits P(k) of a k-coordinate message under the compressor's encoding (CAT eq. 5). Set by the compressor. */
  readonly payloadBits?: (k: number) => number;
  /** Dimension d. Set by the compressor. */
  readonly dim?: number;
}

/**
 * Chooses the budget k of each message. Adaptive tuners (CAT, AdapTop-K, …)
 * implement the same interface: they see the vector to be compressed (the
 * error-feedback accumulator when wrapped in error feedback) and the context.
 * The compressor checks the returned k (an integer in [1, d]).
 */
export interface BudgetTuner {
  /** Short identifier for results, e.g. "fixed(k=10)". */
  readonly name: string;
  /**
   * The budget k ∈ [1, g.length] for compressing `g`.
   * @param g the vector about to be compressed (must not be mutated)
   */
  budget(g: Float32Array, context: BudgetContext): number;
  /**
   * The compute its last `budget` call did to choose k (a search over the
   * magnitudes), charged with the message; absent: choosing k is free.
   */
  readonly lastWork?: CompressionWork;
  /**
   * The budget at `iteration` for dimension `dim`, when it depends on the
   * iteration alone and never on the vector (a fixed k, AdapTop-K's schedule):
   * what schemes that must agree on one k before any vector exists read
   * (gTop-k's merges). Absent: k depends on the vector.
   */
  iterationBudget?(dim: number, iteration: number): number;
}

/** The same budget every message: `{ k }` or `{ ratio }` (k = max(1, ⌈ratio·d⌉)). */
export class FixedBudget implements BudgetTuner {
  readonly name: string;

  /** @param spec `{ k }` (positive integer) or `{ ratio }` in (0, 1] */
  constructor(readonly spec: Budget) {
    if ('k' in spec) {
      if (!Number.isInteger(spec.k) || spec.k < 1) throw new RangeError(msg.notPositiveInteger('budget k', spec.k));
      this.name = `fixed(k=${spec.k})`;
    } else {
      if (!(spec.ratio > 0 && spec.ratio <= 1)) throw new RangeError(msg.ratioOutOfRange(spec.ratio));
      this.name = `fixed(ratio=${spec.ratio})`;
    }
  }

  budget(g: Float32Array): number {
    return resolveBudget(this.spec, g.length);
  }

  iterationBudget(dim: number): number {
    return resolveBudget(this.spec, dim);
  }
}

/** True for a budget tuner, false for a plain `{ k }` / `{ ratio }` budget. */
export function isBudgetTuner(b: Budget | BudgetTuner): b is BudgetTuner {
  return typeof (b as BudgetTuner).budget === 'function';
}
