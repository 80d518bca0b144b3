/**
 * CAT's step 1 (eqs. 8, 9 and §5 of Khirirat et al.): the exact search
 * (search.ts and its parts), its costs and the budget tuner. CAT's compressor
 * lives with the compressors (learn/compress/cat.ts).
 */
export { CAT_VARIANTS, type CatCandidate, type CatSearchInput, type CatSearchResult, type CatVariant, type CostShape } from './types.js';
export { catSearch, searchWork } from './search.js';
export { costFunctionOf, shapeOf, type CatCost, type CostFunction } from './cost.js';
export { referenceCost, type ReferenceModel } from './reference-cost.js';
export { CAT_SEARCH_CHARGES, CatTuner, type CatDecision, type CatSearchCharge, type CatTunerOptions } from './tuner.js';
