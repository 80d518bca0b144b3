import { InputError } from './errors.js';

/**
 * A whole-number flag within [min, max]: decimal or exponent notation (1e6),
 * but never NaN, a fraction, an empty string or a number beyond what a
 * double holds exactly (2^53 − 1).
 */
export function wholeNumber(flag: string, given: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = given.trim() === '' ? NaN : Number(given);
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new InputError(`${flag}: expected a whole number from ${min} to ${max}, given "${given}"`);
  }
  return n;
}
