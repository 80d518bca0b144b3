/**
 * How a verdict's ratios read, in summary.json's sentence and in the reports'
 * verdict table and sweep winner map alike: one rounding, one "about the same".
 */

/** "3.1×" (two significant digits below 10, whole numbers above). */
export function times(x: number): string {
  return x >= 10 ? `${Math.round(x)}×` : `${Number(x.toPrecision(2))}×`;
}

/** A winner's speed-up: as {@link times}, but three digits below 1.1×, so a narrow win does not read "1×". */
export function speedupTimes(x: number): string {
  return x < 1.1 ? `${Number(x.toPrecision(3))}×` : times(x);
}

/** Within 5 % either way a ratio is "about the same", not "1× fewer". */
export function aboutSame(ratio: number): boolean {
  return Math.abs(Math.log(ratio)) < Math.log(1.05);
}

/**
 * A cost ratio (the baseline's cost ÷ this scheme's: > 1 is better) in words,
 * e.g. "3.1× fewer", "2× more", `same` within 5 %; null when the ratio is
 * missing or not a positive finite number.
 */
export function ratioWords(ratio: number | null | undefined, better: string, worse: string, same = 'about the same'): string | null {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio) || ratio <= 0) return null;
  return aboutSame(ratio) ? same : ratio > 1 ? `${times(ratio)} ${better}` : `${times(1 / ratio)} ${worse}`;
}
