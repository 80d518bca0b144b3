import type { core } from 'zod';
import { rangeWords, withNullAndUnit, type NumberRange } from './number-words.js';
import { fieldPath, unknownField, type ProblemText } from './problem-text.js';
import { acceptsNull, defOf, keysAt, schemaAt, unitAt, unwrap, type SchemaDef } from './schema-walk.js';
import { choiceWords, describeValue, typeWords, valueAt } from './value-words.js';

/**
 * What a schema wanted where zod refused a value, in the words every
 * message of gradwire uses — scenarios, profile tables and result files alike.
 */

/** The range a number format implies (zod's z.int32() and z.uint32()); safe integers read as whole numbers without bounds. */
const FORMAT_RANGES: Readonly<Record<string, NumberRange>> = {
  safeint: { integer: true },
  int32: { integer: true, min: -(2 ** 31), max: 2 ** 31 - 1 },
  uint32: { integer: true, min: 0, max: 2 ** 32 - 1 },
};

/** A number schema's declared range, from its format and checks. */
function rangeOf(d: SchemaDef): NumberRange {
  let r: { -readonly [K in keyof NumberRange]: NumberRange[K] } = { ...FORMAT_RANGES[d.format ?? ''] };
  for (const { _zod } of d.checks ?? []) {
    const c = _zod.def as { check?: string; value?: number; inclusive?: boolean; format?: string };
    if (c.check === 'number_format') r = { ...FORMAT_RANGES[c.format ?? ''], ...r, integer: true };
    if (c.check === 'greater_than') r = c.inclusive ? { ...r, min: c.value, above: undefined } : { ...r, above: c.value, min: undefined };
    if (c.check === 'less_than') r = c.inclusive ? { ...r, max: c.value, below: undefined } : { ...r, below: c.value, max: undefined };
  }
  return r;
}

/** A count bound in words: `a list of at least 2 items`, `a non-empty text`, `a text of 3 characters`; a number's bound as {@link rangeWords} says it; undefined for other kinds of value. */
function countWords(issue: core.$ZodIssueTooSmall | core.$ZodIssueTooBig): string | undefined {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : issue.maximum);
  const what = issue.origin === 'array' || issue.origin === 'set' ? 'list' : issue.origin === 'string' ? 'text' : undefined;
  if (what !== undefined) {
    const noun = what === 'text' ? (bound === 1 ? 'character' : 'characters') : bound === 1 ? 'item' : 'items';
    if (issue.exact === true) return `a ${what} of ${bound} ${noun}`;
    if (small && ((issue.inclusive && bound === 1) || (!issue.inclusive && bound === 0))) return `a non-empty ${what}`;
    const count = small ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'fewer than';
    return `a ${what} of ${count} ${bound} ${noun}`;
  }
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
    const key = small ? (issue.inclusive ? 'min' : 'above') : issue.inclusive ? 'max' : 'below';
    return rangeWords({ integer: issue.origin !== 'number', [key]: bound });
  }
  return undefined;
}

/** A union's options when each refused the value for its type or value alone (`a text or a finite number`, `"a" or "b"`); else in general words. */
function unionWords(issue: core.$ZodIssueInvalidUnion): string {
  const options = (issue as { options?: unknown[] }).options;
  if (options !== undefined && options.length > 0) return choiceWords(options); // a discriminated union's kinds
  const alone = issue.errors.map((errors) => (errors.length === 1 && errors[0]!.path.length === 0 ? errors[0]! : undefined));
  if (alone.length > 0 && alone.every((e) => e?.code === 'invalid_value')) return choiceWords(alone.flatMap((e) => (e as core.$ZodIssueInvalidValue).values));
  if (alone.length > 0 && alone.every((e) => e?.code === 'invalid_type')) return [...new Set(alone.map((e) => typeWords((e as core.$ZodIssueInvalidType).expected)))].join(' or ');
  return 'one of the allowed forms';
}

/** Whether the schema's author worded this format check (`.regex(re, message)`): then their words are the expectation. */
function authorWorded(d: SchemaDef, format: string): boolean {
  return (d.checks ?? []).some(({ _zod }) => _zod.def.format === format && _zod.def.error !== undefined);
}

/** The formats zod names, in words where its name is not plain English. */
const FORMAT_WORDS: Readonly<Record<string, string>> = { starts_with: 'a text with the required start', ends_with: 'a text with the required end', includes: 'a text with the required part' };

/**
 * What the schema `root` wanted at the issue's field, given the input `raw`:
 * a number's whole range (`a finite number ≥ 0 (s)`), a type, one of some
 * values, a count, a format, a union's options, `… or null` where null is
 * allowed, the unit where the field declares one; the schema's own message
 * for refinements.
 */
export function issueExpectation(issue: core.$ZodIssue, root: unknown, raw: unknown): string {
  const at = schemaAt(root, issue.path, raw);
  const d = defOf(unwrap(at).schema);
  const numeric = d.type === 'number' && (issue.code === 'invalid_type' || issue.code === 'too_small' || issue.code === 'too_big');
  let text: string | undefined;
  if (numeric) text = rangeWords(rangeOf(d));
  else if (issue.code === 'invalid_type') text = typeWords(issue.expected);
  else if (issue.code === 'invalid_value') text = choiceWords(issue.values);
  else if (issue.code === 'too_small' || issue.code === 'too_big') text = countWords(issue);
  else if (issue.code === 'invalid_format' && !authorWorded(d, issue.format))
    text = issue.format === 'regex' && issue.pattern !== undefined ? `a text matching ${issue.pattern}` : (FORMAT_WORDS[issue.format] ?? `a text in the ${issue.format} format`);
  else if (issue.code === 'invalid_union') text = unionWords(issue);
  else if (issue.code === 'not_multiple_of') text = `a multiple of ${String(issue.divisor)}`;
  text ??= issue.message;
  if (issue.code === 'custom' || text === 'null') return text;
  return withNullAndUnit(text, at !== undefined && acceptsNull(at), d.type === 'number' ? unitAt(at) : undefined);
}

/**
 * One zod issue as problems in gradwire's words: a key the schema does not
 * declare, each with the fields it knows and did-you-mean; else the field,
 * what was expected and what was given.
 */
export function issueProblems(issue: core.$ZodIssue, root: unknown, raw: unknown): ProblemText[] {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  const at = fieldPath(path);
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(root, path, raw);
    return issue.keys.map((key) => unknownField(at, key, known));
  }
  return [{ path: at, expected: issueExpectation({ ...issue, path } as core.$ZodIssue, root, raw), given: describeValue(valueAt(raw, path)) }];
}
