import { closest, distance } from 'fastest-levenshtein';

/** "did you mean …?" when a close enough candidate exists (edit distance ≤ max(2, ⌊length/3⌋)); `prefix` goes before it (the group of a dotted path: `ack.` + `every`). */
export function didYouMean(given: string, candidates: readonly string[], prefix = ''): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(given, [...candidates]);
  return distance(given, best) <= Math.max(2, Math.floor(best.length / 3)) ? `did you mean "${prefix}${best}"?` : undefined;
}
