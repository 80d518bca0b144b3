/**
 * Reading a JSON result file (summary.json, sweep.json, point.json, a
 * running sweep's owner and failure records) by its schema: one way for the
 * writers that read back (src/sweep) and for the report (reports/), with one
 * error that names the file, the field, what was expected and what was given.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ResultFileError } from './result-file-error.js';

export { ResultFileError };

/** Where a value sits in a parsed file, as a message writes it: `points[3].status`, or `(top level)`. */
function fieldText(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i > 0 ? '.' : ''}${String(k)}`)).join('') || '(top level)';
}

/** What was found where a field should be, briefly (text quoted and cut, lists by length, objects by keys). */
function givenText(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
  if (typeof value !== 'object') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  const keys = Object.keys(value);
  return keys.length > 0 ? `an object with keys ${keys.map((k) => JSON.stringify(k)).join(', ')}` : 'an empty object';
}

/** A schema without its optional, nullable, default and readonly wrappers. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault || s instanceof z.ZodReadonly) s = s.unwrap();
  return s;
}

/** The schema of the field at `path` (wrappers kept), or undefined where the walk cannot follow (a union, a transform). */
function schemaAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): z.core.$ZodType | undefined {
  let s: z.core.$ZodType | undefined = schema;
  for (const k of path) {
    const inner: z.core.$ZodType = unwrap(s);
    if (inner instanceof z.ZodObject && typeof k === 'string') s = inner.shape[k];
    else if (inner instanceof z.ZodArray) s = inner.element;
    else if (inner instanceof z.ZodRecord) s = inner.valueType;
    else return undefined;
    if (s === undefined) return undefined;
  }
  return s;
}

/** `a`/`an` and a type name as zod's issue gives it (`int` is a whole number). */
function typeText(expected: string): string {
  return expected === 'int' ? 'a whole number' : `${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
}

/** A bound in words: `a number ≥ 0`, `a whole number > 0`, `a list of at least 2`, `a text of at most 8 characters`; undefined for other kinds of value. */
function boundText(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, whole: boolean): string | undefined {
  const small = issue.code === 'too_small';
  const bound = String(small ? issue.minimum : issue.maximum);
  const sign = small ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
  const count = small ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'fewer than';
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return `${whole || issue.origin === 'int' ? 'a whole number' : 'a number'} ${sign} ${bound}`;
  if (issue.origin === 'array' || issue.origin === 'set') return `a list of ${count} ${bound}`;
  if (issue.origin === 'string') return `a text of ${count} ${bound} characters`;
  return undefined;
}

/** A union's options when each refused the value for its type alone (`a string or a number`); else in general words. */
function unionText(issue: z.core.$ZodIssueInvalidUnion): string {
  const types = issue.errors.map((errors) => (errors.length === 1 && errors[0]!.code === 'invalid_type' && errors[0]!.path.length === 0 ? typeText(errors[0]!.expected) : undefined));
  return types.length > 0 && types.every((t) => t !== undefined) ? [...new Set(types)].join(' or ') : 'one of the allowed shapes';
}

/** What the schema wanted, in words: a type, one of some values, a bound, a format, a union's options, `… or null` where null is allowed; zod's own message for the rest. */
function expectedText(issue: z.core.$ZodIssue, schema: z.core.$ZodType): string {
  const at = schemaAt(schema, issue.path);
  const inner = at === undefined ? undefined : unwrap(at);
  const whole = inner instanceof z.ZodNumber && inner.isInt === true;
  let text: string | undefined;
  if (issue.code === 'invalid_type') text = typeText(issue.expected);
  else if (issue.code === 'invalid_value') text = `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  else if (issue.code === 'too_small' || issue.code === 'too_big') text = boundText(issue, whole);
  else if (issue.code === 'invalid_format') text = issue.format === 'regex' && issue.pattern !== undefined ? `a text matching ${issue.pattern}` : `a text in the ${issue.format} format`;
  else if (issue.code === 'invalid_union') text = unionText(issue);
  text ??= issue.message;
  return at instanceof z.ZodType && at.isNullable() ? `${text} or null` : text;
}

/** The problem of zod's first issue: `field: expected …, given …`. */
function issueText(issue: z.core.$ZodIssue, json: unknown, schema: z.core.$ZodType): string {
  let given: unknown = json;
  for (const k of issue.path) given = given !== null && typeof given === 'object' && Object.hasOwn(given, k) ? (given as Record<PropertyKey, unknown>)[k] : undefined;
  return `${fieldText(issue.path)}: expected ${expectedText(issue, schema)}, given ${givenText(given)}`;
}

/**
 * Parse `text`, the contents of `file`, as JSON and check it against `schema`
 * (which may drop fields it does not declare).
 * @throws ResultFileError `<file>: <problem>`: not JSON, or the first field that does not fit.
 */
export function parseJsonText<S extends z.ZodType>(text: string, file: string, schema: S): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(file, `expected JSON, given text that is not (${(e as Error).message})`, e);
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : fail(file, issueText(parsed.error.issues[0]!, json, schema));
}

/**
 * Read `file`, then as {@link parseJsonText}.
 * @throws ResultFileError `<file>: <problem>`: missing, unreadable (a folder…), not JSON, or the first field that does not fit.
 */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return fail(file, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : `cannot be read (${(e as Error).message})`, e);
  }
  return parseJsonText(text, file, schema);
}

function fail(file: string, problem: string, cause?: unknown): never {
  throw new ResultFileError(`${file}: ${problem}`, { problem, ...(cause !== undefined ? { cause } : {}) });
}
