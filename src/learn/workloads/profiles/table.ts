import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { DEFAULT_BACKWARD_FACTOR, type LayerProfile, type WorkloadProfile } from '../profile.js';
import { issueProblems } from '../../../text/issue-words.js';
import { valueAt } from '../../../text/value-words.js';
import { keysAt } from '../../../text/schema-walk.js';
import { pathKeys, positionIn } from '../../../text/yaml-position.js';
import { formatProfileProblem, profileMessages as msg, type ProfileProblem } from './messages.js';

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
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ProfileError(file, [msg.notAMapping(doc.contents === null ? undefined : raw, TABLE_FIELDS, LAYER_FIELDS)]);
  const locate = (p: ProfileProblem): ProfileProblem => ({ ...p, ...positionIn(doc, lineCounter, pathKeys(p.path)) });
  const parsed = TableSchema.safeParse(raw);
  if (!parsed.success) throw new ProfileError(file, parsed.error.issues.flatMap((i) => issueHints(i, raw)).map(locate));
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

/** The fields a table and a layer may have, as the schema declares them (for the message of a file that is no table). */
export const TABLE_FIELDS = keysAt(TableSchema, [], {});
export const LAYER_FIELDS = keysAt(TableSchema, ['layers', 0], { layers: [{}] });

/** One zod issue in gradwire's words, and for a number written as text, how to write it. */
function issueHints(issue: z.core.$ZodIssue, raw: unknown): ProfileProblem[] {
  const value = valueAt(raw, issue.path);
  const hint = issue.code === 'invalid_type' && typeof value === 'string' ? msg.numberAsText(value) : undefined;
  return issueProblems(issue, TableSchema, raw).map((p) => (hint === undefined || p.hint !== undefined ? p : { ...p, hint }));
}
