/**
 * Run diagnostics: quantities measured along a run that a paper's analysis
 * assumes bounded (bidirectional Top-K thesis §6.6: ρ̂ and 1 − γ̂).
 */
export {
  topKDense,
  weightedSum,
  norm2,
  distance2,
  sparseAggregate,
  uplinkDistributedError,
  bidirectionalDistributedError,
  stepNorm,
  rhoHat,
  uplinkCompressionError,
  downlinkCompressionError,
  topKDiagnostics,
  type Budgets,
  type TopKRound,
  type TopKDiagnostics,
} from './topk-constants.js';
