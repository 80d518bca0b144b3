import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { wholeNumber } from '../../src/cli/flag-values.js';

describe('whole-number flags', () => {
  it('take decimal and exponent notation within bounds, and nothing else', () => {
    expect(wholeNumber('--n', '12', 1)).toBe(12);
    expect(wholeNumber('--n', '1e3', 1)).toBe(1000);
    for (const bad of ['', ' ', 'NaN', '1.5', '-1', '0', '1e308', 'Infinity', '0x', 'abc', '9007199254740993']) {
      expect(() => wholeNumber('--n', bad, 1), bad).toThrow(`--n: expected a whole number ≥ 1, given "${bad}"`);
    }
    expect(() => wholeNumber('--n', '11', 1, 10)).toThrow('--n: expected a whole number in [1, 10], given "11"');
  });

  it('quote the given value as JSON, cut: quotes and newlines escaped, a megabyte not echoed whole', () => {
    expect(() => wholeNumber('--n', 'a"b\nc', 1)).toThrow('--n: expected a whole number ≥ 1, given "a\\"b\\nc"');
    const refusal = (() => {
      try {
        wholeNumber('--n', 'x'.repeat(1e6), 1);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(refusal).toBe(`--n: expected a whole number ≥ 1, given "${'x'.repeat(119)}…"`);
  });

  it('take both bounds themselves, surrounding blanks, and the largest exact whole number a double holds', () => {
    expect(wholeNumber('--n', '1', 1, 10)).toBe(1);
    expect(wholeNumber('--n', ' 10 ', 1, 10)).toBe(10);
    expect(wholeNumber('--n', '9007199254740991', 0)).toBe(9007199254740991);
  });

  it('refuse as bad input (InputError: exit 2), not as an internal error', () => {
    expect(() => wholeNumber('--n', 'x', 1)).toThrow(InputError);
  });
});
