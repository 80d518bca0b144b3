/**
 * CAT's compressor (Khirirat, Aytekin, Magnússon, Johansson, "A flexible
 * framework for communication-efficient machine learning"): the budget T
 * from a {@link CatTuner} (learn/tuners/cat/), and the step γ(T) of the
 * variant's descent lemma folded into the values, so that a scheme step of
 * 1/L applies exactly CAT's update (see {@link CatCompressor}).
 */
import type { RandomStream } from '../../sim/random.js';
import * as msg from '../messages.js';
import type { Encoding } from '../encoding/encoding.js';
import { type CatCost } from '../tuners/cat/cost.js';
import * as cmsg from '../tuners/cat/messages.js';
import { CatTuner, type CatSearchCharge } from '../tuners/cat/tuner.js';
import { CAT_VARIANTS, type CatVariant, type CostShape } from '../tuners/cat/types.js';
import { BudgetedCompressor, precisionCode } from './budgeted.js';
import type { BudgetCurve, CompressContext } from './compressor.js';
import { INDICES_SENT, type MessageDraft, type ValueCode } from './message.js';
import { signedTop, signScaleDraft } from './sign-scale-top.js';
import { TopKWorkspace, topKIndices } from './select.js';
import { keepProbabilities, sampleKept } from './stochastic.js';

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

  /** The tuner's decisions at `curveIterations` ({@link CatTuner.curves}), as budget curves. */
  get budgetCurves(): readonly BudgetCurve[] {
    return this.catTuner.curves.map((d) => ({ iteration: d.iteration, searchedAt: d.searchedAt, budget: d.budget, variant: this.variant, candidates: d.search.candidates ?? [] }));
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
    const { indices: sent, l1 } = signedTop(g, indices);
    const kept = sent.length;
    // Lemma 3 for the message sent: β = ‖g_T‖₁²/(T‖g‖²), γ = √β/(√T·L), so γL·‖g‖ = ‖g_T‖₁/T.
    const scale = kept > 0 ? Math.fround(l1 / kept) : 0;
    const norm = Math.sqrt(q2);
    record(kept, kept > 0 ? (l1 * l1) / (kept * q2) : 0, norm > 0 ? l1 / kept / norm : 0);
    return signScaleDraft(this.dim, g, sent, scale);
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
