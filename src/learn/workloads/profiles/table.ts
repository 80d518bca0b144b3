import { closest, distance } from 'fastest-levenshtein';
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { DEFAULT_BACKWARD_FACTOR, type LayerProfile, type WorkloadProfile } from '../profile.js';
import { LAYER_FIELDS, TABLE_FIELDS, describeGiven, formatProfileProblem, profileMessages as msg, type ProfileProblem } from './messages.js';

/** A profile table that cannot be used: every problem found, each naming the file, the field, what was expected and what was given. */
export class ProfileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ProfileProblem[],
  ) {
    super(problems.map((p) => formatProfileProblem(file, p)).join('\n'));
    this.name = 'ProfileError';
  }
}

const count = z.number().int().nonnegative();
const flops = z.number().nonnegative();
const LayerSchema = z.strictObject({ name: z.string().min(1), params: count, forwardFlops: flops, backwardFlops: flops.optional() });
const TableSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  source: z.string().min(1),
  sampleUnit: z.string().optional(),
  publishedParams: z.number().int().positive().optional(),
  publishedParamsSource: z.string().optional(),
  layers: z.array(LayerSchema).min(1),
});

/**
 * A user's profile table from its YAML text (opening the file is the run
 * layer's business; `file` names it in messages). Fields, as a bundled
 * profile's:
 * - `name`, `source` (the citation of the architecture): required;
 * - `description`, `sampleUnit` (default "sample"), `publishedParams`
 *   (default: the layers' sum), `publishedParamsSource`: optional;
 * - `layers`, in forward order (the order of the flat gradient), each with a
 *   unique `name`, `params` (a whole number ≥ 0), `forwardFlops` per sample
 *   (a multiply-add = 2 FLOPs) and optionally `backwardFlops` — default
 *   2 × `forwardFlops` ({@link DEFAULT_BACKWARD_FACTOR}: the gradient of the
 *   input and of the weights; give it for a first layer, which needs only 1 ×,
 *   or an embedding, whose forward is a lookup).
 *
 * Throws {@link ProfileError} listing every problem with its `file:line:col`,
 * field path (`layers[3].params`), what was expected and what was given.
 */
export function parseProfile(text: string, file: string): WorkloadProfile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ProfileError(
      file,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return msg.yamlSyntax(e.message.split('\n')[0] ?? e.message, pos.line, pos.col);
      }),
    );
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ProfileError(file, [msg.notAMapping(doc.contents === null ? undefined : raw)]);
  const locate = (p: ProfileProblem): ProfileProblem => ({ ...p, ...positionOf(doc, lineCounter, pathKeys(p.path)) });
  const parsed = TableSchema.safeParse(raw);
  if (!parsed.success) throw new ProfileError(file, parsed.error.issues.flatMap((i) => issueProblems(i, raw)).map(locate));
  const t = parsed.data;
  const problems: ProfileProblem[] = [];
  const firstIndex = new Map<string, number>();
  t.layers.forEach((l, i) => {
    const first = firstIndex.get(l.name);
    if (first === undefined) firstIndex.set(l.name, i);
    else problems.push(msg.duplicateLayer(i, l.name, first));
  });
  const layers: LayerProfile[] = t.layers.map((l) => ({
    name: l.name,
    params: l.params,
    forwardFlops: l.forwardFlops,
    backwardFlops: l.backwardFlops ?? DEFAULT_BACKWARD_FACTOR * l.forwardFlops,
  }));
  const dim = layers.reduce((n, l) => n + l.params, 0);
  if (dim < 1) problems.push(msg.noParameters(layers.length));
  if (problems.length > 0) throw new ProfileError(file, problems.map(locate));
  return {
    name: t.name,
    description: t.description ?? '',
    source: t.source,
    sampleUnit: t.sampleUnit ?? 'sample',
    publishedParams: t.publishedParams ?? dim,
    publishedParamsSource: t.publishedParamsSource ?? (t.publishedParams === undefined ? 'not given: the sum of the table’s layers' : ''),
    layers,
  };
}

type PathKey = string | number;

/** One zod issue in the catalog's terms. */
function issueProblems(issue: z.core.$ZodIssue, raw: unknown): ProfileProblem[] {
  const path = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
  const at = pathString(path);
  const value = valueAt(raw, path);
  const given = describeGiven(value);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = path.length === 0 ? TABLE_FIELDS : LAYER_FIELDS;
      return issue.keys.map((key) => msg.unknownField(at, key, known, didYouMean(key, known)));
    }
    case 'invalid_type': {
      const expected = issue.expected === 'int' ? 'a whole number' : issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`;
      const hint = typeof value === 'string' && issue.expected !== 'string' ? msg.numberAsText(value) : undefined;
      return [{ path: at, expected, given, ...(hint === undefined ? {} : { hint }) }];
    }
    case 'too_small': {
      const op = issue.inclusive ? '≥' : '>';
      if (issue.origin === 'array') return [{ path: at, expected: `at least ${String(issue.minimum)} layer`, given }];
      if (issue.origin === 'string') return [{ path: at, expected: 'a non-empty text', given }];
      return [{ path: at, expected: `a number ${op} ${String(issue.minimum)}`, given }];
    }
    default:
      return [{ path: at, expected: issue.message, given }];
  }
}

function didYouMean(given: string, candidates: readonly string[]): string | undefined {
  const best = closest(given, [...candidates]);
  return distance(given, best) <= Math.max(2, Math.floor(best.length / 3)) ? `did you mean "${best}"?` : undefined;
}

function pathString(path: readonly PathKey[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');
}

/** `layers[3].params` → layers, 3, params. */
function pathKeys(path: string): PathKey[] {
  return (path.match(/[^.[\]]+/g) ?? []).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PathKey, unknown>)[k] : undefined;
  return v;
}

/** Line and column of the field at `path` (its key in a mapping), or of its nearest parent written in the file. */
function positionOf(doc: Document, lines: LineCounter, path: readonly PathKey[]): { line?: number; col?: number } {
  type Ranged = { range?: [number, number, number] } | null | undefined;
  for (let n = path.length; n > 0; n--) {
    const parent = doc.getIn(path.slice(0, n - 1), true);
    const key = path[n - 1];
    const node: Ranged = isMap(parent) ? (parent.items.find((it) => isScalar(it.key) && it.key.value === key)?.key as Ranged) : (doc.getIn(path.slice(0, n), true) as Ranged);
    const offset = node?.range?.[0];
    if (offset !== undefined) return lines.linePos(offset);
  }
  return {};
}
