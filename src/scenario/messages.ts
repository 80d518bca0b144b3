import { closest, distance } from 'fastest-levenshtein';

/**
 * The scenario layer's catalog of messages. Each problem names the field
 * path, what was expected and what was given, and suggests a fix when it can.
 */

/** One thing wrong with a scenario. */
export interface Problem {
  /** Field path, e.g. `schemes[1].compressor.ratio`. */
  readonly path: string;
  readonly expected: string;
  readonly given: string;
  readonly hint?: string;
  /** 1-based position in the file, when the YAML tells. */
  line?: number;
  col?: number;
  /** The file the position is in, when not the scenario's own (a file it extends). */
  file?: string;
}

/** A scenario that cannot run: every problem found, with the file. */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
  ) {
    super(problems.map((p) => formatProblem(p.file ?? file, p)).join('\n'));
    this.name = 'ScenarioError';
  }
}

/** `file:line:col: path: expected …, given …; hint`. */
export function formatProblem(file: string, p: Problem): string {
  const where = p.line !== undefined ? `${file}:${p.line}:${p.col ?? 1}` : file;
  const path = p.path === '' ? '(top level)' : p.path;
  return `${where}: ${path}: expected ${p.expected}, given ${p.given}${p.hint ? `; ${p.hint}` : ''}`;
}

/** Render a value the user gave, briefly. */
export function describeGiven(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return `a mapping with keys ${Object.keys(value).map((k) => JSON.stringify(k)).join(', ') || '(none)'}`;
  return `${typeof value} ${String(value)}`;
}

/** "did you mean …?" when a close enough candidate exists. */
export function didYouMean(given: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(given, [...candidates]);
  return distance(given, best) <= Math.max(2, Math.floor(best.length / 3)) ? `did you mean "${best}"?` : undefined;
}

/** The messages of the schema's own refinements (zod prints them as the expectation). */
export const schemaMessages = {
  powerOfTwo: 'a power of two',
  initialPoint: 'a number, or a list with one entry per feature (model.features)',
  profileNameOrFile: 'give exactly one of name (a bundled profile) or file (your own)',
  kOrRatio: 'give exactly one of k or ratio',
  commonStep: 'per-worker (step common, CAT App. G, is derived for variant stochastic only)',
  schemeName: 'letters, digits, "-" and "_" only',
  uniqueSchemes: 'scheme names must be unique',
} as const;

export const scenarioMessages = {
  /** A value of the wrong kind or out of range; the unit, when the field has one, is named with the expectation. */
  badValue: (path: string, expected: string, given: string, unit?: string): Problem => ({
    path,
    expected: unit !== undefined && unit !== '1' ? `${expected} (${unit})` : expected,
    given,
  }),
  /** A `set:` key that is not a field of the link's preset. */
  unknownLinkField: (path: string, key: string, preset: string, known: readonly string[]): Problem => ({
    path: `${path}.${key}`,
    expected: `a field of the ${preset} preset`,
    given: `unknown field ${JSON.stringify(key)}`,
    hint: didYouMean(key, known) ?? `see \`gradwire presets --describe ${preset}\``,
  }),
  /** A declared link field the chosen preset does not have (another family's). */
  notInPreset: (path: string, field: string, preset: string, family: string | undefined): Problem => ({
    path,
    expected: `a field of the ${preset} preset`,
    given: `${JSON.stringify(field)}${family ? `, a field of ${family} presets only` : ', which this preset does not have'}`,
    hint: `see \`gradwire presets --describe ${preset}\``,
  }),
  unknownField: (path: string, key: string, known: readonly string[]): Problem => ({
    path: path ? `${path}.${key}` : key,
    expected: `one of the fields ${known.map((k) => JSON.stringify(k)).join(', ')}`,
    given: `unknown field ${JSON.stringify(key)}`,
    hint: didYouMean(key, known),
  }),
  unknownPreset: (path: string, given: string, kind: string, known: readonly string[]): Problem => ({
    path,
    expected: `a ${kind} preset: ${known.join(', ')}`,
    given: JSON.stringify(given),
    hint: didYouMean(given, known),
  }),
  badOverride: (path: string, e: { expected: string; given: string; known: readonly string[]; field: string }, preset: string): Problem => ({
    path,
    expected: e.expected,
    given: e.given,
    hint: didYouMean(e.field.split('.').pop() ?? e.field, e.known) ?? `see \`gradwire presets --describe ${preset}\``,
  }),
  inconsistentLink: (path: string, preset: string, problem: string): Problem => ({
    path,
    expected: `a consistent ${preset} link`,
    given: problem,
  }),
  groupCount: (total: number, workers: number): Problem => ({
    path: 'network.workerGroups',
    expected: `group counts adding up to workers.count = ${workers}`,
    given: `counts adding up to ${total}`,
  }),
  budgetTooLarge: (path: string, k: number, d: number): Problem => ({
    path,
    expected: `k ≤ model.features = ${d}`,
    given: `k = ${k}`,
  }),
  yamlSyntax: (message: string, line?: number, col?: number): Problem => ({
    path: '',
    expected: 'valid YAML',
    given: message,
    line,
    col,
  }),
  extendsCycle: (chain: readonly string[]): Problem => ({
    path: 'extends',
    expected: 'a chain of scenario files without a cycle',
    given: chain.join(' → '),
  }),
  notAMapping: (given: unknown): Problem => ({
    path: '',
    expected: 'a YAML mapping (key: value pairs) at the top level',
    given: describeGiven(given),
  }),
  unreadable: (reason: string): Problem => ({ path: '', expected: 'a readable scenario file', given: reason }),
  notUtf8: (given: string): Problem => ({ path: '', expected: 'a scenario file in UTF-8 (YAML text)', given, hint: 'save it as UTF-8' }),
};
