import type { RandomStreams } from '../sim/index.js';
import { SyntheticGradientSource, type GradientSource } from '../learn/workloads/gradients/index.js';
import { profileWorkload } from '../learn/workloads/profile-workload.js';
import type { Scenario } from '../scenario/schema.js';
import { profileOf, type ProfileConfig } from '../scenario/profile.js';
import type { BuiltModel } from './build-model.js';
import { openRecorded } from '../learn/workloads/gradients/recorded-files.js';

/**
 * A workload profile as built for a run: no data set, no model; each scheme
 * gets a fresh gradient source from the same stream name (`gradients`), so
 * every scheme compresses the same gradients, and a workload whose step is
 * the profile's per-sample FLOPs × the worker batch.
 */
export function buildProfile(s: Scenario, m: ProfileConfig): BuiltModel {
  const profile = profileOf(m);
  const layers = profile.layers.map((l) => ({ name: l.name, size: l.params }));
  const dim = layers.reduce((n, l) => n + l.size, 0);
  const batch = s.workers.batchSize;
  if (batch === 'full') throw new Error('a workload profile has no data set: give workers.batchSize as a number of samples'); // the loader refuses it first
  const g = m.gradients;
  const source = (streams: RandomStreams): GradientSource =>
    g.kind === 'synthetic'
      ? new SyntheticGradientSource(layers, streams.stream('gradients'), {
          family: g.family,
          gammaShape: g.gammaShape,
          paretoShape: g.paretoShape,
          rms: g.rms,
          depthScaleRatio: g.depthScaleRatio,
          layerScaleSpread: g.layerScaleSpread,
          temporalCorrelation: g.temporalCorrelation,
          workerCorrelation: g.workerCorrelation,
          tableSize: g.tableSize,
        })
      : openRecorded(g.dir, layers, { cycle: g.cycle });
  const smoothness = m.smoothness;
  return {
    profile: { name: profile.name, dim, source: profile.source, workload: (streams) => profileWorkload(profile, source(streams), batch) },
    tuning: { name: profile.name, smoothness: () => smoothness },
    dim,
    parts: [],
    init: new Float32Array(dim),
  };
}
