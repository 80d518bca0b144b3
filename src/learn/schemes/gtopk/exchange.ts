import type { ProcessGenerator } from '../../../sim/index.js';
import { bitsToBytes } from '../../../net/units.js';
import type { NetNode, Network, RecursiveDoublingReport, Seconds } from '../../../net/index.js';
import { recursiveDoubling } from '../../../net/collectives/recursive-doubling.js';
import type { Combiner } from '../../../net/collectives/types.js';
import type { GTopKPartial } from './tree.js';

/** Options of {@link gTopKAllReduce}. */
export interface GTopKAllReduceOptions {
  /** Label prefix of every message (see `CollectiveOptions.tag`). */
  readonly tag?: string;
  /**
   * Seconds rank `rank` spends on one merge whose selection reads `entries`
   * candidates (|a| + |b|); absent: merges take no simulated time.
   */
  readonly mergeS?: (rank: number, entries: number) => Seconds;
  /** Called when a merge of `seconds` at `rank` ends (charge the energy ledger here). */
  readonly onMerge?: (rank: number, seconds: Seconds) => void;
}

/**
 * Payload bytes of a folded-away worker's gMask (eq. 7) as its partner sends
 * it on the unfold: one bit per entry of that worker's local top-k (is this
 * entry's value in x?). The folded worker knows its own top-k and x, but not
 * the merges in between (a value it selected can be dropped at a merge and its
 * index re-enter x from another subtree), so it cannot tell its gMask alone;
 * its partner performed every merge on the path and can.
 */
export function gMaskBytes(leaf: GTopKPartial): number {
  return bitsToBytes(leaf.message.indices.length);
}

/**
 * gTop-k's global top-k by recursive doubling (Shi et al., ICDCS 2019,
 * Algorithm 2): `recursiveDoubling`'s schedule and fold rule, with gTop-k's
 * two costs given to it:
 * - each merge x ⊤ y (eq. 6) takes `mergeS(rank, |x| + |y|)` of simulated
 *   compute at the rank that performs it, between rounds: round r + 1's send
 *   waits for round r's merge (and the first round of an odd rank below 2r
 *   waits for its fold merge; its unfold waits for its last merge);
 * - with P not a power of two, the unfold carries x and the folded worker's
 *   gMask ({@link gMaskBytes}): bytes(x) + ⌈k/8⌉ (Algorithm 1 line 5 needs it).
 * Ranks are positions in `nodes`; every rank ends with the same x. P = 1
 * returns the leaf. Labels: `<tag>/fold/<sender>`, `<tag>/r<round>/<sender>`,
 * `<tag>/unfold/<sender>`.
 * @param leaves each rank's `localPartial`
 * @param combiner `gTopKCombiner` (k and the encoding)
 */
export function gTopKAllReduce(
  network: Network,
  nodes: readonly NetNode[],
  leaves: readonly GTopKPartial[],
  combiner: Combiner<GTopKPartial>,
  options: GTopKAllReduceOptions = {},
): ProcessGenerator<RecursiveDoublingReport<GTopKPartial>> {
  const { mergeS, onMerge, tag } = options;
  return recursiveDoubling(network, nodes, leaves, combiner, {
    ...(tag !== undefined ? { tag } : {}),
    ...(mergeS !== undefined ? { combineS: (rank: number, a: GTopKPartial, b: GTopKPartial) => mergeS(rank, a.message.indices.length + b.message.indices.length) } : {}),
    ...(onMerge !== undefined ? { onCombine: onMerge } : {}),
    unfoldExtraBytes: gMaskBytes,
  });
}
