/**
 * CAT's step 1 (eqs. 8, 9 and §5): T* = argmax_{T ∈ [1, d]} Improvement(T)/C(T),
 * exactly — the same T as a brute force over every T on the fully sorted
 * magnitudes (the first maximiser on ties) — without sorting the vector.
 *
 * Measures, with a₍₁₎ ≥ … ≥ a₍d₎ the sorted magnitudes, S1/S2 their prefix
 * sums, A = ‖g‖₁, Q = ‖g‖₂²:
 * - sparsification (Lemma 1):      α(T) = S2(T) / Q
 * - sparsification + quantization (Lemma 3, eq. 3 with scale ‖g‖):
 *     β(T) = ⟨g, Q_T(g)⟩² / (T‖g‖⁴) = S1(T)² / (T·Q)
 * - stochastic sparsification (Lemma 4, optimal p of App. F):
 *     ω(T) = Q / V(T), V(T) = E‖Q_{T,p*}(g)‖² = S2(n_s) + (A − S1(n_s))² / (T − n_s),
 *     n_s = the coordinates kept surely (ATOMO's water-filling, threshold θ(T)).
 *
 * Method (see {@link catSearch}): a profile of the sorted magnitudes (cat-profile.ts)
 * with exact sums at segment boundaries and sorted magnitudes only where
 * needed; exact values where known, bounds elsewhere, branch and bound; Prop. 1
 * where it holds.
 */
import * as cmsg from './cat-messages.js';
import { sortComparisons, type CompressionWork } from '../compress/work.js';
import { KEY_END, histogramPass, keyOf, refine, sampleMagnitudes, sampleRuns, windowPass, type MagnitudeProfile } from './cat-profile.js';

/** The three CAT compressors: eq. 2 + eq. 8, eq. 3 + eq. 9, eq. 4 + §5. */
export type CatVariant = 'sparsification' | 'sparsification-quantization' | 'stochastic';

/** Every CAT variant. */
export const CAT_VARIANTS: readonly CatVariant[] = ['sparsification', 'sparsification-quantization', 'stochastic'];

/**
 * What the search may assume about C(T) beyond being positive and
 * non-decreasing in T (which it always assumes):
 * - `general`: nothing more; exact for any such cost (e.g. the simulated
 *   network's bits, packets, seconds or joules of a transfer).
 * - `affine`: C(T) = c̃1·T + c0 (CAT's affine model over an encoding whose
 *   payload is affine in T: raw32, packed, bitmap). Prop. 1: α(T)/C(T) is
 *   quasi-concave, so the sparsification search stops at the first decrease.
 *   Checked on three points.
 * - `packet`: C(T) depends on T only through ⌈P(T)/pMaxBits⌉ (eq. 6). Prop. 1
 *   (and §5 for ω): with a non-decreasing measure only the last T of each
 *   packet count — "multiples of τmax" — and d are candidates.
 */
export type CostShape =
  | { readonly kind: 'general' }
  | { readonly kind: 'affine' }
  | {
      readonly kind: 'packet';
      /** Payload bits per packet, Pmax (positive integer). */
      readonly pMaxBits: number;
    };

/** Inputs of {@link catSearch}. */
export interface CatSearchInput {
  readonly variant: CatVariant;
  /** C(T) of a T-coordinate message: finite, > 0 and non-decreasing in T. */
  readonly cost: (budget: number) => number;
  /** P(T), payload bits of a T-coordinate message, non-decreasing in T (used for packet plateaus and errors). */
  readonly payloadBits: (budget: number) => number;
  /** Default `general`. */
  readonly shape?: CostShape;
  /**
   * `auto` (default): a window guessed from a sample, then the histogram if
   * the window cannot certify the optimum. `window` / `histogram` force one
   * start (for tests); either way the answer is exact.
   */
  readonly strategy?: 'auto' | 'window' | 'histogram';
  /**
   * Keep the candidates whose exact measure the certifying pass evaluated
   * (in {@link CatSearchResult.candidates}). Default false: nothing kept.
   */
  readonly recordCandidates?: boolean;
}

/** One T at which the search evaluated the exact measure and the cost. */
export interface CatCandidate {
  /** T. */
  readonly budget: number;
  /** α(T), β(T) or ω(T), exactly as the search computed it. */
  readonly measure: number;
  /** C(T). */
  readonly cost: number;
  /** measure / cost, the ratio the search compared. */
  readonly efficiency: number;
}

/** The chosen budget and what the search did. */
export interface CatSearchResult {
  /** T*, in [1, d]. */
  readonly budget: number;
  /** α(T*), β(T*) or ω(T*). */
  readonly measure: number;
  /** C(T*). */
  readonly cost: number;
  /** measure / cost, the maximised ratio (eq. 7). */
  readonly efficiency: number;
  /** How the optimum was certified: from the sampled window, the histogram (+ refinement), or g = 0. */
  readonly strategy: 'window' | 'histogram' | 'zero';
  /** Full passes over g (the sample excluded). */
  readonly passes: number;
  /** Magnitudes that were sorted (a few thousand on typical gradients; never d unless every bucket could hold the optimum). */
  readonly sortedElements: number;
  /** Magnitudes read (and sorted) by the sample that guessed the window; 0 when no sample was taken. */
  readonly sampledElements: number;
  /** Distinct T at which C(T) was evaluated. */
  readonly costEvaluations: number;
  /**
   * With `recordCandidates`: every T at which the pass that certified T*
   * evaluated the exact ratio, ascending in T (T* among them). Not every T
   * in [1, d]: the search skips ranges its bounds rule out, and the sample
   * estimates and bounds it used on the way are not measures, so they are
   * not listed.
   */
  readonly candidates?: readonly CatCandidate[];
}

/** Below this dimension no sample is taken: the histogram starts. */
const WINDOW_MIN_DIM = 1 << 16;
/** Relative slack on bounds, far above float64 rounding of the sums (≈ 1e-16·log d). */
const SLACK = 1e-12;
/** A range is evaluated point by point when it holds at most this many candidates. */
const LEAF = 8;
/** Bisection depth after which an undecided bounded range asks for its segment to be resolved. */
const MAX_DEPTH = 12;

/** C(T), memoised for one search, checked finite and > 0. */
class Costs {
  private readonly memo = new Map<number, number>();
  constructor(
    private readonly cost: (budget: number) => number,
    private readonly payloadBits: (budget: number) => number,
  ) {}

  at(budget: number): number {
    let c = this.memo.get(budget);
    if (c === undefined) {
      c = this.cost(budget);
      if (!(Number.isFinite(c) && c > 0)) throw new RangeError(cmsg.costNotPositive(budget, this.payloadBits(budget), c));
      this.memo.set(budget, c);
    }
    return c;
  }

  get evaluations(): number {
    return this.memo.size;
  }
}

/** The exact ratios one pass evaluated, by T (a later evaluation of the same T computes the same value). */
class Evaluated {
  private readonly byBudget = new Map<number, CatCandidate>();

  add(budget: number, measure: number, cost: number): void {
    this.byBudget.set(budget, { budget, measure, cost, efficiency: measure / cost });
  }

  /** Ascending in T. */
  list(): CatCandidate[] {
    return [...this.byBudget.values()].sort((a, b) => a.budget - b.budget);
  }
}

/** The T at which the maximum may lie: every T, or packet plateau ends (and d). */
interface Candidates {
  /** Smallest candidate ≥ t (d + 1 if none). */
  first(t: number): number;
  /** Largest candidate ≤ t (0 if none). */
  last(t: number): number;
  /** An upper bound on the number of candidates in [c1, c2]. */
  count(c1: number, c2: number): number;
}

function everyT(): Candidates {
  return { first: (t) => t, last: (t) => t, count: (c1, c2) => c2 - c1 + 1 };
}

/**
 * Prop. 1, packet model: C is constant while n(T) = ⌈P(T)/Pmax⌉ is, so with
 * a non-decreasing measure the last T of each n — max{T : P(T) ≤ n·Pmax},
 * CAT's multiples of τmax — and d are the only candidates.
 */
function plateauEnds(d: number, payloadBits: (t: number) => number, pMaxBits: number): Candidates {
  const packets = (t: number) => Math.ceil(payloadBits(t) / pMaxBits);
  // max{T ∈ [0, d] : P(T) ≤ limit}, P(0) taken as −∞: closed form when P is affine in T, else bisection.
  const p1 = payloadBits(1);
  const slope = payloadBits(2) - p1;
  const affine = d < 3 || payloadBits(d) === p1 + slope * (d - 1);
  const maxWithin = (limit: number): number => {
    if (affine && slope > 0) {
      let t = Math.max(0, Math.min(d, Math.floor((limit - p1) / slope) + 1));
      while (t > 0 && payloadBits(t) > limit) t--;
      while (t < d && payloadBits(t + 1) <= limit) t++;
      return t;
    }
    let lo = 0;
    let hi = d;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (payloadBits(mid) <= limit) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const endOf = (n: number) => Math.min(d, maxWithin(n * pMaxBits));
  return {
    first: (t) => (t > d ? d + 1 : Math.max(t, endOf(packets(t)))),
    last: (t) => {
      if (t < 1) return 0;
      const t0 = Math.min(t, d);
      const end = endOf(packets(t0));
      return end === t0 ? t0 : endOf(packets(t0) - 1);
    },
    count: (c1, c2) => packets(c2) - packets(c1) + 1,
  };
}

/**
 * A range of T on which the measure is either known exactly (`exact`) or
 * bounded (`lb`), with an upper bound of the measure over any sub-range.
 */
interface Piece {
  readonly t1: number;
  readonly t2: number;
  /** Segment whose resolution makes this piece exact; −1 for an exact piece. */
  readonly segment: number;
  readonly exact?: (t: number) => number;
  readonly lb?: (t: number) => number;
  /** ≥ measure(T) for every T in [c1, c2] ⊆ [t1, t2]. */
  readonly ub: (c1: number, c2: number) => number;
}

/** Pieces for α (power 2) or β (power 1, squared and divided by T): ranks of the sorted magnitudes. */
function rankPieces(profile: MagnitudeProfile, variant: 'sparsification' | 'sparsification-quantization'): Piece[] {
  const { q2 } = profile;
  const p = variant === 'sparsification' ? 2 : 1;
  const fromS: (s: number, t: number) => number = p === 2 ? (s) => s / q2 : (s, t) => (s * s) / (t * q2);
  const pieces: Piece[] = [];
  let r0 = 0;
  let before = 0;
  profile.segments.forEach((seg, k) => {
    const n = seg.count;
    const base = before;
    const start = r0;
    const total = p === 2 ? seg.s2 : seg.s1;
    if (seg.sorted !== undefined) {
      const cum = new Float64Array(n + 1);
      for (let j = 0; j < n; j++) {
        const a = seg.sorted[j] as number;
        cum[j + 1] = (cum[j] as number) + (p === 2 ? a * a : a);
      }
      const s = (t: number) => base + (cum[t - start] as number);
      pieces.push({
        t1: start + 1,
        t2: start + n,
        segment: -1,
        exact: (t) => fromS(s(t), t),
        ub: (c1, c2) => (p === 2 ? fromS(s(c2), c2) : fromS(s(c2), c1)),
      });
    } else {
      const lo = p === 2 ? seg.lo * seg.lo : seg.lo;
      const hi = p === 2 ? seg.hi * seg.hi : seg.hi;
      // Within a segment, sorted decreasingly: each value in [lo, hi], and a prefix mean ≥ the segment mean.
      const ubS = (j: number) => base + Math.min(j * hi, total - (n - j) * lo, total) * (1 + SLACK);
      const lbS = (j: number) => base + Math.max(j * lo, total - (n - j) * hi, (j * total) / n) * (1 - SLACK);
      if (n > 1) {
        pieces.push({
          t1: start + 1,
          t2: start + n - 1,
          segment: k,
          lb: (t) => fromS(lbS(t - start), t),
          ub: (c1, c2) => (p === 2 ? fromS(ubS(c2 - start), c2) : fromS(ubS(c2 - start), c1)),
        });
      }
      const end = start + n;
      const exactEnd = fromS(base + total, end);
      pieces.push({ t1: end, t2: end, segment: -1, exact: () => exactEnd, ub: () => exactEnd });
    }
    r0 += n;
    before += total;
  });
  return pieces;
}

/**
 * Pieces for ω. With θ the water level (p_j = min(1, a_j/θ)), T(θ) = #{a ≥ θ}
 * + Σ_{a<θ} a/θ and V(θ) = Σ_{a≥θ} a² + θ·Σ_{a<θ} a are exact wherever θ
 * is not inside an aggregate segment's [lo, hi]; there V is bounded by
 * convexity in T (V'(T) = −θ², tangents at both ends) and by V ≥ ‖g‖², A²/T.
 */
function omegaPieces(profile: MagnitudeProfile): Piece[] {
  const { q2, l1: A, dim: d } = profile;
  // Consecutive real intervals of T, each ending at x2 (the next starts there).
  const raw: { x2: number; piece: Omit<Piece, 't1' | 't2'> }[] = [];
  const omega = (v: number) => Math.min(1, q2 / v);
  let r0 = 0;
  let p1 = 0;
  let p2 = 0;
  profile.segments.forEach((seg, k) => {
    const start = r0;
    const base2 = p2;
    const rest = Math.max(0, A - p1); // mass at or below this segment
    const n = seg.count;
    if (rest <= 0) {
      // Only zeros remain: T > nnz keeps everything, V = ‖g‖².
      raw.push({ x2: d, piece: { segment: -1, exact: () => 1, ub: () => 1 } });
    } else {
      const xGap = seg.hi > 0 ? start + rest / seg.hi : d;
      // θ between this segment and the one above: exactly `start` coordinates saturate.
      const gapV = (t: number) => (t <= start ? Infinity : base2 + (rest * rest) / (t - start));
      raw.push({ x2: Math.min(xGap, d), piece: { segment: -1, exact: (t) => omega(gapV(t)), ub: (_c1, c2) => omega(gapV(c2)) } });
      const restBelow = Math.max(0, rest - seg.s1);
      if (seg.sorted !== undefined) {
        const v = seg.sorted;
        const cum1 = new Float64Array(n + 1);
        const cum2 = new Float64Array(n + 1);
        let nonzero = 0;
        for (let j = 0; j < n; j++) {
          const a = v[j] as number;
          cum1[j + 1] = (cum1[j] as number) + a;
          cum2[j + 1] = (cum2[j] as number) + a * a;
          if (a > 0) nonzero = j + 1;
        }
        const lo = seg.lo;
        const xRight = lo > 0 ? start + n + restBelow / lo : start + nonzero;
        // ATOMO inside the segment: saturate v_j while v_j·(T − m) > rest − Σ_{i<j} v_i (monotone in j: bisection).
        const exactV = (t: number): number => {
          let a = 0;
          let b = n;
          while (a < b) {
            const j = (a + b) >> 1;
            const m = start + j;
            if ((v[j] as number) * (t - m) > rest - (cum1[j] as number)) a = j + 1;
            else b = j;
          }
          const m = start + a;
          const left = rest - (cum1[a] as number);
          const head = base2 + (cum2[a] as number);
          return left <= 0 || t - m <= 0 ? head : head + (left * left) / (t - m);
        };
        raw.push({ x2: Math.min(xRight, d), piece: { segment: -1, exact: (t) => omega(exactV(t)), ub: (_c1, c2) => omega(exactV(c2)) } });
        if (lo === 0 || restBelow <= 0) raw.push({ x2: d, piece: { segment: -1, exact: () => 1, ub: () => 1 } });
      } else {
        const lo = seg.lo;
        const hi = seg.hi;
        const vGap = base2 + rest * hi;
        const xRight = lo > 0 ? Math.min(d, start + n + restBelow / lo) : d;
        const vRight = lo > 0 ? base2 + seg.s2 + lo * restBelow : q2;
        const lbV = (t: number) =>
          Math.max(q2, (A * A) / t, vRight + lo * lo * (xRight - t), vGap - hi * hi * (t - xGap)) * (1 - SLACK);
        const ubV = (t: number) =>
          (xRight > xGap ? vGap + ((vRight - vGap) * (t - xGap)) / (xRight - xGap) : Math.max(vGap, vRight)) * (1 + SLACK);
        raw.push({
          x2: xRight,
          piece: { segment: k, lb: (t) => omega(ubV(t)), ub: (_c1, c2) => omega(lbV(c2)) },
        });
      }
    }
    r0 += n;
    p1 += seg.s1;
    p2 += seg.s2;
  });
  // Real intervals → consecutive integer ranges (an integer on a shared edge goes to the first).
  const pieces: Piece[] = [];
  let next = 1;
  for (const { x2, piece } of raw) {
    const t2 = Math.min(d, Math.floor(x2));
    if (t2 >= next) {
      pieces.push({ ...piece, t1: next, t2 });
      next = t2 + 1;
    }
  }
  if (next <= d) pieces.push({ t1: next, t2: d, segment: -1, exact: () => 1, ub: () => 1 });
  return pieces;
}

function piecesOf(profile: MagnitudeProfile, variant: CatVariant): Piece[] {
  return variant === 'stochastic' ? omegaPieces(profile) : rankPieces(profile, variant);
}

interface Outcome {
  readonly budget: number;
  readonly efficiency: number;
  /** Segments to resolve before the optimum is certified (empty: certified). */
  readonly unresolved: ReadonlySet<number>;
}

/**
 * Branch and bound over T. Exact pieces are evaluated where their upper
 * bound (measure bound over a range / C at its first candidate, C being
 * non-decreasing) reaches the best lower bound; bounded pieces are bisected
 * until pruned, else their segment is reported unresolved. The best exact
 * value is the answer once nothing is unresolved; ties go to the smaller T.
 */
function branchAndBound(pieces: readonly Piece[], costs: Costs, cands: Candidates, log?: Evaluated): Outcome {
  let bestE = -Infinity;
  let bestT = 0;
  let floor = -Infinity; // ≤ max E: best exact value or any proven lower bound
  const consider = (t: number, e: number) => {
    if (e > bestE || (e === bestE && t < bestT)) {
      bestE = e;
      bestT = t;
    }
    if (e > floor) floor = e;
  };
  const evaluate = (piece: Piece, t: number) => {
    const measure = (piece.exact as (t: number) => number)(t);
    const cost = costs.at(t);
    log?.add(t, measure, cost);
    consider(t, measure / cost);
  };
  const exactRange = (piece: Piece, c1: number, c2: number): void => {
    if (c1 > c2) return;
    if (cands.count(c1, c2) <= LEAF) {
      for (let t = c1; t <= c2; t = cands.first(t + 1)) evaluate(piece, t);
      return;
    }
    if ((piece.ub(c1, c2) * (1 + SLACK)) / costs.at(c1) < floor) return;
    const mid = Math.max(c1, cands.last((c1 + c2) >> 1));
    exactRange(piece, c1, mid);
    exactRange(piece, cands.first(mid + 1), c2);
  };
  const unresolved = new Set<number>();
  const boundedRange = (piece: Piece, c1: number, c2: number, depth: number): boolean => {
    if (c1 > c2) return true;
    if (piece.ub(c1, c2) * (1 + SLACK) / costs.at(c1) < floor) return true;
    const lb = piece.lb as (t: number) => number;
    const lower = lb(c2) / costs.at(c2);
    if (lower > floor) floor = lower;
    if (c1 === c2 || depth >= MAX_DEPTH) return false;
    const mid = Math.max(c1, cands.last((c1 + c2) >> 1));
    return boundedRange(piece, c1, mid, depth + 1) && boundedRange(piece, cands.first(mid + 1), c2, depth + 1);
  };
  const span = (piece: Piece): [number, number] => [cands.first(piece.t1), cands.last(piece.t2)];
  // Seed the floor with every exact piece's last candidate, then search exact pieces, then prune bounded ones.
  for (const piece of pieces) {
    const [c1, c2] = span(piece);
    if (c1 <= c2 && piece.exact !== undefined) evaluate(piece, c2);
  }
  for (const piece of pieces) {
    const [c1, c2] = span(piece);
    if (piece.exact !== undefined) exactRange(piece, c1, c2);
  }
  for (const piece of pieces) {
    const [c1, c2] = span(piece);
    if (piece.exact === undefined && !boundedRange(piece, c1, c2, 0)) unresolved.add(piece.segment);
  }
  return { budget: bestT, efficiency: bestE, unresolved };
}

/**
 * Prop. 1, affine model, sparsification: α/C is quasi-concave (semi-strictly),
 * so along T it rises, then falls. Scan the window's ranks from its first one
 * and stop at the first strict decrease; certified when the scan starts on a
 * rise (or at T = 1) and finds that decrease (or reaches T = d).
 */
function affineScan(profile: MagnitudeProfile, costs: Costs, log?: Evaluated): Outcome | undefined {
  const { segments, q2, dim } = profile;
  let r0 = 0;
  let before = 0;
  let k = 0;
  while (k < segments.length && (segments[k] as (typeof segments)[number]).sorted === undefined) {
    r0 += (segments[k] as (typeof segments)[number]).count;
    before += (segments[k] as (typeof segments)[number]).s2;
    k++;
  }
  const window = segments[k];
  if (window === undefined || window.sorted === undefined || window.count === 0) return undefined;
  const v = window.sorted;
  let s = before;
  const e = (t: number) => {
    const measure = s / q2;
    const cost = costs.at(t);
    log?.add(t, measure, cost);
    return measure / cost;
  };
  let prev = r0 > 0 ? e(r0) : -Infinity;
  let bestE = -Infinity;
  let bestT = 0;
  for (let j = 0; j < window.count; j++) {
    const a = v[j] as number;
    s += a * a;
    const t = r0 + j + 1;
    const cur = e(t);
    if (j === 0 && !(cur > prev)) return undefined; // the peak is at or before r0
    if (cur < prev) return { budget: bestT, efficiency: bestE, unresolved: new Set() };
    if (cur > bestE) {
      bestE = cur;
      bestT = t;
    }
    prev = cur;
  }
  return r0 + window.count === dim ? { budget: bestT, efficiency: bestE, unresolved: new Set() } : undefined;
}

/** Check C(T) = c̃1·T + c0 on T = 1, 2, d (relative tolerance 1e-9). */
function checkAffine(costs: Costs, d: number): void {
  if (d < 3) return;
  const c1 = costs.at(1);
  const c2 = costs.at(2);
  const cd = costs.at(d);
  const predicted = c1 + (c2 - c1) * (d - 1);
  if (Math.abs(predicted - cd) > 1e-9 * Math.max(Math.abs(cd), Math.abs(predicted))) {
    throw new RangeError(cmsg.notAffine(`C(1) = ${c1}, C(2) = ${c2}, C(${d}) = ${cd} (affine would give ${predicted})`));
  }
}

/**
 * The window [keyLo, keyHi) of magnitudes to resolve, guessed from a
 * sample: estimate the measure at ~64 log-spaced T from the sampled
 * magnitudes (scaled by d/m), take the best T̂, and cover ranks T̂/4 … 4T̂
 * (α, β) or water levels θ(4T̂)/2 … 2θ(T̂/4) (ω). Undefined
 * when the window would be large (then the histogram is the better start).
 */
function guessWindow(g: Float32Array, variant: CatVariant, costs: Costs, cands: Candidates, v: Float64Array): { keyLo: number; keyHi: number } | undefined {
  const d = g.length;
  const m = v.length;
  const w = d / m;
  const cum1 = new Float64Array(m + 1);
  const cum2 = new Float64Array(m + 1);
  for (let j = 0; j < m; j++) {
    cum1[j + 1] = (cum1[j] as number) + (v[j] as number);
    cum2[j + 1] = (cum2[j] as number) + (v[j] as number) ** 2;
  }
  const q2 = w * (cum2[m] as number);
  const a1 = w * (cum1[m] as number);
  if (!(q2 > 0)) return undefined;
  const prefix = (cum: Float64Array, t: number) => {
    const r = Math.min(m, t / w);
    const i = Math.floor(r);
    return w * ((cum[i] as number) + (i < m ? (r - i) * ((cum[i + 1] as number) - (cum[i] as number)) : 0));
  };
  // Water level for budget t on the scaled sample: saturate the top while v_j·(t/w − j) > rest.
  const water = (t: number): { v: number; theta: number } => {
    const b = t / w;
    let j = 0;
    let rest = cum1[m] as number;
    while (j < m && b - j > 1 && (v[j] as number) * (b - j) > rest) {
      rest -= v[j] as number;
      j++;
    }
    const theta = rest / (b - j);
    return { v: w * ((cum2[j] as number) + rest * theta), theta };
  };
  const measure = (t: number): number => {
    if (variant === 'sparsification') return prefix(cum2, t) / q2;
    if (variant === 'sparsification-quantization') return prefix(cum1, t) ** 2 / (t * q2);
    return Math.min(1, q2 / water(t).v);
  };
  let bestT = 1;
  let bestE = -Infinity;
  const grid = 64;
  let previous = 0;
  for (let i = 0; i <= grid; i++) {
    const t = Math.min(d, cands.first(Math.max(1, Math.round(Math.exp((i * Math.log(d)) / grid)))));
    if (t <= previous || t > d) continue;
    previous = t;
    const e = measure(t) / costs.at(t);
    if (e > bestE) {
      bestE = e;
      bestT = t;
    }
  }
  const maxWindow = Math.max(4096, d >> 4);
  if (variant === 'stochastic') {
    // Water levels for T̂/4 … 4T̂, widened by 2 in magnitude; from the top when that reaches the sample's largest.
    const hi = 2 * water(Math.max(1, bestT / 4)).theta;
    const top = hi >= (v[Math.min(m - 1, 2)] as number);
    const lo = top ? Math.min(water(Math.min(d, 4 * bestT)).theta / 2, v[Math.min(m - 1, 3)] as number) : water(Math.min(d, 4 * bestT)).theta / 2;
    let inside = 0;
    for (let j = 0; j < m; j++) if ((v[j] as number) >= lo && (top || (v[j] as number) < hi)) inside++;
    if (inside === m || w * inside > maxWindow) return undefined;
    return { keyLo: keyOf(lo), keyHi: top ? KEY_END : keyOf(hi) };
  }
  const rHi = Math.ceil((4 * bestT) / w) + 4;
  const rLo = Math.floor(bestT / (4 * w)) - 2;
  if (rHi >= m || w * (rHi - Math.max(0, rLo)) > maxWindow) return undefined;
  return { keyLo: keyOf(v[rHi] as number), keyHi: rLo < 2 ? KEY_END : keyOf(v[rLo] as number) };
}

/** The measure α, β or ω at T on a profile where T is exact (after the search). */
function measureAt(profile: MagnitudeProfile, variant: CatVariant, t: number): number {
  for (const piece of piecesOf(profile, variant)) {
    if (t >= piece.t1 && t <= piece.t2 && piece.exact !== undefined) return piece.exact(t);
  }
  return NaN;
}

/**
 * CAT step 1: the T ∈ [1, d] maximising measure(T)/C(T), exactly as a brute
 * force on the sorted magnitudes would (first maximiser on ties), without
 * sorting g:
 *
 * 1. Window (d ≥ 2^16): a deterministic sample (d/256 … 4096 magnitudes) estimates
 *    the ratio on a log grid of T; one pass over g then accumulates ‖g‖₁,
 *    ‖g‖₂² and the magnitudes above the window exactly, and collects (then
 *    sorts) only the magnitudes inside the window around the estimated
 *    optimum — a few thousand on typical gradients.
 * 2. Certification. Sparsification under an affine cost (Prop. 1): scan the
 *    window until the first decrease. Otherwise branch and bound: exact
 *    values at every rank in the window and at every segment boundary; for
 *    ranks in an aggregate, bounds from its exact sums and magnitude range
 *    (prefix means ≥ segment mean; V convex in T for ω); C non-decreasing
 *    gives ratio bounds on ranges. Under the packet shape, α and ω are
 *    evaluated only at packet-count ends and d (Prop. 1, §5).
 * 3. Fallback (the window did not certify, or d < 2^16): a histogram pass
 *    (2^14 buckets of relative width 1/64, exact count/Σa/Σa² each), branch
 *    and bound, and one pass that sorts only the buckets that survive.
 */
export function catSearch(g: Float32Array, input: CatSearchInput): CatSearchResult {
  const d = g.length;
  const shape = input.shape ?? { kind: 'general' };
  const costs = new Costs(input.cost, input.payloadBits);
  if (shape.kind === 'packet' && !(Number.isInteger(shape.pMaxBits) && shape.pMaxBits > 0)) {
    throw new RangeError(cmsg.packetSizeInvalid(shape.pMaxBits));
  }
  if (shape.kind === 'affine') checkAffine(costs, d);
  // Prop. 1's restriction to plateau ends needs a non-decreasing measure: α and ω, not β.
  const cands = shape.kind === 'packet' && input.variant !== 'sparsification-quantization' ? plateauEnds(d, input.payloadBits, shape.pMaxBits) : everyT();
  const strategy = input.strategy ?? 'auto';
  const record = input.recordCandidates === true;
  let sampled = 0;
  const finish = (profile: MagnitudeProfile, outcome: Outcome, how: 'window' | 'histogram', log: Evaluated | undefined): CatSearchResult => {
    const measure = measureAt(profile, input.variant, outcome.budget);
    return {
      budget: outcome.budget,
      measure,
      cost: costs.at(outcome.budget),
      efficiency: outcome.efficiency,
      strategy: how,
      passes: profile.passes,
      sortedElements: profile.sortedElements,
      sampledElements: sampled,
      costEvaluations: costs.evaluations,
      ...(log === undefined ? {} : { candidates: log.list() }),
    };
  };
  // One log per attempt: only the pass that certifies T* reports its candidates.
  const newLog = () => (record ? new Evaluated() : undefined);
  let passes = 0;
  let sortedBefore = 0;
  if (strategy !== 'histogram' && d >= (strategy === 'window' ? 2048 : WINDOW_MIN_DIM)) {
    const sample = sampleMagnitudes(g, sampleRuns(d));
    sampled = sample.length;
    const window = guessWindow(g, input.variant, costs, cands, sample);
    if (window !== undefined) {
      const profile = windowPass(g, window.keyLo, window.keyHi);
      if (!(profile.q2 > 0)) return zeroResult(costs, record, sampled);
      let log = newLog();
      const scanned = shape.kind === 'affine' && input.variant === 'sparsification' ? affineScan(profile, costs, log) : undefined;
      if (scanned === undefined) log = newLog();
      const outcome = scanned ?? branchAndBound(piecesOf(profile, input.variant), costs, cands, log);
      if (outcome.unresolved.size === 0) return finish(profile, outcome, 'window', log);
      passes = profile.passes;
      sortedBefore = profile.sortedElements;
    }
  }
  let profile = histogramPass(g);
  profile = { ...profile, passes: profile.passes + passes, sortedElements: sortedBefore };
  if (!(profile.q2 > 0)) return zeroResult(costs, record, sampled);
  for (;;) {
    const log = newLog();
    const outcome = branchAndBound(piecesOf(profile, input.variant), costs, cands, log);
    if (outcome.unresolved.size === 0) return finish(profile, outcome, 'histogram', log);
    profile = refine(g, profile, outcome.unresolved);
  }
}

/**
 * The compute of one search (see `CompressionWork`): its full passes over g,
 * the sample it read and each T it evaluated, and the sorts of the sample
 * and of the magnitudes it resolved (charged as one sort of all of them, an
 * upper bound on sorting them segment by segment).
 */
export function searchWork(r: CatSearchResult, d: number): CompressionWork {
  return {
    passElements: r.passes * d + r.sampledElements + r.costEvaluations,
    sortComparisons: sortComparisons(r.sortedElements) + sortComparisons(r.sampledElements),
  };
}

/** g = 0: every T improves nothing; T = 1 is the cheapest message. */
function zeroResult(costs: Costs, record: boolean, sampledElements: number): CatSearchResult {
  const cost = costs.at(1);
  return {
    budget: 1, measure: 0, cost, efficiency: 0, strategy: 'zero', passes: 1, sortedElements: 0, sampledElements, costEvaluations: costs.evaluations,
    ...(record ? { candidates: [{ budget: 1, measure: 0, cost, efficiency: 0 }] } : {}),
  };
}
