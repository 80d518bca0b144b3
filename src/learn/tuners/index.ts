/**
 * Adaptive budget tuners: CAT (communication-aware adaptive tuning; eqs. 8,
 * 9 and §5 of Khirirat et al.) and Alistarh et al.'s dynamic rule, as budget
 * tuners and as ready compressors.
 */
export {
  CAT_VARIANTS,
  CatCompressor,
  CatTuner,
  catSearch,
  costFunctionOf,
  makeCatCompressor,
  shapeOf,
  type CatCandidate,
  type CatCompressorOptions,
  type CatCost,
  type CatDecision,
  type CatSearchInput,
  type CatSearchResult,
  type CatStep,
  type CatTunerOptions,
  type CatVariant,
  type CostFunction,
  type CostShape,
} from './cat.js';
export { referenceCost, type ReferenceModel } from './cat-reference-cost.js';
export { AlistarhTuner, alistarhBudget, makeAlistarhCompressor, type AlistarhCompressorOptions } from './alistarh.js';
