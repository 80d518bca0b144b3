import { describe, expect, it } from 'vitest';
import { table } from '../../src/cli/table.js';

describe('a plain-text table', () => {
  it('pads every column but the last to its widest cell, two spaces between columns', () => {
    const rows = [
      ['node', 'done_s', 'bytes'],
      ['worker/0', '1.5', '1200'],
      ['server', '12.25', '7'],
    ];
    expect(table(rows)).toBe('node      done_s  bytes\nworker/0  1.5     1200\nserver    12.25   7');
  });

  it('is one line for one row, and leaves a short row short', () => {
    expect(table([['a', 'bb']])).toBe('a  bb');
    expect(table([['aaa', 'b', 'c'], ['x']])).toBe('aaa  b  c\nx');
  });
});
