import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueExpectation } from '../../src/text/issue-words.js';
import { expectedValue, linkAttribute } from '../../src/net/presets/attributes.js';

/** The expectation of the first issue zod raises for `value` under `schema`. */
function expectation(schema: z.ZodType, value: unknown): string {
  const r = schema.safeParse(value);
  if (r.success) throw new Error(`${JSON.stringify(value)} passed`);
  return issueExpectation(r.error.issues[0]!, schema, value);
}

describe('issueExpectation: what a schema wanted, in gradwire’s words', () => {
  it('gives a number’s whole declared range, whichever bound broke, with its unit and "or null"', () => {
    const share = z.number().positive().max(1);
    expect(expectation(share, 0)).toBe('a number in (0, 1]');
    expect(expectation(share, 2)).toBe('a number in (0, 1]');
    expect(expectation(share, 'half')).toBe('a number in (0, 1]');
    expect(expectation(z.number().min(0), -1)).toBe('a finite number ≥ 0');
    expect(expectation(z.number().min(0), Infinity)).toBe('a finite number ≥ 0');
    expect(expectation(z.number().lt(10), 10)).toBe('a finite number < 10');
    expect(expectation(z.number().int().min(1), 1.5)).toBe('a whole number ≥ 1');
    expect(expectation(z.int().positive(), 0)).toBe('a whole number > 0');
    expect(expectation(z.number(), '3')).toBe('a finite number');
    const latency = z.object({ latencyS: z.number().min(0).meta({ unit: 's' }).nullable().optional() });
    expect(expectation(latency, { latencyS: -1 })).toBe('a finite number ≥ 0 or null (s)');
    expect(expectation(z.object({ ratio: z.number().min(0).meta({ unit: '1' }) }), { ratio: -1 })).toBe('a finite number ≥ 0');
  });

  it('says a link field’s check and a schema’s number alike', () => {
    const declared = linkAttribute('latencyS')!;
    expect(expectation(z.object({ latencyS: z.number().min(0).meta({ unit: declared.unit! }) }), { latencyS: 'soon' })).toBe(expectedValue(declared));
  });

  it('words types, choices, counts, formats and unions', () => {
    expect(expectation(z.string(), 1)).toBe('a text');
    expect(expectation(z.boolean(), 'yes')).toBe('true or false');
    expect(expectation(z.object({}), [])).toBe('a mapping');
    expect(expectation(z.array(z.number()), {})).toBe('a list');
    expect(expectation(z.enum(['full', 'half']), 'quarter')).toBe('"full" or "half"');
    expect(expectation(z.enum(['a', 'b', 'c']), 'd')).toBe('one of "a", "b", "c"');
    expect(expectation(z.array(z.number()).min(2), [1])).toBe('a list of at least 2');
    expect(expectation(z.array(z.number()).min(1), [])).toBe('a non-empty list');
    expect(expectation(z.string().min(1), '')).toBe('a non-empty text');
    expect(expectation(z.string().max(3), 'abcd')).toBe('a text of at most 3 characters');
    expect(expectation(z.string().max(1), 'ab')).toBe('a text of at most 1 character');
    expect(expectation(z.string().regex(/^\d{4}-/), 'today')).toBe('a text matching /^\\d{4}-/');
    expect(expectation(z.string().regex(/^[a-z]+$/, 'a name of small letters'), 'A')).toBe('a name of small letters');
    expect(expectation(z.union([z.string(), z.number()]), true)).toBe('a text or a finite number');
    expect(expectation(z.union([z.object({ a: z.number() }), z.object({ b: z.string() })]), { c: 1 })).toBe('one of the allowed forms');
    expect(expectation(z.number().multipleOf(4), 6)).toBe('a multiple of 4');
    expect(expectation(z.string().nullable(), 5)).toBe('a text or null');
    expect(
      expectation(
        z.number().refine((n) => n % 2 === 1, { message: 'an odd number' }),
        2,
      ),
    ).toBe('an odd number');
  });

  it('follows a discriminated union by the input’s kind, and names the kinds of a bad one', () => {
    const Compressor = z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('topk'), ratio: z.number().positive().max(1) }),
      z.object({ kind: z.literal('qsgd'), bits: z.int().min(1).max(32).meta({ unit: 'bit' }) }),
    ]);
    const Scenario = z.object({ schemes: z.array(z.object({ compressor: Compressor })) });
    expect(expectation(Scenario, { schemes: [{ compressor: { kind: 'qsgd', bits: 0 } }] })).toBe('a whole number in [1, 32] (bit)');
    expect(expectation(Scenario, { schemes: [{ compressor: { kind: 'topk', ratio: 2 } }] })).toBe('a number in (0, 1]');
    expect(expectation(Scenario, { schemes: [{ compressor: { kind: 'topq' } }] })).toBe('"topk" or "qsgd"');
    expect(expectation(z.object({ runs: z.record(z.string(), z.number().min(0)) }), { runs: { a: -1 } })).toBe('a finite number ≥ 0');
  });
});
