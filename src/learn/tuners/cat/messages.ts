/**
 * Error messages of the CAT and Alistarh budget tuners (src/learn/tuners).
 * Each embeds the offending value and says the fix; tests compare against
 * these functions, never against string literals. General messages (a
 * positive integer, an option outside its values) come from `../messages.js`.
 */

/** C(T) must be a finite number > 0 for the ratio Improvement(T)/C(T) (CAT eq. 7) to mean anything. */
export function costNotPositive(budget: number, payloadBits: number, value: number): string {
  return `communication cost C(T) at T = ${budget} (payload ${payloadBits} bits) is ${value}; the cost function must return a finite number > 0 for every payload (add the per-message overhead c0, or use bits/packets/seconds/joules).`;
}

/** The tuner was asked for a budget without a way to price a T-coordinate message. */
export function noPayloadBits(tuner: string): string {
  return `budget tuner "${tuner}" needs the compressor's payloadBits(k) in its context; use it as the budget of a budgeted compressor (TopK, TopKSign, StochasticSparsifier) or pass payloadBits yourself.`;
}

/** Neither the tuner nor the context gives a communication cost. */
export function noCost(tuner: string): string {
  return `budget tuner "${tuner}" has no communication cost C(T): pass \`cost\` (a function of payload bits, or a CAT reference model) when building it, or have the scheme put \`cost(k)\` in the context.`;
}

/** A declared packet shape with a packet size that is not a positive integer number of bits. */
export function packetSizeInvalid(pMaxBits: number): string {
  return `packet cost shape needs pMaxBits, the payload bits per packet, as a positive integer; got ${pMaxBits} (512-byte packets: 4096).`;
}

/** A cost declared affine in the payload that is not affine in T on the evaluated points. */
export function notAffine(points: string): string {
  return `the cost was declared affine (C = c1·P(T) + c0) but C(T) is not affine in T: ${points}; declare shape "general" (exact for any non-decreasing cost) or fix the cost function.`;
}

/** A CAT compressor asked for an unknown variant. */
export function unknownVariant(value: string): string {
  return `CAT variant "${value}" is not known; use "sparsification" (eq. 8), "sparsification-quantization" (eq. 9) or "stochastic" (§5).`;
}

/** The stochastic variant was built without its random stream. */
export function rngRequired(): string {
  return 'the stochastic CAT compressor draws Bernoulli(p_j) keep decisions and needs its own random stream: pass `rng` (e.g. streams.stream("cat/worker/0")).';
}

/** An iteration to keep the curve of that is not a whole number ≥ 0. */
export function curveIterationInvalid(value: number): string {
  return `CAT curve iteration ${value} must be an integer ≥ 0 (iterations are numbered as in metrics.csv: 1 is the first update).`;
}

/** App. G's common step is derived for stochastic sparsification only. */
export function commonStepNeedsStochastic(variant: string): string {
  return `CAT's common multi-node step (step: common, App. G, γ = ω(T)/(2L)) is derived for the stochastic variant only; variant "${variant}" takes its own per-worker step (step: per-worker).`;
}
