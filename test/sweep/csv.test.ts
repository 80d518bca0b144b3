import { describe, expect, it } from 'vitest';
import { csvCell, paramCell } from '../../src/sweep/csv.js';

describe('swept values as CSV cells', () => {
  it('writes numbers, booleans and text as they are, null and undefined as an empty cell', () => {
    expect([paramCell(0.001), paramCell(1e21), paramCell(false), paramCell('topk'), paramCell(null), paramCell(undefined)]).toEqual(['0.001', '1e+21', 'false', 'topk', '', '']);
  });

  it('writes lists and mappings as JSON', () => {
    expect(paramCell([1, 'a'])).toBe('[1,"a"]');
    expect(paramCell({ kind: 'topk', k: 8 })).toBe('{"kind":"topk","k":8}');
  });
});

describe('RFC 4180 quoting', () => {
  it('leaves a plain cell alone', () => {
    expect(csvCell('schemes[topk].uplink.compressor.k')).toBe('schemes[topk].uplink.compressor.k');
    expect(csvCell('')).toBe('');
  });

  it('quotes a cell holding a comma, a quote, a carriage return or a line feed, doubling its quotes', () => {
    expect(csvCell('[1,2]')).toBe('"[1,2]"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('a\rb')).toBe('"a\rb"');
    expect(csvCell(paramCell({ kind: 'topk', k: 8 }))).toBe('"{""kind"":""topk"",""k"":8}"');
  });
});
