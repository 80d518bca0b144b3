/**
 * CAT — communication-aware adaptive tuning (Khirirat, Aytekin, Magnússon,
 * Johansson, "A flexible framework for communication-efficient machine
 * learning"): each message's budget T maximises Improvement(T)/C(T) (eq. 7),
 * and the step is the one its descent lemma assumes.
 *
 * - {@link CatTuner}: step 1 of eqs. 8, 9 and §5 as a {@link BudgetTuner} any
 *   budgeted compressor can use (with the hybrid of Appendix H).
 * - {@link CatCompressor} / {@link makeCatCompressor}: the compressor with
 *   the step γ(T) folded into the values, so that a scheme step of 1/L
 *   applies exactly CAT's update (see {@link CatCompressor}).
 */
import type { RandomStream } from '../../sim/random.js';
import type { ReferenceModel } from './cat-reference-cost.js';
import { referenceCost } from './cat-reference-cost.js';
import * as msg from '../messages.js';
import type { BudgetContext, BudgetTuner } from '../compress/budget.js';
import { BudgetedCompressor, precisionCode } from '../compress/budgeted.js';
import type { CompressContext } from '../compress/compressor.js';
import { INDICES_SENT, signScaleValue, type MessageDraft, type ValueCode } from '../compress/message.js';
import { TopKWorkspace, topKIndices } from '../compress/select.js';
import { keepProbabilities, sampleKept } from '../compress/stochastic.js';
import type { Encoding } from '../encoding/encoding.js';
import * as cmsg from './cat-messages.js';
import { CAT_VARIANTS, catSearch, searchWork, type CatSearchResult, type CatVariant, type CostShape } from './cat-search.js';
import { NO_WORK, sortComparisons, type CompressionWork } from '../compress/work.js';

export { CAT_VARIANTS, catSearch, searchWork, type CatCandidate, type CatSearchInput, type CatSearchResult, type CatVariant, type CostShape } from './cat-search.js';

/** A communication cost as a function of the payload bits P: C = cost(P) (bits, packets, seconds, joules…). */
export type CostFunction = (payloadBits: number) => number;

/** A cost given either as a function of payload bits or as one of CAT's reference models (§2.2). */
export type CatCost = CostFunction | ReferenceModel;

/**
 * The cost shape a reference model guarantees: payload (C = P) and affine
 * (C = c1·P + c0) are affine in T over an encoding affine in T; the packet
 * model (eq. 6) is constant on each packet count.
 */
export function shapeOf(model: ReferenceModel): CostShape {
  switch (model.kind) {
    case 'payload':
    case 'affine':
      return { kind: 'affine' };
    case 'packet':
      return { kind: 'packet', pMaxBits: model.pMaxBits };
  }
}

/** C as a function of payload bits: the function itself, or `referenceCost(model, ·)`. */
export function costFunctionOf(cost: CatCost): CostFunction {
  return typeof cost === 'function' ? cost : (bits) => referenceCost(cost, bits);
}

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
 * {@link CatCompressor}): with a plain `TopK` a 1/L step is eq. 8 exactly;
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

/** What a {@link CatCompressor} applied to one message. */
export interface CatStep {
  readonly iteration: number;
  readonly worker: number;
  /** T (for the stochastic variant the expected count; `sent` may differ). */
  readonly budget: number;
  /** Coordinates in the message. */
  readonly sent: number;
  /** True when T was searched for this message (false: hybrid reuse, or a budget set with `setBudget`). */
  readonly retuned: boolean;
  /** α(T), β(T) or ω(T) of this message's input and the T used (Lemma 1, 3, 4). */
  readonly measure: number;
  /**
   * CAT's step γ(T): 1/L (eq. 8), √β(T)/(√T·L) (eq. 9), ω(T)/L (§5); with
   * the common step, 1/L here: the receiver applies ω(T)/2 (App. G).
   */
  readonly gamma: number;
  /** γ(T)·L, the factor folded into the sent values (1 with the common step). */
  readonly valueScale: number;
  /** C(T), from the search this T came from (NaN for a budget set with `setBudget`: none). */
  readonly cost: number;
}

/** Options of {@link CatCompressor} and {@link makeCatCompressor}. */
export interface CatCompressorOptions {
  /** eq. 2 + eq. 8, eq. 3 + eq. 9, or eq. 4 + §5. */
  readonly variant: CatVariant;
  /** Dimension d. */
  readonly dim: number;
  /** Smoothness L > 0 of the objective (e.g. `model.smoothness()`); the scheme's learning rate must be 1/L. */
  readonly L: number;
  /** C as a function of payload bits, or a CAT reference model. */
  readonly cost: CatCost;
  /** Cost shape; default derived from a reference model, else `general`. */
  readonly shape?: CostShape;
  /** Encoding that prices messages (P(T) comes from it). Default raw32; `packed` gives CAT eq. 5. */
  readonly encoding?: Encoding;
  /** FPP of sent values, 32 (default) or 64; sparsification and stochastic only (S+Q sends one fp32 scale). */
  readonly precision?: 32 | 64;
  /** Hybrid re-tuning period S (Appendix H); default 1 (every iteration). */
  readonly hybridEvery?: number;
  /** Iterations whose decisions the tuner keeps with their evaluated candidates ({@link CatTuner.curves}); default none. */
  readonly curveIterations?: readonly number[];
  /** Random stream of the stochastic variant's keep decisions (required for it). */
  readonly rng?: RandomStream;
  /**
   * Whose step the values carry (see {@link CatStepRule}); default
   * `per-worker`. `common` is for the stochastic variant only.
   */
  readonly step?: CatStepRule;
  /** How a search's compute is charged (see {@link CatSearchCharge}); default `as-run`. */
  readonly searchCharge?: CatSearchCharge;
}

/**
 * How n workers' CAT messages are stepped:
 * - `per-worker`: each worker folds its own γ_j(T_j) of its descent lemma
 *   (Lemma 1, 3 or 4) into its values;
 * - `common` (stochastic variant): Appendix G, Lemma 10 — the values are
 *   Q_{T_j}(g_j) unscaled, each message carries ω_j(T_j) (one fp32), and
 *   the receiver steps the mean by the common γ = ω(T)/(2L),
 *   ω(T) = (Σ_j 1/(n·ω_j(T_j)))⁻¹ (see `CommonStep`).
 */
export type CatStepRule = 'per-worker' | 'common';

/** Every CAT step rule. */
export const CAT_STEP_RULES: readonly CatStepRule[] = ['per-worker', 'common'];

/**
 * A CAT compressor: the budget from a {@link CatTuner}, and the step γ(T)
 * of the variant's descent lemma folded into the sent values as γ(T)·L, so
 * that a scheme applying w ← w − (1/L)·message applies exactly
 * w ← w − γ(T)·Q_T(g), the paper's step:
 *
 * - sparsification (eq. 2, 8): values g_j; γ = 1/L, factor 1 (bit-identical to TopK);
 * - sparsification + quantization (eq. 3, 9): values ±fp32(‖g_T‖₁/T), since
 *   γL·‖g‖ = √β(T)·‖g‖/√T = ‖g_T‖₁/T (= `TopKSign` with scale `mean`);
 * - stochastic (eq. 4, §5): values fp32(ω(T)·g_j/p_j) and fp32(ω(T)·g_j)
 *   for surely-kept ones, ω(T) = ‖g‖²/Σ g_j²/p_j for the p actually used
 *   (Appendix F's p*, `keepProbabilities`); the Bernoulli draws consume the
 *   stream exactly as `StochasticSparsifier` does.
 *
 * With n workers and mean aggregation the update is
 * w ← w − (1/n)·Σ_i γ_i(T_i)·Q_{T_i}(g_i): each worker takes its own CAT
 * step on its own gradient (the paper's multi-node experiments leave this
 * unstated for eqs. 8–9). With `step: 'common'` (stochastic only) it is
 * App. G's w ← w − (ω(T)/(2L))·(1/n)·Σ_i Q_{T_i}(g_i) instead: see
 * {@link CatStepRule}. The values are float32, so γ(T)·Q is applied up to
 * one float32 rounding.
 */
export class CatCompressor extends BudgetedCompressor {
  readonly name: string;
  readonly variant: CatVariant;
  /** L of the 1/L step the scheme must apply. */
  readonly smoothness: number;
  /** The budget tuner (step 1). */
  readonly catTuner: CatTuner;
  private readonly rng: RandomStream | undefined;
  private readonly valueCode: ValueCode;
  private readonly workspace = new TopKWorkspace();
  private lastStep: CatStep | undefined;
  /** Whose step the values carry. */
  readonly stepRule: CatStepRule;

  constructor(options: CatCompressorOptions) {
    const { variant, dim, L } = options;
    if (!CAT_VARIANTS.includes(variant)) throw new RangeError(cmsg.unknownVariant(String(variant)));
    const stepRule = options.step ?? 'per-worker';
    if (!CAT_STEP_RULES.includes(stepRule)) throw new RangeError(msg.unknownOption('step', String(stepRule), CAT_STEP_RULES));
    if (stepRule === 'common' && variant !== 'stochastic') throw new RangeError(cmsg.commonStepNeedsStochastic(variant));
    if (!(Number.isFinite(L) && L > 0)) throw new RangeError(msg.notPositive('smoothness L', L));
    if (variant === 'stochastic' && options.rng === undefined) throw new RangeError(cmsg.rngRequired());
    const valueCode: ValueCode = variant === 'sparsification-quantization' ? { kind: 'sign-scale', scale: 0 } : precisionCode(options.precision);
    const tuner = new CatTuner({
      variant,
      cost: options.cost,
      ...(options.shape === undefined ? {} : { shape: options.shape }),
      every: options.hybridEvery ?? 1,
      ...(options.curveIterations === undefined ? {} : { curveIterations: options.curveIterations }),
      ...(options.searchCharge === undefined ? {} : { searchCharge: options.searchCharge }),
    });
    super(dim, tuner, {
      ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
      mayBeEmpty: variant !== 'sparsification',
      layout: { value: valueCode.kind },
      // C(T) prices the message sent: with the common step, its fp32 ω_j too
      ...(stepRule === 'common' ? { extraBits: 32 } : {}),
    });
    this.stepRule = stepRule;
    this.variant = variant;
    this.smoothness = L;
    this.catTuner = tuner;
    this.rng = options.rng;
    this.valueCode = valueCode;
    this.name = stepRule === 'common' ? tuner.name.replace(/\)$/, ', common step)') : tuner.name;
  }

  /** What the last message applied (undefined before the first). */
  get step(): CatStep | undefined {
    return this.lastStep;
  }

  protected doCompressK(g: Float32Array, k: number, context: CompressContext): MessageDraft {
    // With another budget set (`setBudget`, e.g. a fixed T: the fixed-T baselines of Figs. 1c and 11 with
    // CAT's step), nothing was searched for this message.
    const tuned = this.tuner === this.catTuner;
    const decision = tuned ? this.catTuner.last : undefined;
    if (tuned && decision === undefined) throw new Error(cmsg.noPayloadBits(this.name));
    let q2 = 0;
    for (let i = 0; i < g.length; i++) q2 += (g[i] as number) * (g[i] as number);
    const L = this.smoothness;
    const record = (sent: number, measure: number, valueScale: number) => {
      this.lastStep = {
        iteration: context.iteration,
        worker: context.worker,
        budget: k,
        sent,
        retuned: decision?.retuned ?? false,
        measure,
        gamma: valueScale / L,
        valueScale,
        cost: decision?.search.cost ?? NaN,
      };
    };
    if (this.variant === 'stochastic') return this.stochastic(g, k, q2, record);
    const indices = topKIndices(g, k, this.workspace);
    if (this.variant === 'sparsification') {
      const values = new Float32Array(indices.length);
      let kept2 = 0;
      for (let j = 0; j < indices.length; j++) {
        const v = g[indices[j] as number] as number;
        values[j] = v;
        kept2 += v * v;
      }
      record(indices.length, q2 > 0 ? kept2 / q2 : 0, 1); // Lemma 1: α(T), γ = 1/L
      return { kind: 'sparse', dim: this.dim, indices, indexing: INDICES_SENT, values, valueCode: this.valueCode };
    }
    // eq. 3 sends ‖g‖·sign(g_j) for j ∈ I_T(g); zeros among the T largest carry no sign and are not sent.
    let kept = 0;
    let l1 = 0;
    for (let j = 0; j < indices.length; j++) {
      const v = g[indices[j] as number] as number;
      if (v !== 0) {
        indices[kept++] = indices[j] as number;
        l1 += Math.abs(v);
      }
    }
    const sent = kept === indices.length ? indices : indices.slice(0, kept);
    // Lemma 3 for the message sent: β = ‖g_T‖₁²/(T‖g‖²), γ = √β/(√T·L), so γL·‖g‖ = ‖g_T‖₁/T.
    const scale = kept > 0 ? Math.fround(l1 / kept) : 0;
    const values = new Float32Array(kept);
    for (let j = 0; j < kept; j++) values[j] = signScaleValue(scale, (g[sent[j] as number] as number) < 0);
    const norm = Math.sqrt(q2);
    record(kept, kept > 0 ? (l1 * l1) / (kept * q2) : 0, norm > 0 ? l1 / kept / norm : 0);
    return { kind: 'sparse', dim: this.dim, indices: sent, indexing: INDICES_SENT, values, valueCode: { kind: 'sign-scale', scale } };
  }

  private stochastic(g: Float32Array, k: number, q2: number, record: (sent: number, measure: number, valueScale: number) => void): MessageDraft {
    const rng = this.rng as RandomStream;
    const p = keepProbabilities(g, k);
    // ω(T) = ‖g‖² / E‖Q(g)‖², E‖Q(g)‖² = Σ_{p=1} g² + Σ_{p<1} g²/(λ|g|) (Lemma 4 with App. F's p).
    let second = 0;
    for (let i = 0; i < g.length; i++) {
      const a = Math.abs(g[i] as number);
      if (a === 0) continue;
      const pi = a >= p.saturate ? 1 : Math.min(1, a * p.lambda);
      second += (a * a) / pi;
    }
    const omega = second > 0 ? q2 / second : 0;
    if (this.stepRule === 'common') {
      // App. G: Q_T(g) as is, ω_j sent along (fp32) for the receiver's common step ω(T)/(2L)
      const { indices, values } = sampleKept(g, p, rng, 1);
      record(indices.length, omega, 1);
      return { kind: 'sparse', dim: this.dim, indices, indexing: INDICES_SENT, values, valueCode: this.valueCode, commonStep: { omega: Math.fround(omega) } };
    }
    const { indices, values } = sampleKept(g, p, rng, omega); // eq. 4 with the §5 step ω folded in
    record(indices.length, omega, omega);
    return { kind: 'sparse', dim: this.dim, indices, indexing: INDICES_SENT, values, valueCode: this.valueCode };
  }
}

/**
 * Build a CAT compressor from plain options (what a scenario holds). Apply it
 * with the learning rate 1/L (`oneOverL(model.smoothness())`): the step γ(T)
 * is in the values.
 */
export function makeCatCompressor(options: CatCompressorOptions): CatCompressor {
  return new CatCompressor(options);
}
