/**
 * Adaptive budget tuners: CAT (communication-aware adaptive tuning; eqs. 8,
 * 9 and §5 of Khirirat et al.) and Alistarh et al.'s dynamic rule. Their
 * ready compressors (CAT's, Alistarh's) live with the
 * compressors (learn/compress/).
 */
export * from './cat/index.js';
export { AlistarhTuner, alistarhBudget, alistarhSearch } from './alistarh.js';
