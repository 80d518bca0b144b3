import { didYouMean } from './did-you-mean.js';

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
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '');
}

/** A key no declaration has, as the given of its problem: `unknown field "x"`. */
export const unknownFieldText = (key: string): string => `unknown field ${JSON.stringify(key)}`;

/** The problem of a mapping key the schema does not declare: the fields it knows, and the close one if any. */
export function unknownField(path: string, key: string, known: readonly string[]): ProblemText {
  const hint = didYouMean(key, known);
  return {
    path: path ? `${path}.${key}` : key,
    expected: `one of the fields ${known.map((k) => JSON.stringify(k)).join(', ')}`,
    given: unknownFieldText(key),
    ...(hint === undefined ? {} : { hint }),
  };
}
