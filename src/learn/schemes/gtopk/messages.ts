/**
 * Error messages of gTop-k (the merge, the tree and the scheme). Each embeds
 * the offending value and says the fix; tests compare against these
 * functions, never against string literals.
 */
/** The catalog: one function per error, each returning the full message. */
export const gTopKErrors = {
  /** The uplink compressor is not a plain Top-k. */
  notTopK: (worker: number, name: string) =>
    `gtopk: worker ${worker}'s uplink compressor is "${name}", but gTop-k selects each worker's local top k itself and takes k and the encoding from a Top-k compressor; set uplink.compressor to { kind: topk, k } (or { kind: topk, ratio }).`,
  /** The uplink compressor keeps a residual memory of its own (the generic error feedback, or a compressor with its own memory). */
  errorFeedback: (worker: number, name: string) =>
    `gtopk: worker ${worker}'s uplink compressor "${name}" keeps a residual memory of its own: it would hold a second residual on top of gTop-k's (Algorithm 1 line 5, ε = acc ⊙ ¬gMask, which puts back exactly what did not reach the global top-k); set uplink.errorFeedback: false, with a compressor that keeps no memory.`,
  /** The Top-k budget is adaptive. */
  adaptiveBudget: (worker: number, tuner: string) =>
    `gtopk: worker ${worker}'s Top-k budget comes from the tuner "${tuner}", but every merge re-selects one k common to all workers; give a fixed budget { k } or { ratio }.`,
  /** Workers disagree on k. */
  budgetsDiffer: (ks: readonly number[]) => `gtopk: the workers' Top-k budgets differ (k = ${ks.join(', ')}); every merge re-selects one k common to all workers, so give every worker the same k.`,
  /** Workers' budget schedules disagree at a later iteration (a broken schedule: they agreed at the first). */
  budgetsDivergeAt: (t: number, ks: readonly number[]) =>
    `gtopk: internal error: at iteration ${t} the workers' Top-k budgets differ (k = ${ks.join(', ')}) though they agreed at the first; every merge re-selects one k common to all workers, so every worker's budget schedule must give the same k_t at every iteration — the schedules are not configured alike.`,
  /** Workers disagree on the encoding. */
  encodingsDiffer: (names: readonly string[]) =>
    `gtopk: the workers' encodings differ (${names.join(', ')}); merged vectors are forwarded and priced by one encoding, so give every worker the same uplink.encoding.`,
  /** A merge budget that is not a positive integer. */
  badK: (k: number) => `gtopk merge: k = ${k} is not a positive integer; pass the common budget k ≥ 1.`,
  /** Two vectors of different dimensions. */
  dimMismatch: (a: number, b: number) => `gtopk merge: vectors of dimension ${a} and ${b}; both must be d-dimensional sparse vectors of the same model.`,
  /** A partial tree without the leaf of some worker (a broken combine or collective). */
  missingLeaf: (rank: number, P: number) =>
    `gtopk: the merge tree has no local vector of worker ${rank} (P = ${P}); every worker's local top-k must enter the tree exactly once — the collective or the combiner is broken.`,
  /** Two workers ended with different global vectors (a broken collective). */
  resultsDiffer: (rank: number) =>
    `gtopk: worker ${rank} ended with a different global top-k than worker 0; recursive doubling must give every worker the same result — the collective or the combiner is broken.`,
};
