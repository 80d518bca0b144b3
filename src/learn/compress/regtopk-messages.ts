/**
 * Error and warning messages of RegTop-k (`regtopk.ts`). They belong in the
 * package catalog `src/learn/messages.ts`; they live here only until its
 * owner moves them (same signatures, so callers and tests keep working).
 */

/** RegTop-k was asked to compress again before the scheme fed it the previous aggregate. */
export function regTopKMissingAggregate(iteration: number): string {
  return (
    `regtopk cannot compress at iteration ${iteration}: it has not been given the aggregated update of its previous message ` +
    '(Algorithm 1 line 5 needs g^{t−1}); the scheme must call observeAggregate(aggregate) on every worker after each ' +
    'iteration — see aggregateObserverOf() — or use topk instead.'
  );
}

/** The scheme fed an aggregate the compressor cannot use (before any message, or twice for one message). */
export function regTopKUnexpectedAggregate(reason: 'before-first-message' | 'twice'): string {
  return reason === 'before-first-message'
    ? 'regtopk received an aggregate before sending any message; call observeAggregate() after compress(), once per iteration.'
    : 'regtopk received a second aggregate for the same message; call observeAggregate() exactly once per iteration, after compress().';
}

/** An aggregate coordinate RegTop-k must read is not finite. */
export function regTopKNonFiniteAggregate(index: number, value: number): string {
  return `aggregate coordinate ${index} is ${value}; the run has diverged — lower the learning rate.`;
}

/** A previous selection names a coordinate outside [0, d). */
export function regTopKPreviousIndexOutOfRange(index: number, dim: number): string {
  return `previous selection index ${index} is outside [0, ${dim}); pass the indices of a message of this dimension.`;
}
