/** Compression parts: what is sent (compressor), what it costs (bits), and worker memory (error feedback). */
export * from './compressor.js';
export { resolveBudget, type Budget } from './budget.js';
export { Identity } from './identity.js';
export { TopK, topKIndices } from './topk.js';
export { ErrorFeedback } from './error-feedback.js';
export { addMessage, toDense } from './accumulate.js';
