import { z } from 'zod';
import type { Column } from './columns.js';

/** Where a sweep point stands (`diverged`: finished, but a scheme diverged or stalled; `other-shard`: run by another shard). */
export const POINT_STATUSES = ['completed', 'diverged', 'failed', 'pending', 'other-shard'] as const;

/** One point of sweep.json (finished, also its run folder's point.json). */
export const SweepPointSchema = z.object({
  index: z.number(),
  /** The point's id: its run folder is runs/<id>/. */
  id: z.string(),
  /** Run index (repetition). */
  run: z.number(),
  seed: z.number(),
  /** Swept field path → value. */
  params: z.record(z.string(), z.unknown()),
  status: z.enum(POINT_STATUSES),
  /** Scheme name → how it ended (finished points). */
  schemes: z.record(z.string(), z.string()).optional(),
  /** Why the run failed (failed points). */
  error: z.string().optional(),
});

/** sweep.json, the manifest: every point of a sweep with its status. */
export const SweepManifestSchema = z.object({
  /** The scenario's name. */
  scenario: z.string(),
  /** The sweep's id (hash of its ordered point ids); absent in older sweeps. */
  sweep: z.string().optional(),
  /** Points in the whole sweep. */
  total: z.number().optional(),
  /** `i/n` for a shard's output, null for a whole (or merged) sweep. */
  shard: z.string().nullable().optional(),
  /** The swept field paths. */
  parameters: z.array(z.string()),
  points: z.array(SweepPointSchema),
});

/** `.partial/owner.json` of a running sweep: who runs it (its modification time says when it last reported). */
export const SweepOwnerSchema = z.object({
  host: z.string(),
  pid: z.number().int().nonnegative(),
  /** ISO time the sweep started. */
  started: z.string(),
});

/** `.partial/failed/<id>.json`: a point the running invocation failed, and why. */
export const FailedPointSchema = z.object({
  id: z.string(),
  error: z.string().optional(),
});

/** sweep.json as parsed. */
export type SweepManifestJson = z.infer<typeof SweepManifestSchema>;
/** One point of {@link SweepManifestJson}. */
export type SweepPointJson = SweepManifestJson['points'][number];

/**
 * sweep.csv's leading columns; then one column per swept path (except
 * `seed`), then every metrics.csv column but run_id (`point` holds it), then
 * {@link SWEEP_VERDICT_FORMAT} when any point has a verdict.
 */
export const SWEEP_LEAD_FORMAT = [
  { name: 'point', type: 'text', unit: '', meaning: 'The point’s id (its run folder runs/<point>/).' },
  { name: 'run', type: 'number', unit: '1', meaning: 'Run index (repetition).' },
  { name: 'seed', type: 'number', unit: '1', meaning: 'The scenario seed of the point.' },
] as const satisfies readonly Column[];

/** sweep.csv's trailing columns with a stopping target. */
export const SWEEP_VERDICT_FORMAT = [
  { name: 'target_winner', type: 'text', unit: '', meaning: 'The point’s first scheme to the target; empty: none.' },
  { name: 'target_rank', type: 'number?', unit: '1', meaning: 'The row’s scheme’s rank to the target (1: first); empty: not reached.' },
] as const satisfies readonly Column[];

/** .partial/owner.json as parsed. */
export type SweepOwnerJson = z.infer<typeof SweepOwnerSchema>;
