import * as msg from '../messages.js';
import { resolveBudget, type Budget, type BudgetContext, type BudgetTuner } from '../compress/budget.js';

/**
 * AdapTop-K (M. Ruan, G. Yan, Y. Xiao, L. Song, W. Xu, "Adaptive Top-K in SGD
 * for Communication-Efficient Distributed Learning", arXiv:2210.13532,
 * Algorithm 1 and eq. 20): an open-loop budget schedule that spends a total
 * of kT coordinates over T rounds, (1 + γ)k per round early and late in
 * training and (1 − γ)k in the middle, where the coefficient A_t·B_t of the
 * paper's bound (eq. 17) is smallest:
 *
 *   k_t = (1 + γ)k   for t ∈ [0, t̂/2) ∪ [(t̂ + T)/2, T − 1],
 *   k_t = (1 − γ)k   for t ∈ [t̂/2, (t̂ + T)/2),
 *
 * with t̂ the turning point of A_t·B_t (Lemma 3). The schedule depends on the
 * round only, never on the vector, so the tuner works the same with or
 * without error compensation: wrap any budgeted compressor,
 * `new TopK(d, tuner)` or `new ErrorFeedback(new TopK(d, tuner))`.
 */

/** The constants of Lemma 2 (eq. 16) and Lemma 3. */
export interface Lemma3Constants {
  /** α = (2d / (kη))·F(w₀) (eq. 16). */
  readonly alpha: number;
  /** β = (dσ² / k)·(ηL + 1) (eq. 16). */
  readonly beta: number;
  /** B = 1 − ημk/d, in (0, 1] (Lemma 3; B_t = B^{T−1−t}). */
  readonly B: number;
}

/** What α, β and B are built from (paper Assumptions 1–3, Theorem 1). */
export interface Lemma3Inputs {
  /** Model size d. */
  readonly dim: number;
  /** Average budget k = K/T (coordinates per round). */
  readonly k: number;
  /** Constant step size η (Theorem 1 asks η ≤ 1/L). */
  readonly learningRate: number;
  /** F(w₀), the global loss at the initial model (eq. 16 uses F(w₀) itself, not F(w₀) − F*). */
  readonly initialLoss: number;
  /** σ², the bound on the stochastic gradients' variance (Assumption 3, eq. 7). */
  readonly gradientVariance: number;
  /** L, the smoothness constant (Assumption 1). */
  readonly smoothness: number;
  /** μ ≥ 0, the Polyak–Łojasiewicz constant (Assumption 2). */
  readonly pl: number;
}

/**
 * α, β (Lemma 2, eq. 16) and B (Lemma 3) from the problem's constants.
 * Nothing here is estimated: see {@link estimateGradientVariance} for σ².
 */
export function lemma3Constants(p: Lemma3Inputs): Lemma3Constants {
  if (!Number.isInteger(p.dim) || p.dim < 1) throw new RangeError(msg.notPositiveInteger('d', p.dim));
  if (!(p.k > 0 && p.k <= p.dim)) throw new RangeError(msg.budgetOutOfRange(p.k, p.dim));
  if (!(p.learningRate > 0 && Number.isFinite(p.learningRate))) throw new RangeError(msg.notPositive('learning rate η', p.learningRate));
  for (const [name, v] of [
    ['F(w₀)', p.initialLoss],
    ['σ²', p.gradientVariance],
    ['L', p.smoothness],
    ['μ', p.pl],
  ] as const) {
    if (!(v >= 0 && Number.isFinite(v))) throw new RangeError(msg.notNonNegative(name, v));
  }
  const { dim: d, k, learningRate: eta } = p;
  return {
    alpha: ((2 * d) / (k * eta)) * p.initialLoss,
    beta: ((d * p.gradientVariance) / k) * (eta * p.smoothness + 1),
    B: 1 - (eta * p.pl * k) / d,
  };
}

/**
 * The turning point t̂ of Lemma 3: A_t·B_t, with A_t = α/t + β and
 * B_t = B^{T−1−t}, falls for t < t̂ and rises from t̂ on, where
 *
 *   t̂ = ⌊(−α + √Δ) / (2β)⌋,   Δ = α² − 4αβ / ln B.
 *
 * Evaluated in the algebraically equal form ⌊−2α / (ln B·(α + √Δ))⌋, which
 * has no cancellation when α ≫ β and is also the limit for β → 0
 * (deterministic gradients: t̂ = ⌊−1/ln B⌋). α = 0 gives 0 (A_t·B_t rises
 * from the start); B = 1 (μ = 0) gives +∞ (it never rises).
 * (t̂ is the floor of the minimiser of the continuous function; the integer
 * minimiser of the sequence is t̂ or t̂ + 1.)
 */
export function turningPoint(c: Lemma3Constants): number {
  const { alpha, beta, B } = c;
  if (!(alpha >= 0 && Number.isFinite(alpha))) throw new RangeError(msg.notNonNegative('α', alpha));
  if (!(beta >= 0 && Number.isFinite(beta))) throw new RangeError(msg.notNonNegative('β', beta));
  if (!(B > 0 && B <= 1)) throw new RangeError(msg.notInUnitInterval('B = 1 − ημk/d', B));
  if (alpha === 0) return 0;
  if (B === 1) return Infinity;
  const lnB = Math.log(B);
  const sqrtDelta = Math.sqrt(alpha * alpha - (4 * alpha * beta) / lnB);
  return Math.floor((-2 * alpha) / (lnB * (alpha + sqrtDelta)));
}

/**
 * The coefficient A_t·B_t = (α/t + β)·B^{T−1−t} of eq. 17 (t ≥ 1; A_0 is
 * infinite). B^{T−1−t} underflows to 0 when T − t is large and B small;
 * compare logarithms then.
 */
export function coefficient(c: Lemma3Constants, T: number, t: number): number {
  return (c.alpha / t + c.beta) * c.B ** (T - 1 - t);
}

/** The parameters of an AdapTop-K schedule. */
export interface AdapTopKScheduleOptions {
  /** The average budget k (integer ≥ 1): the fixed Top-k it replaces. Σ_t k_t = kT. */
  readonly k: number;
  /** Number of rounds T (integer ≥ 1). */
  readonly iterations: number;
  /** The scale factor γ ∈ [0, 1) (paper Table I: 0.5). */
  readonly gamma: number;
  /** t̂ ≥ 0 (may be +∞), e.g. from {@link turningPoint}. */
  readonly turningPoint: number;
}

/**
 * The budgets k_0 … k_{T−1} of eq. 20, as integers with Σ k_t = kT exactly.
 *
 * Where the paper leaves the integer problem open, this chooses:
 * - t̂ > T is taken as T (A_t·B_t falls over the whole horizon): the low
 *   interval [t̂/2, (t̂ + T)/2) would otherwise run past T and the budget
 *   constraint of eq. 14 would fail; with t̂ = T the high budget comes first;
 * - when the two sets of eq. 20 differ in size (T odd), the larger set's
 *   deviation is shrunk by (smaller size)/(larger size), so that Σ n_t = 0;
 * - (1 ± γ)k is rounded by carrying the fractions (k_t = round(S_{t+1}) −
 *   round(S_t), S_t the exact cumulative sum), so each k_t is ⌊·⌋ or ⌈·⌉ of
 *   its exact value and the total is exact. When γk is an integer and T even,
 *   every k_t is exactly (1 ± γ)k.
 */
export function adapTopKSchedule(o: AdapTopKScheduleOptions): Int32Array {
  const { k, iterations: T, gamma } = o;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(msg.notPositiveInteger('average budget k', k));
  if (!Number.isInteger(T) || T < 1) throw new RangeError(msg.notPositiveInteger('iterations T', T));
  if (!(gamma >= 0 && gamma < 1)) throw new RangeError(adapTopKMessages.gammaOutOfRange(gamma));
  if (!(o.turningPoint >= 0)) throw new RangeError(msg.notNonNegative('turning point t̂', o.turningPoint));
  const tHat = Math.min(o.turningPoint, T);
  const low = (t: number) => t >= tHat / 2 && t < (tHat + T) / 2; // eq. 20: n_t = −γk
  let nLow = 0;
  for (let t = 0; t < T; t++) if (low(t)) nLow++;
  const nHigh = T - nLow;
  // per-round deviation of each set, so that nHigh·up = nLow·down (Σ n_t = 0)
  const up = nHigh === 0 || nLow === 0 ? 0 : gamma * k * Math.min(1, nLow / nHigh);
  const down = nHigh === 0 || nLow === 0 ? 0 : gamma * k * Math.min(1, nHigh / nLow);
  const out = new Int32Array(T);
  let highs = 0;
  let lows = 0;
  let previous = 0;
  for (let t = 0; t < T; t++) {
    if (low(t)) lows++;
    else highs++;
    // exact cumulative S_{t+1}, rounded; the last is kT by construction
    const cumulative = t === T - 1 ? k * T : Math.round(k * (t + 1) + highs * up - lows * down);
    out[t] = cumulative - previous;
    previous = cumulative;
  }
  for (let t = 0; t < T; t++) {
    if ((out[t] as number) < 1) throw new RangeError(adapTopKMessages.budgetBelowOne(k, gamma, out[t] as number));
  }
  return out;
}

/** Where the turning point t̂ comes from. */
export type TurningPointSource =
  /** t̂ given directly (Algorithm 1's hyper-parameter). */
  | { readonly turningPoint: number }
  /** α, β, B given (eq. 16, Lemma 3). */
  | { readonly constants: Lemma3Constants }
  /** α, β, B computed from the problem's constants (d and k are the tuner's). */
  | { readonly problem: Omit<Lemma3Inputs, 'dim' | 'k'> };

/** Options of {@link AdapTopK}. */
export type AdapTopKOptions = TurningPointSource & {
  /** The average budget: `{ k }` or `{ ratio }` of d (k = max(1, ⌈ratio·d⌉)), as for `TopK`. */
  readonly budget: Budget;
  /** Number of rounds T the total budget kT is spread over. */
  readonly iterations: number;
  /** γ ∈ [0, 1). Default 0.5 (paper Table I). */
  readonly gamma?: number;
  /**
   * The `context.iteration` of round t = 0. Default 1: gradwire's schemes
   * number their iterations from 1 (the paper's rounds from 0).
   */
  readonly firstIteration?: number;
};

/**
 * AdapTop-K as a budget tuner: k_t of eq. 20 for the round
 * t = context.iteration − firstIteration. The schedule is built at the first
 * call (d is then known, for a `ratio` budget and for α, β); one instance can
 * serve every worker (the same k_t for all, as in Algorithm 1 line 5/7).
 * A round outside [0, T) is an error.
 */
export class AdapTopK implements BudgetTuner {
  readonly name: string;
  private readonly options: AdapTopKOptions;
  private readonly gamma: number;
  private readonly first: number;
  private built: { readonly dim: number; readonly k: number; readonly tHat: number; readonly schedule: Int32Array } | undefined;

  constructor(options: AdapTopKOptions) {
    const gamma = options.gamma ?? 0.5;
    if (!(gamma >= 0 && gamma < 1)) throw new RangeError(adapTopKMessages.gammaOutOfRange(gamma));
    if (!Number.isInteger(options.iterations) || options.iterations < 1) throw new RangeError(msg.notPositiveInteger('iterations T', options.iterations));
    const first = options.firstIteration ?? 1;
    if (!Number.isInteger(first)) throw new RangeError(msg.badIteration(first));
    this.options = options;
    this.gamma = gamma;
    this.first = first;
    const b = 'k' in options.budget ? `k=${options.budget.k}` : `ratio=${options.budget.ratio}`;
    this.name = `adaptopk(${b},γ=${gamma},T=${options.iterations})`;
  }

  /** The turning point t̂ used (before clamping to T), once built. */
  get turningPoint(): number | undefined {
    return this.built?.tHat;
  }

  /** A copy of k_0 … k_{T−1}, once built. */
  get schedule(): Int32Array | undefined {
    return this.built?.schedule.slice();
  }

  /** Build the schedule for dimension d now (otherwise at the first `budget` call). */
  build(dim: number): Int32Array {
    if (this.built !== undefined) {
      if (this.built.dim !== dim) throw new RangeError(msg.dimensionMismatch('vector', dim, this.built.dim));
      return this.built.schedule;
    }
    const k = resolveBudget(this.options.budget, dim);
    const o = this.options;
    const tHat = 'turningPoint' in o ? o.turningPoint : 'constants' in o ? turningPoint(o.constants) : turningPoint(lemma3Constants({ ...o.problem, dim, k }));
    const schedule = adapTopKSchedule({ k, iterations: o.iterations, gamma: this.gamma, turningPoint: tHat });
    const top = schedule.reduce((m, x) => Math.max(m, x), 0);
    if (top > dim) throw new RangeError(adapTopKMessages.budgetAboveDim(k, this.gamma, top, dim));
    this.built = { dim, k, tHat, schedule };
    return schedule;
  }

  budget(g: Float32Array, context: BudgetContext): number {
    return this.iterationBudget(context.dim ?? g.length, context.iteration);
  }

  /** k_t of eq. 20: the schedule's entry for the iteration, whatever the vector. */
  iterationBudget(dim: number, iteration: number): number {
    const schedule = this.build(dim);
    const k = schedule[iteration - this.first];
    if (k === undefined) throw new RangeError(adapTopKMessages.roundOutsideSchedule(iteration, this.first, schedule.length));
    return k;
  }
}

/**
 * An estimate of σ² (Assumption 3) from m ≥ 2 independent stochastic
 * gradients g_1 … g_m taken at the same model (e.g. one worker's mini-batch
 * gradients at w₀, with the run's batch size): the unbiased sample variance
 * (1/(m − 1))·Σ_j ‖g_j − ḡ‖² (float64).
 */
export function estimateGradientVariance(gradients: readonly Float32Array[]): number {
  const m = gradients.length;
  if (m < 2) throw new RangeError(adapTopKMessages.tooFewGradients(m));
  const d = (gradients[0] as Float32Array).length;
  const mean = new Float64Array(d);
  gradients.forEach((g, j) => {
    if (g.length !== d) throw new RangeError(msg.dimensionMismatch(`gradient ${j}`, g.length, d));
    for (let i = 0; i < d; i++) mean[i] = (mean[i] as number) + (g[i] as number) / m;
  });
  let s = 0;
  for (const g of gradients) for (let i = 0; i < d; i++) s += ((g[i] as number) - (mean[i] as number)) ** 2;
  return s / (m - 1);
}

/**
 * Error messages of AdapTop-K (to be moved into `src/learn/messages.ts`, the
 * package's catalog); each names the value and the fix.
 */
export const adapTopKMessages = {
  gammaOutOfRange: (gamma: number) => `AdapTop-K scale factor γ = ${gamma} is outside [0, 1); the low budget (1 − γ)k must stay ≥ 1 — the paper uses γ = 0.5.`,
  budgetBelowOne: (k: number, gamma: number, got: number) => `AdapTop-K with k = ${k} and γ = ${gamma} gives a round budget of ${got} < 1; choose γ ≤ 1 − 1/k or a larger k.`,
  budgetAboveDim: (k: number, gamma: number, got: number, dim: number) => `AdapTop-K with k = ${k} and γ = ${gamma} gives a round budget of ${got} > d = ${dim}; choose γ ≤ d/k − 1 or a smaller k.`,
  roundOutsideSchedule: (iteration: number, first: number, T: number) =>
    `AdapTop-K was asked for iteration ${iteration}, outside its schedule [${first}, ${first + T}); give it the run's iteration count T and first iteration number.`,
  tooFewGradients: (m: number) => `estimating σ² needs at least 2 stochastic gradients at the same model, got ${m}; draw more mini-batches.`,
} as const;
