/**
 * How a problem with a user's file reads, for the scenario layer and the
 * profile tables alike: here, in the lower layer, so both say it one way
 * (layers depend downwards only).
 */

/** The fields of a problem its one-line text shows. */
export interface ProblemText {
  /** Field path; '' for the whole file. */
  readonly path: string;
  readonly expected: string;
  readonly given: string;
  readonly hint?: string | undefined;
  /** 1-based position of the field in the file, when the YAML tells. */
  readonly line?: number | undefined;
  readonly col?: number | undefined;
}

/** `file:line:col: path: expected …, given …; hint`. */
export function problemText(file: string, p: ProblemText): string {
  const where = p.line !== undefined ? `${file}:${p.line}:${p.col ?? 1}` : file;
  return `${where}: ${p.path === '' ? '(top level)' : p.path}: expected ${p.expected}, given ${p.given}${p.hint ? `; ${p.hint}` : ''}`;
}

/** How {@link describeValue} shortens: text cut to `maxText` characters (… included), and an empty list named as such rather than "a list of 0". */
export interface DescribeStyle {
  readonly maxText?: number;
  readonly namesEmptyList?: boolean;
}

/** A value the user gave, briefly: text quoted, lists by length, mappings by their keys. */
export function describeValue(value: unknown, style: DescribeStyle = {}): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  const max = style.maxText ?? Infinity;
  if (typeof value === 'string') return JSON.stringify(value.length > max ? `${value.slice(0, max - 3)}…` : value);
  if (Array.isArray(value)) return value.length === 0 && style.namesEmptyList ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object')
    return `a mapping with keys ${
      Object.keys(value)
        .map((k) => JSON.stringify(k))
        .join(', ') || '(none)'
    }`;
  return `${typeof value} ${String(value)}`;
}
