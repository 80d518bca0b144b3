/**
 * Central finite differences in float64, used only by tests to check gradients.
 * For f with bounded third derivative the error per coordinate is
 * h²/6·|∂³f| (truncation) plus about ε_f·|f|/h (rounding of f's evaluations).
 */

/** ∂f/∂w_j ≈ (f(w + h e_j) − f(w − h e_j)) / (2h) for every j. */
export function centralDifference(f: (w: Float64Array) => number, w: ArrayLike<number>, h: number): Float64Array {
  const x = Float64Array.from(w);
  const g = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) {
    const xj = x[j] as number;
    x[j] = xj + h;
    const plus = f(x);
    x[j] = xj - h;
    const minus = f(x);
    x[j] = xj;
    g[j] = (plus - minus) / (2 * h);
  }
  return g;
}

/** Largest |a_j − b_j|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let j = 0; j < b.length; j++) m = Math.max(m, Math.abs((a[j] as number) - (b[j] as number)));
  return m;
}

/** ‖a‖∞. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j] as number));
  return m;
}
