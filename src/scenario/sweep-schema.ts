import { z } from 'zod';

/**
 * The `sweep:` block of a scenario file: what-if studies over any field by
 * dot-path. `grid` takes the cartesian product of its axes; each `zip` group
 * varies its fields together (equal-length lists); seeds × repetitions
 * multiply every point.
 */
export const SweepSchema = z
  .strictObject({
    grid: z
      .record(z.string(), z.array(z.unknown()).min(1))
      .default({})
      .describe('Field path → list of values; every combination is a point (e.g. `workers.count: [4, 8, 16]`, `network.workerLink.set.bandwidthBps: [1e8, 1e9]`).'),
    zip: z
      .array(z.record(z.string(), z.array(z.unknown()).min(1)))
      .default([])
      .describe('Groups of field paths whose value lists are zipped (same length); each group is one more grid axis.'),
    seeds: z.array(z.number().int().nonnegative()).optional().describe('Scenario seeds to run every point with (default: the scenario’s seed).'),
    repetitions: z.number().int().positive().default(1).describe('Runs per point and seed (run index 0 … n−1 changes every random stream).'),
  })
  .describe('A sweep over scenario fields (run with `gradwire sweep`).');

/** A validated sweep block. */
export type Sweep = z.output<typeof SweepSchema>;
