/**
 * Alistarh et al.'s dynamic sparsity rule, as CAT §4 states it (the baseline
 * of CAT's §6): I_T(g) is the smallest set of largest magnitudes with
 * Σ_{j∈I_T} |g_j| ≥ ‖g‖₂. It looks at neither the descent nor the cost.
 * The rule as a budget tuner; the compressor is `makeAlistarhCompressor`
 * (learn/compress/alistarh.ts).
 */
import type { BudgetTuner } from '../compress/budget.js';
import { NO_WORK, sortComparisons, type CompressionWork } from '../compress/work.js';
import { KEY_END, histogramPass, keyOf, refine, sampleMagnitudes, sampleRuns, windowPass, type MagnitudeProfile } from './cat/profile.js';

/** Below this dimension no sample is taken. */
const WINDOW_MIN_DIM = 1 << 16;

/**
 * The first T at which the prefix sum S1(T) of the decreasingly sorted
 * magnitudes reaches `target`, if the profile pins it down: the segment where
 * S1 crosses must be resolved (else its index is returned to refine).
 */
function crossing(profile: MagnitudeProfile, target: number): { budget: number } | { refine: number } {
  let r0 = 0;
  let s = 0;
  const segs = profile.segments;
  for (let k = 0; k < segs.length; k++) {
    const seg = segs[k] as (typeof segs)[number];
    if (s + seg.s1 >= target) {
      if (seg.sorted === undefined) return { refine: k };
      for (let j = 0; j < seg.count; j++) {
        s += seg.sorted[j] as number;
        if (s >= target) return { budget: r0 + j + 1 };
      }
      return { budget: r0 + seg.count };
    }
    r0 += seg.count;
    s += seg.s1;
  }
  // ‖g‖₁ ≥ ‖g‖₂ always; reached only through rounding: everything.
  return { budget: Math.max(1, r0) };
}

/**
 * Alistarh's T for g: min{T : Σ_{j≤T} a₍ⱼ₎ ≥ ‖g‖₂} (a sorted decreasingly),
 * 1 for g = 0. Exact without sorting g: a sample guesses the ranks T̂/4…4T̂,
 * one pass collects that window (sums above it exact), and if the crossing
 * is not inside, a histogram pass and the sort of one bucket decide it.
 */
export function alistarhBudget(g: Float32Array): number {
  return alistarhSearch(g).budget;
}

/**
 * {@link alistarhBudget} with the compute it took (see `CompressionWork`):
 * its passes over g and the sample, and the sorts of the sample and of the
 * magnitudes it resolved — the same accounting as CAT's `searchWork`.
 */
export function alistarhSearch(g: Float32Array): { readonly budget: number; readonly work: CompressionWork } {
  const d = g.length;
  let sampled = 0;
  let passes = 0;
  let sorted = 0;
  const done = (budget: number, profile?: MagnitudeProfile) => ({
    budget,
    work: {
      passElements: (passes + (profile?.passes ?? 0)) * d + sampled,
      sortComparisons: sortComparisons(sorted + (profile?.sortedElements ?? 0)) + sortComparisons(sampled),
    },
  });
  if (d >= WINDOW_MIN_DIM) {
    const v = sampleMagnitudes(g, sampleRuns(d));
    sampled = v.length;
    const m = v.length;
    const w = d / m;
    let q2 = 0;
    for (let j = 0; j < m; j++) q2 += (v[j] as number) ** 2;
    const target = Math.sqrt(w * q2);
    let r = 0;
    let s = 0;
    while (r < m && w * s < target) s += v[r++] as number;
    const rHi = Math.min(m - 1, 4 * r + 4);
    const rLo = Math.floor(r / 4) - 2;
    const profile = windowPass(g, keyOf(v[rHi] as number), rLo < 2 ? KEY_END : keyOf(v[rLo] as number));
    if (!(profile.q2 > 0)) return done(1, profile);
    const found = crossing(profile, Math.sqrt(profile.q2));
    if ('budget' in found) return done(found.budget, profile);
    passes = profile.passes;
    sorted = profile.sortedElements;
  }
  let profile = histogramPass(g);
  if (!(profile.q2 > 0)) return done(1, profile);
  const target = Math.sqrt(profile.q2);
  for (;;) {
    const found = crossing(profile, target);
    if ('budget' in found) return done(found.budget, profile);
    profile = refine(g, profile, new Set([found.refine]));
  }
}

/** {@link alistarhBudget} as a budget tuner (it keeps only the work of its last search). */
export class AlistarhTuner implements BudgetTuner {
  readonly name = 'alistarh-dynamic';
  private work: CompressionWork = NO_WORK;

  budget(g: Float32Array): number {
    const r = alistarhSearch(g);
    this.work = r.work;
    return r.budget;
  }

  /** The compute of the last search (see {@link alistarhSearch}). */
  get lastWork(): CompressionWork {
    return this.work;
  }
}
