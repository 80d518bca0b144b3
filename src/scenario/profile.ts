import { readFileSync } from 'node:fs';
import { BUNDLED_PROFILES, parseProfile } from '../learn/workloads/profiles/index.js';
import type { WorkloadProfile } from '../learn/workloads/profile.js';
import type { Scenario } from './schema.js';

/** The `model` block of a profile scenario. */
export type ProfileConfig = Extract<Scenario['model'], { kind: 'profile' }>;

/**
 * The workload profile a scenario names: a bundled one, or the user's table
 * (`model.file`, already resolved against the scenario file by the loader).
 */
export function profileOf(m: ProfileConfig): WorkloadProfile {
  if (m.name !== undefined) {
    const p = BUNDLED_PROFILES[m.name];
    if (p === undefined) throw new Error(`unknown profile "${m.name}"`); // the loader refuses it first
    return p;
  }
  return parseProfile(readFileSync(m.file!, 'utf8'), m.file!);
}
