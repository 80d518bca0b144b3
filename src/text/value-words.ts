/**
 * How a value the user gave reads in a message, and a set of allowed values:
 * one wording for scenarios, workload profiles, link fields and result files.
 */

/** The longest text quoted whole in a message (a file path fits; a hostile megabyte does not). */
export const MAX_QUOTED_TEXT = 120;

/** The most keys of a mapping, or items of a list of plain values, a message names. */
const MAX_ITEMS = 8;

/** A text cut at {@link MAX_QUOTED_TEXT} characters (… included; never inside a surrogate pair). */
export function cutText(text: string): string {
  if (text.length <= MAX_QUOTED_TEXT) return text;
  let cut = text.slice(0, MAX_QUOTED_TEXT - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** A text quoted as JSON and cut ({@link cutText}). */
export const quoteText = (text: string): string => JSON.stringify(cutText(text));

/** Names that all belong, quoted: `"a", "b", "c"` (for choices among them, {@link choiceWords}). */
export const listWords = (names: readonly string[]): string => names.map(quoteText).join(', ');

/** A number as a message shows it: `-0` kept, NaN and Infinity by name. */
const numberText = (n: number): string => (Object.is(n, -0) ? '-0' : String(n));

/** The longest list of plain values (numbers, texts, true/false, null) a message shows as written. */
const MAX_SHOWN_LIST = 60;

/** A list of plain values as written (`[5, -1]`, `["loss", "time"]`) when that is short; undefined otherwise. */
function shortList(list: readonly unknown[]): string | undefined {
  if (list.length > MAX_ITEMS || !list.every((x) => x === null || ['number', 'string', 'boolean'].includes(typeof x))) return undefined;
  const text = `[${list.map((x) => (typeof x === 'string' ? JSON.stringify(x) : typeof x === 'number' ? numberText(x) : String(x))).join(', ')}]`;
  return text.length <= MAX_SHOWN_LIST ? text : undefined;
}

/** A value the user gave, briefly: text quoted (and cut), a short list of plain values as written, another list by its length, a mapping by its first keys. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') return quoteText(value);
  if (typeof value === 'number') return `number ${numberText(value)}`;
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : (shortList(value) ?? `a list of ${value.length}`);
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return 'an empty mapping';
    const named = keys.slice(0, MAX_ITEMS).map(quoteText).join(', ');
    return `a mapping with keys ${named}${keys.length > MAX_ITEMS ? ` and ${keys.length - MAX_ITEMS} more` : ''}`;
  }
  return `${typeof value} ${String(value)}`;
}

/** One allowed value as a message quotes it: JSON where JSON can say it (`"full"`, `3`, `null`), else by name (`1n`, `NaN`). */
function choiceText(v: unknown): string {
  if (typeof v === 'string') return quoteText(v);
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'bigint') return `${v}n`;
  return v === null || typeof v === 'boolean' ? String(v) : v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v));
}

/** The allowed values: `"full" or "half"`, `one of "a", "b", "c"`; a single value alone. */
export function choiceWords(values: readonly unknown[]): string {
  const quoted = values.map(choiceText);
  if (quoted.length <= 1) return quoted[0] ?? 'nothing (no value is allowed)';
  return quoted.length === 2 ? `${quoted[0]} or ${quoted[1]}` : `one of ${quoted.join(', ')}`;
}

/** The value at `path` in a parsed file (undefined where the path leaves it; never an inherited member such as `constructor`). */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) v = v !== null && typeof v === 'object' && Object.hasOwn(v, k) ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** A type zod names, in the words of a file's reader (YAML or JSON): a mapping, a list, a text. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  int: 'a whole number',
  number: 'a finite number',
  bigint: 'a whole number',
  string: 'a text',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  map: 'a mapping',
  array: 'a list',
  tuple: 'a list',
  set: 'a list',
  null: 'null',
  undefined: 'nothing',
  nan: 'NaN',
  date: 'a date',
  never: 'nothing (no value is allowed)',
};

/** A type zod names in words (`a`/`an` and its name for the rest). */
export function typeWords(expected: string): string {
  return Object.hasOwn(TYPE_WORDS, expected) ? TYPE_WORDS[expected]! : `${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
}
