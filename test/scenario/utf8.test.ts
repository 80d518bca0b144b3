import { describe, expect, it } from 'vitest';
import { firstNonUtf8, utf8Text } from '../../src/scenario/utf8.js';

describe('UTF-8 check of input files', () => {
  it('accepts UTF-8, multi-byte characters included', () => {
    expect(firstNonUtf8(Buffer.from('name: café ✓ 𝔾\n', 'utf8'))).toBeUndefined();
    expect(utf8Text(Buffer.from('a: é\n', 'utf8'))).toEqual({ text: 'a: é\n' });
  });

  it('names the first byte that is not UTF-8, after valid multi-byte characters, with its line', () => {
    // "é" is 2 bytes in UTF-8, so the Latin-1 é (0xe9) after "é\nx\nab" is at byte 2 + 1 + 1 + 1 + 2 = 7, on line 3
    const bytes = Buffer.concat([Buffer.from('é\nx\nab', 'utf8'), Buffer.from([0xe9, 0x0a])]);
    expect(firstNonUtf8(bytes)).toEqual({ offset: 7, line: 3 });
    expect(utf8Text(bytes)).toEqual({ notText: 'bytes that are not UTF-8 (0xe9 at byte 7, line 3)' });
    // a truncated sequence at the end, and a lone continuation byte at the start
    expect(firstNonUtf8(Buffer.from([0x61, 0xe2, 0x9c]))).toEqual({ offset: 1, line: 1 });
    expect(firstNonUtf8(Buffer.from([0x80, 0x61]))).toEqual({ offset: 0, line: 1 });
  });
});
