import { describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_RUN_FAILED, InputError } from '../../src/cli/errors.js';

describe('exit codes and bad input', () => {
  it('are the documented codes: 1 a run failed, 2 bad input, 130 interrupted (128 + SIGINT)', () => {
    expect([EXIT_RUN_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED]).toEqual([1, 2, 130]);
  });

  it('InputError is an Error named for the exit-2 path, carrying the message as given', () => {
    const e = new InputError('--set: no such field "x"');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('InputError');
    expect(e.message).toBe('--set: no such field "x"');
  });
});
