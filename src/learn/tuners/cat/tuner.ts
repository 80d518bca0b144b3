/**
 * CAT — communication-aware adaptive tuning (Khirirat, Aytekin, Magnússon,
 * Johansson, "A flexible framework for communication-efficient machine
 * learning"), step 1: {@link CatTuner}, eqs. 8, 9 and §5 as a
 * {@link BudgetTuner} any budgeted compressor can use (with the hybrid of
 * Appendix H). The compressor with CAT's step γ(T) folded into its values
 * is `CatCompressor` (learn/compress/cat.ts).
 */
import * as msg from '../../messages.js';
import type { BudgetContext, BudgetTuner } from '../../compress/budget.js';
import { NO_WORK, sortComparisons, type CompressionWork } from '../../compress/work.js';
import { costFunctionOf, shapeOf, type CatCost, type CostFunction } from './cost.js';
import * as cmsg from './messages.js';
import { catSearch, searchWork } from './search.js';
import { CAT_VARIANTS, type CatSearchResult, type CatVariant, type CostShape } from './types.js';

/** Options of {@link CatTuner}. */
export interface CatTunerOptions {
  /** Which descent measure: α (eq. 8), β (eq. 9) or ω (§5). */
  readonly variant: CatVariant;
  /**
   * C as a function of the payload bits P(T) (the compressor supplies P(T)
   * exactly for its encoding), or a CAT reference model. Default: the
   * context's `cost(k)` (C per budget), if the scheme gives one.
   */
  readonly cost?: CatCost;
  /**
   * What the search may assume about C(T) (see {@link CostShape}). Default:
   * derived from a reference model, else `general` (exact for any positive,
   * non-decreasing cost).
   */
  readonly shape?: CostShape;
  /**
   * Hybrid (Appendix H): re-tune every `every` iterations and reuse T in
   * between (per worker). Default 1: tune every message. Positive integer.
   */
  readonly every?: number;
  /**
   * Iterations (as the context numbers them) whose decisions are kept in
   * {@link CatTuner.curves}, with every candidate their search evaluated
   * (`search.candidates`). Default none: nothing kept. Non-negative integers.
   */
  readonly curveIterations?: readonly number[];
  /** How a search's compute is charged (see {@link CatSearchCharge}); default `as-run`. */
  readonly searchCharge?: CatSearchCharge;
}

/**
 * How a CAT search's compute is charged (`CatTuner.lastWork`):
 * - `as-run`: what this search did ({@link searchWork}): its passes over g,
 *   its sample, the sorts of the magnitudes it had to rank, the T it evaluated;
 * - `full-sort`: the paper's procedure (§3.1: sort the d magnitudes, then
 *   raise T from 1 until the ratio falls), d·log2 d comparisons, one pass
 *   and T* + 1 evaluated T — the implementation whose sparsification times
 *   Appendix H reports (Figs. 5, 9).
 */
export type CatSearchCharge = 'as-run' | 'full-sort';

/** Every search charge. */
export const CAT_SEARCH_CHARGES: readonly CatSearchCharge[] = ['as-run', 'full-sort'];

/** What the tuner decided for one message. */
export interface CatDecision {
  /** The context's iteration. */
  readonly iteration: number;
  /** The context's worker. */
  readonly worker: number;
  /** T for this message. */
  readonly budget: number;
  /** True when T was searched at this message; false when the hybrid reused it. */
  readonly retuned: boolean;
  /** The iteration whose search chose T (this one when `retuned`). */
  readonly searchedAt: number;
  /** The search behind T (this message's, or the one it reuses). */
  readonly search: CatSearchResult;
}

const SHORT: Record<CatVariant, string> = {
  sparsification: 's',
  'sparsification-quantization': 'sq',
  stochastic: 'ss',
};

/**
 * CAT step 1 as a budget tuner: T = argmax_{T ∈ [1, d]} measure(T)/C(T) with
 * C(T) = cost(P(T)), P(T) = the compressor's exact `payloadBits(T)`; exact
 * (equal to a brute force over all T) without sorting g — see
 * {@link catSearch}. With `every` = S > 1 it searches at a worker's first
 * message and whenever S iterations have passed since its last search, and
 * returns the last T in between (Appendix H's hybrid).
 *
 * The tuner chooses T only; the step γ(T) is the compressor's business (see
 * `CatCompressor`): with a plain `TopK` a 1/L step is eq. 8 exactly;
 * with `TopKSign({ scale: 'mean' })` a 1/L step is eq. 9 exactly.
 */
export class CatTuner implements BudgetTuner {
  readonly name: string;
  readonly variant: CatVariant;
  readonly every: number;
  readonly shape: CostShape;
  private readonly costOfBits: CostFunction | undefined;
  private readonly held = new Map<number, { readonly iteration: number; readonly search: CatSearchResult }>();
  private lastDecision: CatDecision | undefined;
  private readonly curveAt: ReadonlySet<number>;
  private readonly kept: CatDecision[] = [];
  /** d of the last vector tuned for. */
  private dim = 0;
  /** How a search's compute is charged. */
  readonly searchCharge: CatSearchCharge;

  constructor(options: CatTunerOptions) {
    if (!CAT_VARIANTS.includes(options.variant)) throw new RangeError(cmsg.unknownVariant(String(options.variant)));
    const every = options.every ?? 1;
    if (!Number.isInteger(every) || every < 1) throw new RangeError(msg.notPositiveInteger('every (CAT hybrid re-tuning period)', every));
    this.variant = options.variant;
    this.every = every;
    this.searchCharge = options.searchCharge ?? 'as-run';
    if (!CAT_SEARCH_CHARGES.includes(this.searchCharge)) throw new RangeError(msg.unknownOption('searchCharge', String(this.searchCharge), CAT_SEARCH_CHARGES));
    const curveIterations = options.curveIterations ?? [];
    for (const t of curveIterations) if (!Number.isInteger(t) || t < 0) throw new RangeError(cmsg.curveIterationInvalid(t));
    this.curveAt = new Set(curveIterations);
    this.costOfBits = options.cost === undefined ? undefined : costFunctionOf(options.cost);
    this.shape = options.shape ?? (options.cost !== undefined && typeof options.cost !== 'function' ? shapeOf(options.cost) : { kind: 'general' });
    const shapeName = this.shape.kind === 'packet' ? `packet ${this.shape.pMaxBits}b` : this.shape.kind;
    this.name = `cat-${SHORT[this.variant]}(${shapeName}${every > 1 ? `, every ${every}` : ''})`;
  }

  /** The decision behind the last budget returned (undefined before the first). */
  get last(): CatDecision | undefined {
    return this.lastDecision;
  }

  /**
   * The compute of the last decision: its search's (see {@link searchWork})
   * when it searched, nothing when the hybrid reused T (Appendix H: what
   * skipping the search saves).
   */
  get lastWork(): CompressionWork {
    const decision = this.lastDecision;
    if (decision === undefined || !decision.retuned) return NO_WORK;
    if (this.searchCharge === 'as-run') return searchWork(decision.search, this.dim);
    return { passElements: this.dim + Math.min(this.dim, decision.search.budget + 1), sortComparisons: sortComparisons(this.dim) };
  }

  /**
   * The decisions at `curveIterations`, in the order they were made, each
   * with the candidates its search evaluated (under the hybrid, those of the
   * search it reuses, from iteration `searchedAt`).
   */
  get curves(): readonly CatDecision[] {
    return this.kept;
  }

  budget(g: Float32Array, context: BudgetContext): number {
    this.dim = g.length;
    const held = this.held.get(context.worker);
    let decision: CatDecision;
    if (held !== undefined && this.every > 1 && context.iteration >= held.iteration && context.iteration - held.iteration < this.every) {
      decision = { iteration: context.iteration, worker: context.worker, budget: held.search.budget, retuned: false, searchedAt: held.iteration, search: held.search };
    } else {
      const search = this.search(g, context, this.curveFrom(context.iteration));
      this.held.set(context.worker, { iteration: context.iteration, search });
      decision = { iteration: context.iteration, worker: context.worker, budget: search.budget, retuned: true, searchedAt: context.iteration, search };
    }
    this.lastDecision = decision;
    if (this.curveAt.has(context.iteration)) this.kept.push(decision);
    return decision.budget;
  }

  /** Whether a search at `iteration` decides a kept iteration: itself, or one the hybrid reuses it for. */
  private curveFrom(iteration: number): boolean {
    for (const t of this.curveAt) if (t >= iteration && t - iteration < this.every) return true;
    return false;
  }

  /**
   * Step 1 for `g` under `context` (no hybrid bookkeeping); with
   * `recordCandidates`, the result lists the candidates the search evaluated.
   */
  search(g: Float32Array, context: Pick<BudgetContext, 'payloadBits' | 'cost'>, recordCandidates = false): CatSearchResult {
    const payloadBits = context.payloadBits;
    if (payloadBits === undefined) throw new Error(cmsg.noPayloadBits(this.name));
    const ofBits = this.costOfBits;
    let cost: (t: number) => number;
    if (ofBits !== undefined) cost = (t) => ofBits(payloadBits(t));
    else if (context.cost !== undefined) cost = context.cost;
    else throw new Error(cmsg.noCost(this.name));
    return catSearch(g, { variant: this.variant, cost, payloadBits, shape: this.shape, recordCandidates });
  }
}
