/**
 * How a value the user gave reads in a message, and a set of allowed values:
 * one wording for scenarios, workload profiles, link fields and result files.
 */

/** The longest text quoted whole in a message (a file path fits; a hostile megabyte does not). */
export const MAX_QUOTED_TEXT = 120;

/** A value the user gave, briefly: text quoted (cut at {@link MAX_QUOTED_TEXT} characters, … included), lists by length, mappings by their keys. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > MAX_QUOTED_TEXT ? `${value.slice(0, MAX_QUOTED_TEXT - 1)}…` : value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length > 0 ? `a mapping with keys ${keys.map((k) => JSON.stringify(k)).join(', ')}` : 'an empty mapping';
  }
  return `${typeof value} ${String(value)}`;
}

/** The allowed values, as JSON: `"full" or "half"`, `one of "a", "b", "c"`; a single value alone. */
export function choiceWords(values: readonly unknown[]): string {
  const quoted = values.map((v) => JSON.stringify(v) ?? String(v));
  if (quoted.length <= 1) return quoted[0] ?? 'nothing (no value is allowed)';
  return quoted.length === 2 ? `${quoted[0]} or ${quoted[1]}` : `one of ${quoted.join(', ')}`;
}

/** The value at `path` in a parsed file (undefined where the path leaves it). */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) v = v !== null && typeof v === 'object' && Object.hasOwn(v, k) ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** A type zod names, in the words of a file's reader (YAML or JSON): a mapping, a list, a text. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  int: 'a whole number',
  number: 'a finite number',
  string: 'a text',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  tuple: 'a list',
};

/** A type zod names in words (`a`/`an` and its name for the rest). */
export function typeWords(expected: string): string {
  return TYPE_WORDS[expected] ?? `${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
}
