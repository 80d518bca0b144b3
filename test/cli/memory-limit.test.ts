import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { memoryLimit } from '../../src/cli/memory-limit.js';

describe('--max-memory', () => {
  it('takes decimal and binary units and plain bytes', () => {
    expect(memoryLimit('16GB')).toBe(16e9);
    expect(memoryLimit('12GiB')).toBe(12 * 1024 ** 3);
    expect(memoryLimit('8000000000')).toBe(8e9);
    expect(memoryLimit('1.5 MB')).toBe(1.5e6);
  });

  it('defaults to a positive, finite amount (what the machine has)', () => {
    const bytes = memoryLimit(undefined);
    expect(bytes).toBeGreaterThan(0);
    expect(Number.isFinite(bytes)).toBe(true);
  });

  it('refuses a malformed or empty size as bad input, quoting it', () => {
    for (const bad of ['lots', '0', '0GB', '-1GB', '16 PB', '']) {
      expect(() => memoryLimit(bad), bad).toThrow(new InputError(`--max-memory: expected a size such as 16GB, 12GiB or 8000000000, given "${bad}"`));
    }
    expect(() => memoryLimit('lots')).toThrow(InputError);
  });
});
