import type { core } from 'zod';
import { rangeWords, withNullAndUnit, type NumberRange } from './number-words.js';
import { acceptsNull, defOf, schemaAt, unitAt, unwrap, type SchemaDef } from './schema-walk.js';
import { choiceWords, typeWords } from './value-words.js';

/**
 * What a schema wanted where zod refused a value, in the words every
 * message of gradwire uses — scenarios and result files alike.
 */

/** A number schema's declared range, from its checks. */
function rangeOf(d: SchemaDef): NumberRange {
  let r: { -readonly [K in keyof NumberRange]: NumberRange[K] } = { integer: d.format === 'safeint' || d.format === 'int32' || d.format === 'uint32' };
  for (const { _zod } of d.checks ?? []) {
    const c = _zod.def as { check?: string; value?: number; inclusive?: boolean; format?: string };
    if (c.check === 'number_format' && /int/.test(c.format ?? '')) r.integer = true;
    if (c.check === 'greater_than') r = c.inclusive ? { ...r, min: c.value } : { ...r, above: c.value };
    if (c.check === 'less_than') r = c.inclusive ? { ...r, max: c.value } : { ...r, below: c.value };
  }
  return r;
}

/** A count bound in words: `a list of at least 2`, `a non-empty text`, `a text of at most 8 characters`; undefined for other kinds of value. */
function countWords(issue: core.$ZodIssueTooSmall | core.$ZodIssueTooBig): string | undefined {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : issue.maximum);
  const what = issue.origin === 'array' || issue.origin === 'set' ? 'list' : issue.origin === 'string' ? 'text' : undefined;
  if (what !== undefined) {
    if (small && ((issue.inclusive && bound === 1) || (!issue.inclusive && bound === 0))) return `a non-empty ${what}`;
    const count = small ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'fewer than';
    const unit = what === 'text' ? (bound === 1 ? ' character' : ' characters') : '';
    return `a ${what} of ${count} ${bound}${unit}`;
  }
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
    const sign = small ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
    return `${issue.origin === 'int' ? 'a whole number' : 'a number'} ${sign} ${bound}`;
  }
  return undefined;
}

/** A union's options when each refused the value for its type alone (`a string or a finite number`); else in general words. */
function unionWords(issue: core.$ZodIssueInvalidUnion): string {
  const options = (issue as { options?: unknown[] }).options;
  if (options !== undefined && options.length > 0) return choiceWords(options); // a discriminated union's kinds
  const types = issue.errors.map((errors) => (errors.length === 1 && errors[0]!.code === 'invalid_type' && errors[0]!.path.length === 0 ? typeWords(errors[0]!.expected) : undefined));
  return types.length > 0 && types.every((t) => t !== undefined) ? [...new Set(types)].join(' or ') : 'one of the allowed forms';
}

/** Whether the schema's author worded this format check (`.regex(re, message)`): then their words are the expectation. */
function authorWorded(d: SchemaDef, format: string): boolean {
  return (d.checks ?? []).some(({ _zod }) => _zod.def.format === format && _zod.def.error !== undefined);
}

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
    text = issue.format === 'regex' && issue.pattern !== undefined ? `a text matching ${issue.pattern}` : `a text in the ${issue.format} format`;
  else if (issue.code === 'invalid_union') text = unionWords(issue);
  else if (issue.code === 'not_multiple_of') text = `a multiple of ${String(issue.divisor)}`;
  text ??= issue.message;
  if (issue.code === 'custom') return text;
  return withNullAndUnit(text, at !== undefined && acceptsNull(at), d.type === 'number' ? unitAt(at) : undefined);
}
