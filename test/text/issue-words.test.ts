import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueExpectation, issueProblems } from '../../src/text/issue-words.js';
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
    expect(expectation(z.array(z.number()).min(2), [1])).toBe('a list of at least 2 items');
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

  it('words exact lengths, literal unions, bigint and 32-bit bounds, and refuses nothing it cannot word', () => {
    expect(expectation(z.string().length(3), 'ab')).toBe('a text of 3 characters');
    expect(expectation(z.array(z.number()).length(1), [])).toBe('a list of 1 item');
    expect(expectation(z.union([z.literal('a'), z.literal('b')]), 'c')).toBe('"a" or "b"');
    expect(expectation(z.literal(1n), 2n)).toBe('1n');
    expect(expectation(z.int32(), 2 ** 40)).toBe('a whole number in [-2147483648, 2147483647]');
    expect(expectation(z.uint32().min(3), 1)).toBe('a whole number in [3, 4294967295]');
    expect(expectation(z.null(), 1)).toBe('null');
    expect(expectation(z.object({ n: z.lazy(() => z.number().min(0).meta({ unit: 'B' })) }), { n: -1 })).toBe('a finite number ≥ 0 (B)');
    expect(expectation(z.tuple([z.string(), z.number().max(1)]), ['a', 2])).toBe('a finite number ≤ 1');
  });

  it('puts a whole issue into problems: unknown keys with did-you-mean, inherited names never taken for fields', () => {
    const Schema = z.strictObject({ count: z.int().min(1), name: z.string() });
    const raw = { cuont: 2, name: 'x', constructor: 1 };
    const r = Schema.safeParse(raw);
    const problems = r.success ? [] : r.error.issues.flatMap((i) => issueProblems(i, Schema, raw));
    expect(problems).toContainEqual({ path: 'cuont', expected: 'one of the fields "count", "name"', given: 'unknown field "cuont"', hint: 'did you mean "count"?' });
    expect(problems).toContainEqual({ path: 'constructor', expected: 'one of the fields "count", "name"', given: 'unknown field "constructor"' });
    expect(problems).toContainEqual({ path: 'count', expected: 'a whole number ≥ 1', given: 'nothing (the field is missing)' });
    const long = 'k'.repeat(10_000);
    const [cut] = issueProblems({ code: 'unrecognized_keys', keys: [long], path: [], message: '', input: {} } as never, Schema, {});
    expect(cut!.path.length).toBeLessThan(200);
    expect(cut!.given.length).toBeLessThan(200);
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
