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
 * Method (see {@link catSearch}): a profile of the sorted magnitudes (profile.ts)
 * with exact sums at segment boundaries and sorted magnitudes only where
 * needed; exact values where known, bounds elsewhere, branch and bound; Prop. 1
 * where it holds. The parts: candidates.ts (C(T) and the T that may win),
 * pieces.ts (the measures, exact or bounded), bounds.ts (branch and bound,
 * Prop. 1's scan), window.ts (the sampled window); types in types.ts.
 */
import * as cmsg from './messages.js';
import { sortComparisons, type CompressionWork } from '../../compress/work.js';
import { Costs, Evaluated, everyT, plateauEnds } from './candidates.js';
import { affineScan, branchAndBound, checkAffine, type Outcome } from './bounds.js';
import { measureAt, piecesOf } from './pieces.js';
import { histogramPass, refine, sampleMagnitudes, sampleRuns, windowPass, type MagnitudeProfile } from './profile.js';
import type { CatSearchInput, CatSearchResult } from './types.js';
import { guessWindow } from './window.js';

/** Below this dimension no sample is taken: the histogram starts. */
const WINDOW_MIN_DIM = 1 << 16;

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
    budget: 1,
    measure: 0,
    cost,
    efficiency: 0,
    strategy: 'zero',
    passes: 1,
    sortedElements: 0,
    sampledElements,
    costEvaluations: costs.evaluations,
    ...(record ? { candidates: [{ budget: 1, measure: 0, cost, efficiency: 0 }] } : {}),
  };
}
