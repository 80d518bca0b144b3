/**
 * The catalog of a profile table's problems (the user's YAML file of
 * layers). Each names the field path, what was expected and what was given,
 * and the fix when there is one — the shape of the scenario layer's
 * problems, so it can pass them on; tests compare against these functions.
 */
import { problemText } from '../../../text/problem-text.js';
import { describeValue, listWords } from '../../../text/value-words.js';

/** One thing wrong with a profile table. */
export interface ProfileProblem {
  /** Field path, e.g. `layers[3].params`; '' for the whole file. */
  readonly path: string;
  readonly expected: string;
  readonly given: string;
  readonly hint?: string;
  /** 1-based position of the field in the file, when the YAML tells. */
  readonly line?: number;
  readonly col?: number;
}

/** `file:line:col: path: expected …, given …; hint` — the scenario layer's format. */
export function formatProfileProblem(file: string, p: ProfileProblem): string {
  return problemText(file, p);
}

export const profileMessages = {
  yamlSyntax: (message: string, line?: number, col?: number): ProfileProblem => ({ path: '', expected: 'valid YAML', given: message, line, col }),
  /** The top level is not a mapping (`value` undefined: the file is empty). */
  notAMapping: (value: unknown, tableFields: readonly string[], layerFields: readonly string[]): ProfileProblem => ({
    path: '',
    expected: `a mapping with the fields ${listWords(tableFields)} (each layer: ${listWords(layerFields)})`,
    given: value === undefined ? 'an empty file' : describeValue(value),
  }),
  /** A number written with digit separators or units, which YAML reads as text. */
  numberAsText: (text: string): string | undefined => (/^[\d\s_,.]+[eE]?[+-]?\d*\s*[kMGB]?$/.test(text) ? 'write plain digits or 1.2e9 (YAML reads 1_000, 1,000 and 25.6M as text)' : undefined),
  duplicateLayer: (index: number, name: string, first: number): ProfileProblem => ({
    path: `layers[${index}].name`,
    expected: 'a name no other layer has (a recorded trace’s per-layer tensors are matched by name)',
    given: `${JSON.stringify(name)}, also the name of layers[${first}]`,
  }),
  noParameters: (layers: number): ProfileProblem => ({
    path: 'layers',
    expected: 'at least one layer with params ≥ 1 (the gradient would be empty)',
    given: `${layers} layer${layers === 1 ? '' : 's'} with 0 parameters in all`,
  }),
};
