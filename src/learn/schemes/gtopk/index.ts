/**
 * gTop-k (Shi et al., ICDCS 2019; convergence analysis IJCAI 2019): global
 * Top-k sparsification by a recursive-doubling tree of O(k) merges, O(k log P)
 * traffic per worker. Pure parts — the merge (eq. 6), the merge tree's gMask
 * (eq. 7) and traffic, the §5.2 δ diagnostic — and the exchange on the
 * simulated network (merges timed between rounds, the folded workers' gMask
 * charged on the unfold); the scheme is `scheme.ts`, its dense warmup `warmup.ts`.
 */
export { mergeTopK, sparseTopK, intersectSorted, type SparseVector } from './merge.js';
export { gTopKCombiner, localPartial, contributionMasks, exchangeByRank, type GTopKPartial, type RankExchange } from './tree.js';
export { gTopKAllReduce, gMaskBytes, type GTopKAllReduceOptions } from './exchange.js';
export { gTopKDelta, type GTopKDelta } from './delta.js';
export { gTopKErrors } from './messages.js';
