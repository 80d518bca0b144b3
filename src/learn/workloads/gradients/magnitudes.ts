import type { RandomStream } from '../../../sim/random.js';
import { logGamma } from '../../random-dists.js';

/**
 * Families of the gradient-value distribution that SIDCo (Abdelmoniem et al.,
 * "An Efficient Statistical-based Gradient Compression Technique for
 * Distributed Training Systems", MLSys 2021, §3) fits to real DNN gradients,
 * all symmetric about 0, named by the law of |g|:
 * - `laplace`: double exponential, |g| ~ Exp(1/b);
 * - `double-gamma`: |g| ~ Gamma(α, b), density ∝ |g|^(α−1) e^(−|g|/b), shape α ∈ (0, 1];
 * - `double-gpareto`: |g| ~ generalized Pareto(ξ, b), P(|g| > x) = (1 + ξx/b)^(−1/ξ), shape ξ > 0.
 */
export type MagnitudeFamily = 'laplace' | 'double-gamma' | 'double-gpareto';

/** The accepted families, in documentation order. */
export const MAGNITUDE_FAMILIES: readonly MagnitudeFamily[] = ['laplace', 'double-gamma', 'double-gpareto'];

/**
 * One draw of a persistent scale a such that a·Z, with Z ~ N(0, 1)
 * independent, follows `family` with unit scale b = 1 exactly. All three
 * families are Gaussian scale mixtures:
 * - Laplace = Z·√(2V), V ~ Exp(1) (so |Z|·√(2V) ~ Exp(1));
 * - Gamma(α, 1) = Beta(α, 1−α) · Exp(1) (beta–gamma algebra), hence
 *   double-gamma = Z·√(2V)·B with B ~ Beta(α, 1−α), for α ≤ 1;
 * - GP(ξ, 1) = Exp(1)/λ with λ ~ Gamma(1/ξ, rate 1/ξ) (an exponential with a
 *   gamma rate is a Lomax law), hence double-GP = Z·√(2V)/(ξG), G ~ Gamma(1/ξ, 1).
 * This is why the synthetic source keeps its fluctuating part Gaussian: sums
 * of Gaussians stay Gaussian, so the family survives any mix of shared and
 * per-worker parts.
 * @param shape α for `double-gamma`, ξ for `double-gpareto` (ignored for `laplace`)
 */
export function drawScale(family: MagnitudeFamily, shape: number, stream: RandomStream): number {
  const laplace = Math.sqrt(2 * stream.exponential());
  switch (family) {
    case 'laplace':
      return laplace;
    case 'double-gamma':
      return shape >= 1 ? laplace : laplace * betaComplement(shape, stream);
    case 'double-gpareto':
      return (laplace * Math.exp(-logGamma(1 / shape, stream))) / shape;
  }
}

/**
 * A Beta(α, 1−α) variate, 0 < α < 1, by Jöhnk's method (Jöhnk 1964; Devroye,
 * "Non-Uniform Random Variate Generation", 1986, §IX.3.5): X = U^(1/α),
 * Y = V^(1/(1−α)), accepted when X + Y ≤ 1, then X/(X+Y). Acceptance
 * probability Γ(1+α)Γ(2−α) = πα(1−α)/sin(πα) ≥ π/4 (its minimum, at α = ½).
 * Computed in logarithms so that tiny α (U^(1/α) underflowing) stays exact.
 */
function betaComplement(alpha: number, stream: RandomStream): number {
  for (;;) {
    const lx = Math.log(1 - stream.uniform()) / alpha; // 1 − U ∈ (0, 1]: finite log
    const ly = Math.log(1 - stream.uniform()) / (1 - alpha);
    if (Math.exp(lx) + Math.exp(ly) <= 1) return 1 / (1 + Math.exp(ly - lx));
  }
}

/** Fill `table` with N(0, 1) draws (Box–Muller, both variates used). */
export function fillNormals(table: Float32Array, stream: RandomStream): void {
  for (let i = 0; i < table.length; i++) table[i] = stream.normal();
}

/** Fill `table` with persistent scales of `family` (see {@link drawScale}). */
export function fillScales(table: Float32Array, family: MagnitudeFamily, shape: number, stream: RandomStream): void {
  for (let i = 0; i < table.length; i++) table[i] = drawScale(family, shape, stream);
}
