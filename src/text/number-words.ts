/**
 * What a number field accepts, in words — one wording for a link field's
 * declaration and for a schema's number (its full range, whichever bound the
 * value broke).
 */

/** A number's declared range: inclusive `min`/`max`, exclusive `above`/`below`. */
export interface NumberRange {
  readonly integer?: boolean | undefined;
  readonly min?: number | undefined;
  readonly above?: number | undefined;
  readonly max?: number | undefined;
  readonly below?: number | undefined;
}

/** A range's bounds: `≥ 0`, `> 0`, `in [0, 1)`; '' when it has none. */
function boundsText(r: NumberRange): string {
  const lo = r.min ?? r.above;
  const hi = r.max ?? r.below;
  if (lo !== undefined && hi !== undefined) return `in ${r.min !== undefined ? '[' : '('}${lo}, ${hi}${r.max !== undefined ? ']' : ')'}`;
  if (lo !== undefined) return `${r.min !== undefined ? '≥' : '>'} ${lo}`;
  if (hi !== undefined) return `${r.max !== undefined ? '≤' : '<'} ${hi}`;
  return '';
}

/**
 * `a whole number ≥ 1`, `a number in [0, 1)`, `a finite number ≥ 0`: a range
 * bounded both ways is finite already, one bound alone does not say Infinity
 * is refused.
 */
export function rangeWords(r: NumberRange): string {
  const bounds = boundsText(r);
  const both = (r.min ?? r.above) !== undefined && (r.max ?? r.below) !== undefined;
  return `${r.integer ? 'a whole number' : both ? 'a number' : 'a finite number'}${bounds ? ` ${bounds}` : ''}`;
}

/** The expectation with what else it takes: `… or null` where null is allowed, then the unit (none for '1', a plain count or ratio). */
export function withNullAndUnit(words: string, nullable: boolean, unit: string | null | undefined): string {
  const text = nullable ? `${words} or null` : words;
  return unit === null || unit === undefined || unit === '' || unit === '1' ? text : `${text} (${unit})`;
}
