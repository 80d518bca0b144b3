import { existsSync, readFileSync } from 'node:fs';
import { FEEDS_DIAGNOSTICS } from '../learn/schemes/index.js';
import { planBuckets } from '../learn/workloads/buckets.js';
import { BUNDLED_PROFILES, parseProfile } from '../learn/workloads/profiles/index.js';
import type { Scenario } from './schema.js';
import { checkMessages, type Problem } from './messages.js';

type ProfileModel = Extract<Scenario['model'], { kind: 'profile' }>;

/**
 * A profile's parameters per layer, when they can be read: the bundled
 * table's, or its file's (a file that cannot be read is profile-checks'
 * problem, not this one).
 */
function layerSizes(m: ProfileModel): number[] | undefined {
  try {
    if (m.file !== undefined) return existsSync(m.file) ? parseProfile(readFileSync(m.file, 'utf8'), m.file).layers.map((l) => l.params) : undefined;
    return m.name !== undefined ? BUNDLED_PROFILES[m.name]?.layers.map((l) => l.params) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Cross-field checks of the output block: output.diagnostics with a scheme
 * that compresses bucket by bucket would leave the diagnostic columns empty
 * without a word, so it is refused. Only a workload profile whose layers fill
 * more than one bucket is compressed bucket by bucket (a trained model is one
 * layer, hence one bucket), as the run plans them.
 */
export function outputProblems(s: Scenario): Problem[] {
  if (!s.output.diagnostics || s.model.kind !== 'profile') return [];
  const sizes = layerSizes(s.model);
  if (sizes === undefined) return [];
  const layers = sizes.map((size, i) => ({ name: String(i), size, forwardFlops: 0, backwardFlops: 0 }));
  if (planBuckets(layers, s.training.buckets.sizeBytes).length <= 1) return [];
  const bucketed = s.schemes.filter((x) => x.compressPer === 'bucket' && FEEDS_DIAGNOSTICS[x.kind]).map((x) => x.name);
  return bucketed.length > 0 ? [checkMessages.diagnosticsPerBucket(bucketed)] : [];
}
