import { rangeWords } from '../text/number-words.js';
import { describeValue } from '../text/value-words.js';
import { InputError } from './errors.js';

/**
 * A whole-number flag within [min, max]: decimal or exponent notation (1e6),
 * but never NaN, a fraction, an empty string or a number beyond what a
 * double holds exactly (2^53 − 1).
 */
export function wholeNumber(flag: string, given: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = given.trim() === '' ? NaN : Number(given);
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    // the largest safe integer is no bound a user gave: `a whole number ≥ 1`, not `… in [1, 9007199254740991]`
    const range = rangeWords({ integer: true, min, max: max === Number.MAX_SAFE_INTEGER ? undefined : max });
    throw new InputError(`${flag}: expected ${range}, given ${describeValue(given)}`);
  }
  return n;
}
