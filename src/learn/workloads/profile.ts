import { parseDocument } from 'yaml';
import { z } from 'zod';

/**
 * One layer of a workload profile: its parameters and the FLOPs of its
 * forward and backward pass for one sample (a multiply-add counts 2 FLOPs).
 */
export interface LayerProfile {
  readonly name: string;
  /** Trainable parameters (a parameter-free layer has 0). */
  readonly params: number;
  /** FLOPs of the forward pass, one sample. */
  readonly forwardFlops: number;
  /** FLOPs of the backward pass, one sample (gradients of the inputs and of the weights). */
  readonly backwardFlops: number;
}

/**
 * A published architecture as typed data, like a device or link preset: its
 * layers in forward order, the paper it comes from, and the parameter count
 * the paper (or its reference implementation) states.
 */
export interface WorkloadProfile {
  readonly name: string;
  readonly description: string;
  /** Citation of the architecture. */
  readonly source: string;
  /** What one sample is, e.g. "224×224 RGB image", "sequence of 1024 tokens". */
  readonly sampleUnit: string;
  /** Parameters as published (what the test checks the layers' sum against). */
  readonly publishedParams: number;
  readonly publishedParamsSource: string;
  readonly layers: readonly LayerProfile[];
}

/** d = Σ parameters. */
export function profileDim(p: WorkloadProfile): number {
  return p.layers.reduce((n, l) => n + l.params, 0);
}

/** FLOPs of one sample's forward and backward pass over every layer. */
export function profileFlopsPerSample(p: WorkloadProfile): { forward: number; backward: number } {
  let forward = 0;
  let backward = 0;
  for (const l of p.layers) {
    forward += l.forwardFlops;
    backward += l.backwardFlops;
  }
  return { forward, backward };
}

const nonNegative = z.number().finite().nonnegative();
const LayerSchema = z
  .strictObject({
    name: z.string().min(1),
    params: z.number().int().nonnegative(),
    forwardFlops: nonNegative,
    backwardFlops: nonNegative.optional(),
  })
  .transform((l) => ({ ...l, backwardFlops: l.backwardFlops ?? 2 * l.forwardFlops }));
const ProfileSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(''),
  source: z.string().min(1),
  sampleUnit: z.string().default('sample'),
  publishedParams: z.number().int().positive().optional(),
  publishedParamsSource: z.string().default(''),
  layers: z.array(LayerSchema).min(1),
});

/** A profile table that cannot be used: the file, the field, what was expected and what was given. */
export class ProfileError extends Error {
  constructor(readonly file: string, readonly problems: readonly string[]) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
    this.name = 'ProfileError';
  }
}

/**
 * A user's profile table from YAML text: `name`, `source` (citation),
 * optional `description`, `sampleUnit`, `publishedParams`; `layers`, in
 * forward order, each with `name`, `params` and `forwardFlops` per sample,
 * and `backwardFlops` (default 2 × forwardFlops: a backward pass computes the
 * gradient of the inputs and of the weights, one product each). Throws
 * {@link ProfileError} naming `file`, each bad field's path, what was
 * expected and what was given (never the file's other contents).
 */
export function parseProfile(text: string, file: string): WorkloadProfile {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) throw new ProfileError(file, doc.errors.map((e) => `YAML: ${e.message.split('\n')[0]}`));
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = ProfileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ProfileError(
      file,
      parsed.error.issues.map((i) => {
        const path = i.path.reduce<string>((s, k) => (typeof k === "number" ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), "") || '(top level)';
        return `${path}: expected ${expected(i)}, given ${given(raw, i.path)}`;
      }),
    );
  }
  const p = parsed.data;
  const dim = p.layers.reduce((n, l) => n + l.params, 0);
  if (dim < 1) throw new ProfileError(file, [`layers: expected at least one parameter in all, given ${dim}`]);
  return { ...p, publishedParams: p.publishedParams ?? dim };
}

function expected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `a ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'array' ? `at least ${String(issue.minimum)} entries` : `a value ≥ ${String(issue.minimum)}`;
    case 'unrecognized_keys':
      return `no field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (known: name, description, source, sampleUnit, publishedParams, publishedParamsSource, layers; a layer: name, params, forwardFlops, backwardFlops)`;
    default:
      return issue.message;
  }
}

function given(root: unknown, path: readonly PropertyKey[]): string {
  let v: unknown = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
