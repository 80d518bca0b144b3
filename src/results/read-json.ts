/**
 * Reading a JSON result file (summary.json, sweep.json, point.json, a
 * running sweep's owner and failure records) by its schema: one way for the
 * writers that read back (src/sweep) and for the report (reports/), with one
 * error that names the file, the field, what was expected and what was given.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ResultFileError } from './result-file-error.js';
import { issueProblems } from '../text/issue-words.js';
import { problemLine } from '../text/problem-text.js';

export { ResultFileError };

/** The problem of zod's first issue: `field: expected …, given …`, worded as every message of gradwire. */
function issueText(issue: z.core.$ZodIssue, json: unknown, schema: z.core.$ZodType): string {
  return problemLine(issueProblems(issue, schema, json)[0]!);
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
