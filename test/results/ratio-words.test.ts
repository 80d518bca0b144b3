import { describe, expect, it } from 'vitest';
import { aboutSame, ratioWords, speedupTimes, times } from '../../src/results/ratio-words.js';

describe('ratio words', () => {
  it('says a ratio with two significant digits below 10 and as a whole number from 10 on', () => {
    expect([times(1), times(3.14159), times(0.456), times(9.94), times(9.96), times(10.4), times(123.6)]).toEqual(['1×', '3.1×', '0.46×', '9.9×', '10×', '10×', '124×']);
  });

  it('says a speed-up below 1.1× with three digits, so a narrow win does not read 1×', () => {
    expect([speedupTimes(1.0449), speedupTimes(1.0951), speedupTimes(1.1), speedupTimes(2.9345)]).toEqual(['1.04×', '1.1×', '1.1×', '2.9×']);
  });

  it('calls a ratio within 5 % either way about the same, and one just outside it not', () => {
    expect([1, 1.049, 1 / 1.049, 1.051, 1 / 1.051].map(aboutSame)).toEqual([true, true, true, false, false]);
  });

  it('words a better ratio with the better word, a worse one inverted with the worse word', () => {
    expect(ratioWords(3.14159, 'fewer', 'more')).toBe('3.1× fewer');
    expect(ratioWords(0.25, 'fewer', 'more')).toBe('4× more');
    expect(ratioWords(1.02, 'less', 'more')).toBe('about the same');
    expect(ratioWords(0.99, 'sooner', 'later', '≈ same')).toBe('≈ same');
  });

  it('has no words for a missing, zero, negative or infinite ratio', () => {
    expect([null, undefined, 0, -2, Infinity, NaN].map((r) => ratioWords(r, 'fewer', 'more'))).toEqual([null, null, null, null, null, null]);
  });
});
