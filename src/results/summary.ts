import { z } from 'zod';

// JSON has no NaN or Infinity: JSON.stringify writes them as null, so a number that may not be finite is nullable.
const maybe = z.number().nullable();

/** summary.json `schemes[].final`: the scheme's last metrics.csv row, in part. */
export const FinalSchema = z.object({
  time_s: maybe,
  /** null once diverged (non-finite), or for a workload profile. */
  loss: maybe,
  accuracy: maybe.optional(),
  wire_bytes_up: maybe,
  wire_bytes_down: maybe,
  energy_total_j: maybe,
});

/** summary.json `schemes[].time_to_target`: when the scheme first reached the target, and what it had spent by then. */
export const TimeToTargetSchema = z.object({
  /** The target and the value that met it, in words. */
  target: z.string(),
  iteration: z.number(),
  time_s: z.number(),
  wire_bytes: z.number(),
  /** Absent in runs written before the verdict. */
  packets: z.number().optional(),
  energy_j: z.number(),
});

/** One scheme of the verdict: its cost to the target (null: not reached), its ratios against the baseline (baseline's / its), how far it got. */
export const VerdictEntrySchema = z.object({
  scheme: z.string(),
  label: z.string().optional(),
  reached: z.boolean(),
  iteration: maybe,
  time_s: maybe,
  wire_bytes: maybe,
  packets: maybe,
  energy_j: maybe,
  speedup: maybe,
  bytes_ratio: maybe,
  packets_ratio: maybe,
  energy_ratio: maybe,
  /** How far a scheme that did not reach the target got: its lowest evaluated loss and highest accuracy. */
  best_loss: maybe,
  best_accuracy: maybe,
});

/** summary.json `verdict` (runs with a target): who reached it first, ranked by time to target, and the answer in one sentence. */
export const VerdictSchema = z.object({
  target: z.string(),
  /** The baseline scheme's name (the scenario's first). */
  baseline: z.string(),
  winner: z.string().nullable(),
  ranking: z.array(VerdictEntrySchema).readonly(),
  sentence: z.string(),
});

/** How a scheme's run ended; `reason`, `atIteration`, `atS` and `detail` say more for stopped, diverged and stalled. */
export const SCHEME_STATUSES = ['completed', 'stopped', 'diverged', 'stalled'] as const;

/** One scheme of summary.json. */
export const SchemeSummarySchema = z.object({
  name: z.string(),
  label: z.string().optional(),
  /** How the scheme's messages are compressed and priced, in words. */
  encoding: z.string().optional(),
  /** The network fidelity that ran. */
  fidelity: z.string().optional(),
  status: z.enum(SCHEME_STATUSES),
  iterations: z.number(),
  /** stopped: which rule fired. */
  reason: z.string().optional(),
  /** diverged: the iteration. */
  atIteration: z.number().optional(),
  /** stalled: the simulated time. */
  atS: z.number().optional(),
  /** diverged or stalled: why. */
  detail: z.string().optional(),
  final: FinalSchema.nullable(),
  /** null: never reached, or no target; absent in older runs. */
  time_to_target: TimeToTargetSchema.nullable().optional(),
  /** Seconds and joules per role and energy state at the end (s, J). */
  energy_by_state: z.record(z.string(), z.unknown()).optional(),
});

/** summary.json `model`: the trained model, or a workload profile (nothing trained). */
export const ModelSummarySchema = z.object({
  name: z.string(),
  /** Parameters d. */
  dim: z.number(),
  /** F*, where the optimum is known. */
  optimalLoss: z.number().optional(),
  /** `profile` for a workload profile; absent for a trained model. */
  kind: z.literal('profile').optional(),
  /** Where a profile's architecture comes from (a citation). */
  source: z.string().optional(),
  /** Why the loss is absent (`not simulated: …`), for a profile. */
  loss: z.string().optional(),
});

/**
 * summary.json: one run's provenance, model, evaluation rule, verdict and
 * every scheme's outcome. Nothing wall-clock (the file is deterministic).
 * Fields marked optional are absent in runs written before they existed.
 */
export const SummarySchema = z.object({
  /** The gradwire version that wrote the run. */
  gradwire: z.string().optional(),
  scenario: z.object({ name: z.string(), description: z.string().optional() }),
  seed: z.number(),
  backend: z.string(),
  model: ModelSummarySchema.optional(),
  /** Iterations between evaluations, and whether that was chosen automatically. */
  evaluation: z.object({ every: z.number(), rule: z.enum(['auto', 'set']) }).optional(),
  /** Absent without a target, and in runs written before it existed. */
  verdict: VerdictSchema.optional(),
  schemes: z.array(SchemeSummarySchema).readonly(),
});

/** summary.json as parsed. */
export type SummaryJson = z.infer<typeof SummarySchema>;
/** One scheme of {@link SummaryJson}. */
export type SchemeSummaryJson = SummaryJson['schemes'][number];
/** summary.json's `verdict`. */
export type VerdictJson = z.infer<typeof VerdictSchema>;
/** One scheme of {@link VerdictJson}'s ranking. */
export type VerdictEntryJson = VerdictJson['ranking'][number];
/** summary.json's `schemes[].time_to_target`. */
export type TimeToTargetJson = z.infer<typeof TimeToTargetSchema>;
