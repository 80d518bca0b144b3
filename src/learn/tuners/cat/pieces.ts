/**
 * CAT's measures α, β (ranks of the sorted magnitudes) and ω (water levels)
 * as pieces of T on a magnitude profile: exact where the profile resolves
 * them, bounded elsewhere (the input of branch and bound).
 */
import type { MagnitudeProfile } from './profile.js';
import type { CatVariant } from './types.js';

/** Relative slack on bounds, far above float64 rounding of the sums (≈ 1e-16·log d). */
export const SLACK = 1e-12;

/**
 * A range of T on which the measure is either known exactly (`exact`) or
 * bounded (`lb`), with an upper bound of the measure over any sub-range.
 */
export interface Piece {
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
        const lbV = (t: number) => Math.max(q2, (A * A) / t, vRight + lo * lo * (xRight - t), vGap - hi * hi * (t - xGap)) * (1 - SLACK);
        const ubV = (t: number) => (xRight > xGap ? vGap + ((vRight - vGap) * (t - xGap)) / (xRight - xGap) : Math.max(vGap, vRight)) * (1 + SLACK);
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

export function piecesOf(profile: MagnitudeProfile, variant: CatVariant): Piece[] {
  return variant === 'stochastic' ? omegaPieces(profile) : rankPieces(profile, variant);
}

/** The measure α, β or ω at T on a profile where T is exact (after the search). */
export function measureAt(profile: MagnitudeProfile, variant: CatVariant, t: number): number {
  for (const piece of piecesOf(profile, variant)) {
    if (t >= piece.t1 && t <= piece.t2 && piece.exact !== undefined) return piece.exact(t);
  }
  return NaN;
}
