import { z } from 'zod';
import type { Column, RowOf } from './columns.js';
import { textColumn } from './column-kinds.js';

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
 * {@link SWEEP_VERDICT_FORMAT} when any point has a verdict. verdict.csv
 * starts the same way ({@link VERDICT_FORMAT}).
 */
export const SWEEP_LEAD_FORMAT = [
  textColumn('point', 'The point’s id (its run folder runs/<point>/).'),
  { name: 'run', type: 'integer', unit: '1', meaning: 'Run index (repetition).' },
  { name: 'seed', type: 'integer', unit: '1', meaning: 'The scenario seed of the point.' },
] as const satisfies readonly Column[];
/** The leading cells of a sweep.csv or verdict.csv row. */
export type SweepLeadRow = RowOf<typeof SWEEP_LEAD_FORMAT>;

/** sweep.csv's trailing columns with a stopping target. */
export const SWEEP_VERDICT_FORMAT = [
  { name: 'target_winner', type: 'text?', unit: '', meaning: 'The point’s first scheme to the target; empty: none.' },
  { name: 'target_rank', type: 'integer?', unit: '1', meaning: 'The row’s scheme’s rank to the target (1: first); empty: not reached.' },
] as const satisfies readonly Column[];

/** A cost to the target: empty when the scheme did not reach it. */
const untilTarget = <const N extends string, const U extends string>(name: N, unit: U, what: string) =>
  ({ name, type: 'number?', unit, meaning: `${what} when the scheme reached the target; empty: not reached.` }) as const satisfies Column;
/** A ratio against the baseline (the scenario's first scheme): the baseline's cost over this scheme's. */
const againstBaseline = <const N extends string>(name: N, what: string) =>
  ({ name, type: 'number?', unit: '1', meaning: `The baseline’s ${what} to the target over this scheme’s (> 1: better); empty: either did not reach it.` }) as const satisfies Column;

/**
 * verdict.csv (sweeps with a stopping target): one row per finished point ×
 * scheme, in the point's ranking order (summary.json's `verdict`). Its
 * columns: {@link SWEEP_LEAD_FORMAT}, one column per swept path (except
 * `seed`), then these.
 */
export const VERDICT_FORMAT = [
  textColumn('target', 'The stopping target in words (training.stop), e.g. `training loss ≤ 0.6`.'),
  { name: 'winner', type: 'text?', unit: '', meaning: 'The point’s first scheme to the target; empty: none reached it.' },
  textColumn('scheme', 'The scheme this row ranks.'),
  { name: 'rank', type: 'integer?', unit: '1', meaning: 'The scheme’s rank to the target (1: first); empty: not reached.' },
  { name: 'reached', type: 'boolean', unit: '', meaning: 'Whether the scheme reached the target: true or false.' },
  { name: 'iteration', type: 'integer?', unit: '1', meaning: 'The evaluated iteration at which the scheme reached the target; empty: not reached.' },
  untilTarget('time_s', 's', 'Simulated time'),
  untilTarget('wire_bytes', 'B', 'Bytes on the wire, up and down, headers included,'),
  untilTarget('packets', '1', 'Packets, up and down,'),
  untilTarget('energy_j', 'J', 'Energy of every node'),
  againstBaseline('speedup', 'time'),
  againstBaseline('bytes_ratio', 'wire bytes'),
  againstBaseline('packets_ratio', 'packets'),
  againstBaseline('energy_ratio', 'energy'),
  { name: 'best_loss', type: 'number?', unit: '1', meaning: 'The scheme’s lowest evaluated training loss; empty: none (a workload profile).' },
  { name: 'best_accuracy', type: 'number?', unit: '1', meaning: 'The scheme’s highest evaluated test accuracy; empty: not evaluated.' },
] as const satisfies readonly Column[];
/** verdict.csv's cells after the point's own. */
export type VerdictRow = RowOf<typeof VERDICT_FORMAT>;

/** .partial/owner.json as parsed. */
export type SweepOwnerJson = z.infer<typeof SweepOwnerSchema>;
