import type { Dataset } from './dataset.js';

/**
 * The motivational example of the RegTop-k paper (Bereyhi, Liang, Boudreau,
 * Afana, "Novel gradient sparsification algorithm via Bayesian inference",
 * 2024, §1.2): logistic regression with J = 2 and no bias, N = 2 workers, each
 * holding one point with label 1 — worker 1 (x₁, 1), x₁ = [100, 1]; worker 2
 * (x₂, 1), x₂ = [−100, 1] — and the empirical risk
 *
 *   F(w) = ½ (log(1 + e^{−⟨w, x₁⟩}) + log(1 + e^{−⟨w, x₂⟩})),
 *
 * i.e. `LogisticRegression` with λ = 0 on this data set (labels +1 in our ±1
 * convention) and the natural partition (`twoPointToySettings().parts`). The paper
 * runs gradient descent with η = 0.9 from w⁰ = [0, 1], plain and with Top-1
 * plus error accumulation: at w⁰ both workers' first entries are the largest
 * but cancel in the average, so Top-1 aggregates zero for many iterations.
 *
 * No optimum: F > 0 everywhere and F → 0 as θ₂ → ∞ with θ₁ = 0 (the paper
 * states none either), so the model's `optimum` stays undefined; report F
 * itself (the limit F* = inf F = 0).
 *
 * The data set has no separate test set: the test arrays repeat the two
 * training points, so `accuracy` is the training accuracy.
 */
export function makeTwoPointToy(): Dataset {
  const x = Float32Array.of(100, 1, -100, 1);
  const y = Float32Array.of(1, 1);
  return {
    nTrain: 2,
    nTest: 2,
    d: 2,
    xTrain: x,
    yTrain: y,
    xTest: x.slice(),
    yTest: y.slice(),
  };
}

/** The settings of the paper's §1.2 run. */
export interface TwoPointToySettings {
  /** Workers N = 2. */
  readonly workers: number;
  /** Natural partition: worker n holds sample n. */
  readonly parts: readonly Int32Array[];
  /** Start w⁰ = [0, 1] (pass as `LogisticRegression`'s `init` option). */
  readonly init: Float32Array;
  /** Learning rate η = 0.9. */
  readonly learningRate: number;
  /** Aggregation weights ω_n = ½: the server computes g = ½(g₁ + g₂). */
  readonly weights: readonly number[];
  /** Top-k budget of the example, k = 1. */
  readonly k: number;
  /** Iterations shown in the paper's Fig. 1: 100. */
  readonly iterations: number;
  /** inf F = 0 (not attained). */
  readonly infimum: number;
}

/** The §1.2 settings, as fresh arrays each call (callers may mutate them). */
export function twoPointToySettings(): TwoPointToySettings {
  return {
    workers: 2,
    parts: [Int32Array.of(0), Int32Array.of(1)],
    init: Float32Array.of(0, 1),
    learningRate: 0.9,
    weights: [0.5, 0.5],
    k: 1,
    iterations: 100,
    infimum: 0,
  };
}
