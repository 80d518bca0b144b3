import { didYouMean } from './did-you-mean.js';
import { MAX_QUOTED_TEXT, quoteText } from './value-words.js';

/**
 * How one problem with a user's file reads — a scenario, a workload profile
 * or a result file: `file:line:col: field: expected …, given …; hint`.
 */

/** The fields of a problem its one-line text shows. */
export interface ProblemText {
  /** Field path; '' for the whole file. */
  readonly path: string;
  readonly expected: string;
  readonly given: string;
  readonly hint?: string | undefined;
  /** 1-based position of the field in the file, when the file tells. */
  readonly line?: number | undefined;
  readonly col?: number | undefined;
}

/** A field path as a message names it: `(top level)` for the whole file. */
export const fieldText = (path: string): string => (path === '' ? '(top level)' : path);

/** Where a problem is: `file:line:col`, or the file alone when its position is not known. */
export const placeText = (file: string, p: Pick<ProblemText, 'line' | 'col'>): string => (p.line !== undefined ? `${file}:${p.line}:${p.col ?? 1}` : file);

/** `field: expected …, given …; hint`, without the file. */
export function problemLine(p: ProblemText): string {
  return `${fieldText(p.path)}: expected ${p.expected}, given ${p.given}${p.hint ? `; ${p.hint}` : ''}`;
}

/** `file:line:col: field: expected …, given …; hint`. */
export function problemText(file: string, p: ProblemText): string {
  return `${placeText(file, p)}: ${problemLine(p)}`;
}

/** Where a value sits, as messages write it: `schemes[1].compressor.ratio`; '' for the top level. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'symbol' ? s : typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');
}

/** A key no declaration has, as the given of its problem: `unknown field "x"`. */
export const unknownFieldText = (key: string): string => `unknown field ${quoteText(key)}`;

/** The problem of a mapping key the schema does not declare: the fields it knows, and the close one if any. */
export function unknownField(path: string, key: string, known: readonly string[]): ProblemText {
  // a hostile key is cut in the path too; did-you-mean only for a key of a name's length
  const shown = key.length > MAX_QUOTED_TEXT ? (JSON.parse(quoteText(key)) as string) : key;
  const hint = key.length <= MAX_QUOTED_TEXT ? didYouMean(key, known) : undefined;
  return {
    path: path ? `${path}.${shown}` : shown,
    expected: known.length > 0 ? `one of the fields ${known.map(quoteText).join(', ')}` : 'no fields here',
    given: unknownFieldText(key),
    ...(hint === undefined ? {} : { hint }),
  };
}
