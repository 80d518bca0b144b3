/**
 * Reading a JSON result file (summary.json, sweep.json, point.json, a
 * running sweep's owner and failure records) by its schema: one way for the
 * writers that read back (src/sweep) and for the report (reports/), with one
 * error that names the file, the field, what was expected and what was given.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/** A result file that is missing or not what gradwire writes: bad input (the CLI's exit code 2). */
export class ResultFileError extends Error {
  /** What is wrong, without the file's name: for a caller that names the file in its own words. */
  readonly problem: string;
  constructor(message: string, options?: ErrorOptions & { readonly problem?: string }) {
    super(message, options);
    this.name = 'ResultFileError';
    this.problem = options?.problem ?? message;
  }
}

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

/** What the schema wanted, in words: a type, one of some values, or zod's own message for the rest. */
function expectedText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
  if (issue.code === 'invalid_value') return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}

/** The problem of zod's first issue: `field: expected …, given …`. */
function issueText(issue: z.core.$ZodIssue, json: unknown): string {
  let given: unknown = json;
  for (const k of issue.path) given = given !== null && typeof given === 'object' && Object.hasOwn(given, k) ? (given as Record<PropertyKey, unknown>)[k] : undefined;
  return `${fieldText(issue.path)}: expected ${expectedText(issue)}, given ${givenText(given)}`;
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
  return parsed.success ? parsed.data : fail(file, issueText(parsed.error.issues[0]!, json));
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
