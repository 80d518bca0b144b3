import type { RandomStream } from '../sim/random.js';
import * as msg from './messages.js';

/**
 * Distributions the learn layer needs beyond those of `RandomStream`
 * (uniform, normal, exponential, lognormal, int, shuffle). Every sampler takes
 * the stream it draws from, as d3-random's samplers take a `source`.
 */

/**
 * Natural logarithm of a Gamma(shape, 1) variate.
 *
 * Shape ≥ 1: Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables", ACM TOMS 26(3) — a normal and a uniform per trial, acceptance
 * probability ≥ 0.95. Shape < 1: the same paper's boost,
 * Gamma(a) = Gamma(a + 1) · U^(1/a), taken in logarithms, because for small a
 * U^(1/a) underflows to 0 (a = 0.01 and U < 10^−4 give less than 10^−400); in
 * logs the value stays finite, so Dirichlet draws with a tiny concentration
 * stay well defined.
 *
 * @param shape a > 0 (finite)
 * @returns log G, G ~ Gamma(a, 1); finite for every a > 0
 */
export function logGamma(shape: number, stream: RandomStream): number {
  if (!(Number.isFinite(shape) && shape > 0)) throw new RangeError(msg.notPositive('shape', shape));
  if (shape < 1) {
    // 1 − U is in (0, 1], so its logarithm is finite.
    return logGamma(shape + 1, stream) + Math.log(1 - stream.uniform()) / shape;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = stream.normal();
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = 1 - stream.uniform(); // in (0, 1]
    const x2 = x * x;
    // Squeeze first (cheap), then the exact log test.
    if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
      return Math.log(d) + Math.log(v);
    }
  }
}

/**
 * A Gamma(shape, scale) variate (mean shape·scale, variance shape·scale²).
 * May underflow to 0 for shape ≪ 1; use `logGamma` where that matters.
 */
export function gamma(shape: number, scale: number, stream: RandomStream): number {
  if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(msg.notPositive('scale', scale));
  return scale * Math.exp(logGamma(shape, stream));
}

/**
 * A Dirichlet(α₁, …, α_k) variate: independent G_i ~ Gamma(α_i, 1), normalised,
 * p_i = G_i / Σ G. Normalised in logarithms (log-sum-exp), so a tiny
 * concentration gives a (nearly) one-hot vector, never 0/0.
 *
 * Draw order: G_1, …, G_k, one `logGamma` each.
 *
 * @param alpha one concentration α > 0 shared by all k components (symmetric Dirichlet), or one per component
 * @param k number of components (positive integer); must equal alpha.length when alpha is an array
 * @returns a new Float64Array of length k, entries ≥ 0 summing to 1 (up to rounding)
 */
export function dirichlet(alpha: number | readonly number[], k: number, stream: RandomStream): Float64Array {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(msg.notPositiveInteger('k', k));
  if (typeof alpha !== 'number' && alpha.length !== k) {
    throw new RangeError(msg.dimensionMismatch('alpha', alpha.length, k));
  }
  const logs = new Float64Array(k);
  let max = -Infinity;
  for (let i = 0; i < k; i++) {
    const a = typeof alpha === 'number' ? alpha : (alpha[i] as number);
    const l = logGamma(a, stream);
    logs[i] = l;
    if (l > max) max = l;
  }
  let sum = 0;
  for (let i = 0; i < k; i++) {
    const e = Math.exp((logs[i] as number) - max);
    logs[i] = e;
    sum += e;
  }
  for (let i = 0; i < k; i++) logs[i] = (logs[i] as number) / sum;
  return logs;
}
