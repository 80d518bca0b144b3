/**
 * Collectives: simulation processes that move opaque bodies between nodes and
 * report what they cost. Start one with `env.process(ringAllReduce(...))`; the
 * process's value is its report.
 */
export type { SizeOf, Combiner, ChunkOps, CollectiveOptions, CollectiveReport } from './types.js';
export { collectiveErrors } from './messages.js';
export { gather, broadcast, type GatherReport, type BroadcastReport } from './gather.js';
export { ringAllReduce, ringAllGather, type AllReduceReport, type AllGatherReport } from './ring.js';
export { recursiveDoubling, type RecursiveDoublingReport } from './recursive-doubling.js';
export { binomialTree, hierarchicalTree, treeNodes, treeReduce, treeBroadcast, type CommTree, type TreeReduceReport, type TreeBroadcastReport } from './tree.js';
