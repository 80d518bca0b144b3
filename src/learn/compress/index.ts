/**
 * Compression parts: what is sent (compressor → message), what it costs
 * (encoding → bits), how big a budget (budget tuner), and worker memory
 * (error feedback).
 */
export * from './compressor.js';
export { resolveBudget, FixedBudget, isBudgetTuner, type Budget, type BudgetTuner, type BudgetContext } from './budget.js';
export { BudgetedCompressor } from './budgeted.js';
export { Identity, type IdentityOptions } from './identity.js';
export { TopK, type TopKOptions } from './topk.js';
export { topKIndices, TopKWorkspace } from './select.js';
export { RandK, randKStreamName, type RandKOptions } from './randk.js';
export { randomIndices, sharedRandomIndices } from './shared-indices.js';
export { TopKSign, type SignScale, type TopKSignOptions } from './topk-sign.js';
export { StochasticSparsifier, keepProbabilities, keepProbability, optimalProbabilities, type KeepProbabilities, type StochasticSparsifierOptions } from './stochastic.js';
export { Qsgd, QSGD_MAX_LEVELS, type QsgdOptions } from './qsgd.js';
export { ErrorFeedback, selector } from './error-feedback.js';
export { CAT_STEP_RULES, CatCompressor, makeCatCompressor, type CatCompressorOptions, type CatStep, type CatStepRule } from './cat.js';
export { makeAlistarhCompressor, type AlistarhCompressorOptions } from './alistarh.js';
export { addMessage, toDense } from './accumulate.js';
export { Encoding, RAW32, type IndexCoding, type HeaderCoding, type EncodingOptions, type Payload } from '../encoding/encoding.js';
