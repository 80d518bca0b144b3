import * as msg from '../messages.js';
import { BudgetedCompressor, precisionCode } from './budgeted.js';
import type { Budget, BudgetTuner } from './budget.js';
import type { CompressContext, Compressor, CompressorOptions } from './compressor.js';
import { ErrorFeedback, selector } from './error-feedback.js';
import { INDICES_SENT, type MessageDraft, type ValueCode } from './message.js';
import * as regMsg from './regtopk-messages.js';
import { TopKWorkspace, topKIndices } from './select.js';

/**
 * RegTop-k — regularized Top-k sparsification (Bereyhi, Liang, Boudreau,
 * Afana, "Novel gradient sparsification algorithm via Bayesian inference",
 * 2024; "the paper" below). Equation and line numbers are the paper's.
 *
 * Readings of the points the paper leaves open (each is a documented choice):
 * - Δ's denominator: Algorithm 1 line 5 and eq. 13 print ω_n·a_n^t, the
 *   *current* accumulated entry (`denominator: 'current'`, this class's
 *   default, so that the functions below compute the algorithm as printed).
 *   The authors' public code (github.com/AlBerey/RegTopK, `Delta_updater`
 *   and `Toy_Example.py`) divides by the previous sent value ω_n·a_n^{t−1}
 *   instead, so that |1 + Δ| = |g^{t−1}| / |ω_n a_n^{t−1}| is the realised
 *   ratio of the aggregate to this worker's share of it
 *   (`denominator: 'previous'`). Only the latter reproduces the §4.1 result
 *   (the printed form does worse than Top-k there; see
 *   test/papers/regtopk.test.ts), so scenarios default to `previous`
 *   (src/scenario/schema.ts).
 * - g^{t−1} is the aggregate Σ_m ω_m ĝ_m^{t−1} of the *sparsified* messages,
 *   i.e. the update every worker applied (eq. 1 with ĝ; footnote 1). On
 *   S_n^{t−1}, g^{t−1} − ω_n a_n^{t−1} is then exactly the other workers'
 *   share z_n^{t−1} of eq. 13, which is what the derivation needs.
 * - a_n^{t−1} is needed only on S_n^{t−1}, where it equals the value sent, so
 *   the state is O(k): the previous indices, their sent values and the
 *   aggregate there.
 * - Where a_n^t[j] = 0 on S_n^{t−1}, Δ is ±∞ or NaN; the regularized entry is
 *   then 0 (the limit of a·tanh(|1 + Δ|/μ) as a → 0, and the prior (9) of
 *   the entry is 0 anyway). With `denominator: 'previous'`, an entry whose
 *   sent value was 0 carried no information and is treated as unsent (Δ = Q).
 * - Q is a free constant (Algorithm 1: "some Q > 0"; eq. 15 asks only
 *   u_μ(|1 + Q|) = C for Proposition 2's unknown C). Default 1e8, the
 *   authors' code's value: tanh(|1 + Q|/μ) = 1 in float64 for any
 *   |1 + Q| ≥ 20μ, so entries not sent last time compete by |a| alone and
 *   only re-sending an entry is regularized.
 * - u_μ(x) = tanh(x/μ) (§3.2, as the paper sets it); μ > 0, default 1
 *   (the paper gives no value; the authors' code uses 1 for §1.2, 4 for §4.1).
 * - Ties of the regularized magnitude go to the lower index (as {@link TopK});
 *   scores are rounded to float32 before selection, which matters only for
 *   entries within one float32 ulp of each other.
 */

/** What RegTop-k remembers from its previous message (iteration t − 1), for Algorithm 1 line 5. */
export interface PreviousSelection {
  /** S_n^{t−1}: the indices sent, strictly increasing. */
  readonly indices: Int32Array;
  /** a_n^{t−1} on S_n^{t−1}: the values sent (`sent[j]` belongs to `indices[j]`). */
  readonly sent: Float32Array;
  /** g^{t−1} on S_n^{t−1}: the aggregated update there (`aggregate[j]` belongs to `indices[j]`). */
  readonly aggregate: Float32Array;
}

/** The constants of Algorithm 1 for one worker. */
export interface RegTopKParameters {
  /** μ > 0: u_μ(x) = tanh(x/μ) (§3.2). As μ → 0 RegTop-k becomes Top-k. */
  readonly mu: number;
  /** Q > 0: the posterior distortion assumed for entries not sent last time (eq. 15, Algorithm 1 line 5). */
  readonly q: number;
  /** ω_n > 0: this worker's weight in the server's aggregate g = Σ ω_n ĝ_n (eq. 1); 1/N for a mean, 1 for a sum. */
  readonly weight: number;
  /**
   * Δ's denominator on S^{t−1}: `current` — ω_n a_n^t, Algorithm 1 line 5 as
   * printed (default); `previous` — ω_n a_n^{t−1}, the value sent last time,
   * as in the authors' public code.
   */
  readonly denominator?: RegTopKDenominator;
}

/** Which accumulated entry divides Δ: a_n^t (Algorithm 1 as printed) or a_n^{t−1} (the authors' code). */
export type RegTopKDenominator = 'current' | 'previous';

/**
 * The posterior distortion Δ_n^t of Algorithm 1 line 5:
 *   Δ = s^{t−1} ⊙ [(g^{t−1} − ω a^{t−1}) ⊘ (ω a^t)] + Q (1 − s^{t−1})
 * (with `denominator: 'previous'`, ⊘ (ω a^{t−1}) instead, and Δ = Q where
 * a^{t−1} = 0). A new Float64Array of length a.length; with the default
 * denominator ±∞ or NaN where a[j] = 0 on S^{t−1}.
 * @param a a_n^t, the accumulated gradient (not mutated)
 * @param previous the previous selection with its sent values and aggregate
 * @param params Q, ω_n and the denominator (μ is not used)
 */
export function posteriorDistortion(a: Float32Array, previous: PreviousSelection, params: Omit<RegTopKParameters, 'mu'>): Float64Array {
  checkPrevious(previous, a.length);
  const { q, weight } = params;
  const delta = new Float64Array(a.length).fill(q);
  for (let j = 0; j < previous.indices.length; j++) {
    const i = previous.indices[j] as number;
    const sent = previous.sent[j] as number;
    const z = (previous.aggregate[j] as number) - weight * sent; // z_n^{t−1}, eq. 13
    if (params.denominator === 'previous') {
      if (sent !== 0) delta[i] = z / (weight * sent);
    } else {
      delta[i] = z / (weight * (a[i] as number));
    }
  }
  return delta;
}

/**
 * The regularized accumulated gradient ã = a ⊙ tanh(|1 + Δ|/μ) of eq. 16 —
 * the argument of Top_k in Algorithm 1 line 6 — or `a` itself (copied) when
 * there is no previous selection (line 1: iteration 0 is plain Top-k).
 * Entries with a[j] = 0 are 0. Computed in float64, stored as float32.
 * @param a a_n^t (not mutated)
 * @param previous the previous selection, or undefined at iteration 0
 * @param params μ, Q, ω_n
 * @param out optional output buffer of length a.length (overwritten and returned)
 */
export function regularizedAccumulator(a: Float32Array, previous: PreviousSelection | undefined, params: RegTopKParameters, out: Float32Array = new Float32Array(a.length)): Float32Array {
  if (out.length !== a.length) throw new RangeError(msg.dimensionMismatch('output buffer', out.length, a.length));
  if (previous === undefined) {
    out.set(a);
    return out;
  }
  checkPrevious(previous, a.length);
  const { mu, q, weight } = params;
  const unsent = Math.tanh(Math.abs(1 + q) / mu); // j ∉ S^{t−1}: Δ = Q
  if (unsent === 1) out.set(a);
  else for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) * unsent;
  const previousDenominator = params.denominator === 'previous';
  for (let j = 0; j < previous.indices.length; j++) {
    const i = previous.indices[j] as number;
    const ai = a[i] as number;
    const sent = previous.sent[j] as number;
    const aggregate = previous.aggregate[j] as number;
    if (previousDenominator) {
      // |1 + Δ| = |g^{t−1}| / |ω a^{t−1}|: last iteration's aggregate over this worker's share of it.
      if (sent !== 0) out[i] = ai * Math.tanh(Math.abs(aggregate) / Math.abs(weight * sent) / mu);
      continue;
    }
    if (ai === 0) {
      out[i] = 0;
      continue;
    }
    const own = weight * ai; // ω_n a_n^t
    const z = aggregate - weight * sent; // z_n^{t−1}, eq. 13
    // |1 + Δ| = |ω a^t + z^{t−1}| / |ω a^t|: the predicted global entry over this worker's share of it.
    out[i] = ai * Math.tanh(Math.abs(own + z) / Math.abs(own) / mu);
  }
  return out;
}

/**
 * Something that needs the aggregated update of every iteration: the scheme
 * calls {@link AggregateObserver.observeAggregate} once per iteration, after
 * the worker's message of that iteration was compressed and before the next
 * one is.
 */
export interface AggregateObserver {
  /**
   * Receive g^t, the aggregated update of the iteration whose message this
   * compressor produced last: Σ_m ω_m ĝ_m^t exactly as the workers apply it
   * (the server's mean of the decoded uplink messages). Length d; read, never
   * kept (only its values on the previous selection are copied).
   */
  observeAggregate(aggregate: Float32Array): void;
}

/** True when `c` has an `observeAggregate` method. */
export function isAggregateObserver(c: unknown): c is AggregateObserver {
  return typeof (c as Partial<AggregateObserver> | null)?.observeAggregate === 'function';
}

/**
 * The part of an uplink compressor the scheme must feed the aggregate to:
 * the compressor itself, or the compressor inside an {@link ErrorFeedback}
 * wrapper; undefined when neither observes aggregates (every other
 * compressor), so a scheme can call
 * `aggregateObserverOf(uplink[i])?.observeAggregate(g)` unconditionally.
 */
export function aggregateObserverOf(c: Compressor): AggregateObserver | undefined {
  const inner = selector(c);
  return isAggregateObserver(inner) ? inner : undefined;
}

/** Options of {@link RegTopK}. */
export interface RegTopKOptions extends CompressorOptions, Partial<Pick<RegTopKParameters, 'mu' | 'q' | 'denominator'>> {
  /**
   * ω_n (required, > 0): this worker's weight in the aggregate the scheme
   * feeds back — 1/N when the server averages N messages, 1 when it sums them.
   */
  readonly weight: number;
  /** Bits per value on the wire: 32 (default) or 64. Values are float32 either way. */
  readonly precision?: 32 | 64;
}

/** Default μ of {@link RegTopK} (the paper gives none; the authors' code uses 1 for §1.2). */
export const REGTOPK_DEFAULT_MU = 1;
/** Default Q of {@link RegTopK} (the paper gives none; the authors' code uses 1e8, i.e. tanh(|1 + Q|/μ) = 1). */
export const REGTOPK_DEFAULT_Q = 1e8;

/**
 * RegTop-k selection, Algorithm 1 lines 1, 5–7, for one worker. Its input
 * is the accumulated gradient a_n^t; the error accumulation of lines 4 and 8
 * (a = ε + g, ε ← a − ĝ) is {@link ErrorFeedback}'s, so Algorithm 1 is
 * `new ErrorFeedback(new RegTopK(…))` — see {@link regTopKWithErrorFeedback}.
 * Without error feedback it regularizes the plain gradient (not the paper's
 * algorithm).
 *
 * Lifecycle (stateful, one instance per worker):
 * 1. the first `compress(a⁰)` is plain Top-k (line 1);
 * 2. after every `compress`, the scheme calls `observeAggregate(g)` with the
 *    aggregated update of that iteration (see {@link AggregateObserver});
 * 3. every later `compress(a^t)` selects the k largest |ã| of eq. 16
 *    (line 6) and sends the entries of a^t there, verbatim (line 7).
 * Compressing twice without an aggregate in between throws (the scheme is
 * not wiring it); so does an aggregate before the first message or twice
 * for one message. `reset()` forgets the state (next message: Top-k again).
 *
 * Messages are priced as {@link TopK}'s: k (index, fp32/fp64 value) pairs.
 */
export class RegTopK extends BudgetedCompressor implements AggregateObserver {
  readonly name: string;
  /** μ (> 0). */
  readonly mu: number;
  /** Q (> 0). */
  readonly q: number;
  /** ω_n (> 0). */
  readonly weight: number;
  /** Δ's denominator: `current` (Algorithm 1 as printed) or `previous` (the authors' code). */
  readonly denominator: RegTopKDenominator;
  private readonly valueCode: ValueCode;
  private readonly workspace = new TopKWorkspace();
  private readonly scores: Float32Array;
  /** The last message: S^{t−1}, its values, and (once observed) g^{t−1} there. */
  private last: { indices: Int32Array; sent: Float32Array; aggregate: Float32Array | undefined } | undefined;

  /**
   * @param dim dimension d
   * @param budget `{ k }` with 1 ≤ k ≤ d, `{ ratio }` in (0, 1] (k = max(1, ⌈ratio·d⌉)), or a budget tuner
   * @param options ω_n (required), μ (default 1), Q (default 1e8), Δ's denominator (default `current`),
   *   value precision (default 32), encoding (default raw32)
   */
  constructor(dim: number, budget: Budget | BudgetTuner, options: RegTopKOptions) {
    const valueCode = precisionCode(options.precision);
    super(dim, budget, { ...options, layout: { value: valueCode.kind } });
    const mu = options.mu ?? REGTOPK_DEFAULT_MU;
    const q = options.q ?? REGTOPK_DEFAULT_Q;
    const { weight } = options;
    for (const [name, value] of [
      ['mu', mu],
      ['q', q],
      ['weight', weight],
    ] as const) {
      if (!(Number.isFinite(value) && value > 0)) throw new RangeError(msg.notPositive(name, value));
    }
    const denominator = options.denominator ?? 'current';
    if (denominator !== 'current' && denominator !== 'previous') {
      throw new RangeError(msg.optionInvalid('denominator', String(denominator), ['current', 'previous']));
    }
    this.mu = mu;
    this.q = q;
    this.weight = weight;
    this.denominator = denominator;
    this.name = denominator === 'current' ? 'regtopk' : 'regtopk(previous)';
    this.valueCode = valueCode;
    this.scores = new Float32Array(dim);
  }

  /**
   * The previous selection as line 5 will use it (copies), or undefined
   * before the first message and while its aggregate is still awaited.
   */
  get previous(): PreviousSelection | undefined {
    const last = this.last;
    if (last?.aggregate === undefined) return undefined;
    return { indices: last.indices.slice(), sent: last.sent.slice(), aggregate: last.aggregate.slice() };
  }

  /** True after a message whose aggregate has not been observed yet. */
  get awaitingAggregate(): boolean {
    return this.last !== undefined && this.last.aggregate === undefined;
  }

  observeAggregate(aggregate: Float32Array): void {
    if (aggregate.length !== this.dim) throw new RangeError(msg.dimensionMismatch('aggregate', aggregate.length, this.dim));
    const last = this.last;
    if (last === undefined) throw new Error(regMsg.regTopKUnexpectedAggregate('before-first-message'));
    if (last.aggregate !== undefined) throw new Error(regMsg.regTopKUnexpectedAggregate('twice'));
    const values = new Float32Array(last.indices.length);
    for (let j = 0; j < values.length; j++) {
      const i = last.indices[j] as number;
      const v = aggregate[i] as number;
      if (!Number.isFinite(v)) throw new RangeError(regMsg.regTopKNonFiniteAggregate(i, v));
      values[j] = v;
    }
    last.aggregate = values;
  }

  /** Forget the previous selection and aggregate: the next message is plain Top-k (Algorithm 1 line 1). */
  reset(): void {
    this.last = undefined;
  }

  protected doCompressK(a: Float32Array, k: number, context: CompressContext): MessageDraft {
    const last = this.last;
    let ranked: Float32Array;
    if (last === undefined) {
      ranked = a; // line 1: t = 0 is Top-k
    } else {
      const aggregate = last.aggregate;
      if (aggregate === undefined) throw new Error(regMsg.regTopKMissingAggregate(context.iteration));
      ranked = regularizedAccumulator(a, { indices: last.indices, sent: last.sent, aggregate }, this, this.scores); // eq. 16
    }
    const indices = topKIndices(ranked, k, this.workspace); // line 6
    const values = new Float32Array(indices.length);
    for (let j = 0; j < indices.length; j++) values[j] = a[indices[j] as number] as number; // line 7: ĝ = s ⊙ a
    this.last = { indices: indices.slice(), sent: values.slice(), aggregate: undefined };
    return { kind: 'sparse', dim: this.dim, indices, indexing: INDICES_SENT, values, valueCode: this.valueCode };
  }
}

/**
 * Algorithm 1 complete for one worker: error accumulation (lines 4, 8) around
 * RegTop-k selection. Feed the aggregate with
 * `aggregateObserverOf(c)!.observeAggregate(g)` (or keep a reference to the
 * inner {@link RegTopK}: `c.inner`).
 */
export function regTopKWithErrorFeedback(dim: number, budget: Budget | BudgetTuner, options: RegTopKOptions): ErrorFeedback {
  return new ErrorFeedback(new RegTopK(dim, budget, options));
}

function checkPrevious(previous: PreviousSelection, dim: number): void {
  const n = previous.indices.length;
  if (previous.sent.length !== n) throw new RangeError(msg.dimensionMismatch('previous sent values', previous.sent.length, n));
  if (previous.aggregate.length !== n) throw new RangeError(msg.dimensionMismatch('previous aggregate values', previous.aggregate.length, n));
  for (let j = 0; j < n; j++) {
    const i = previous.indices[j] as number;
    if (!Number.isInteger(i) || i < 0 || i >= dim) throw new RangeError(regMsg.regTopKPreviousIndexOutOfRange(i, dim));
  }
}
