import { Environment, type RandomStreams } from '../sim/index.js';
import { BatchSampler } from '../learn/batch-sampler.js';
import type { Compressor } from '../learn/compress/compressor.js';
import { DEVICE_PRESETS } from '../learn/devices.js';
import type { BucketedOptions } from '../learn/schemes/bucketed.js';
import type { SchemeSetup } from '../learn/schemes/index.js';
import { planBuckets } from '../learn/workloads/buckets.js';
import { Replicas } from '../learn/schemes/replicas.js';
import { trainedWorkload, type Workload } from '../learn/workloads/workload.js';
import type { Scenario, SchemeConfig } from '../scenario/schema.js';
import type { BuiltModel } from './build-model.js';
import { buildNetwork } from './build-network.js';
import { learningRate, makeCompressor } from './build-scheme.js';
import { catCurveIterations, usesCat } from './resolve.js';
import { resolvedLinks } from '../scenario/links.js';

/** A scheme's setup, and how to run it bucket by bucket when it compresses per bucket of a layered workload. */
export type PreparedScheme = Omit<SchemeSetup, 'onIteration'> & { readonly bucketed?: BucketedOptions };

/**
 * Everything one scheme of a scenario runs on, built the way every run builds
 * it: a fresh environment and network, the workload (the model's samplers,
 * or a fresh gradient source), the direction compressors (each worker's
 * priced on its own link; one set per bucket when the scheme compresses per
 * bucket and the workload has more than one), and the same stream names for
 * every scheme, so each scheme sees the same mini-batches, gradients and
 * compute-time draws. The caller adds `onIteration` (and any hooks) and
 * starts the scheme.
 */
export function prepareScheme(scenario: Scenario, scheme: SchemeConfig, built: BuiltModel, streams: RandomStreams): PreparedScheme {
  const env = new Environment();
  const links = resolvedLinks(scenario);
  const { network, workers, server } = buildNetwork(scenario, env, streams, links);
  const workload = workloadOf(scenario, built, streams);
  const d = workload.dim;
  const weight = scheme.aggregation === 'mean' ? 1 / workers.length : 1;
  // cat.csv holds the curves of worker 0 and of the server (the senders it records).
  const curves = usesCat(scheme) ? catCurveIterations(scenario) : undefined;
  const context = (i: number | 'server') => ({
    weight: i === 'server' ? 1 : weight,
    model: built.tuning,
    iterations: scenario.training.iterations,
    link: i === 'server' ? links.server : links.workers[i]!,
    ...(curves !== undefined && (i === 0 || i === 'server') ? { catCurveIterations: curves } : {}),
  });
  const buckets = scheme.compressPer === 'bucket' ? planBuckets(workload.layers, scenario.training.buckets.sizeBytes) : [];
  // with distinct gradients R < P, only the first R workers' compressors exist; worker i uses i mod R's
  const R = Math.min(scenario.workers.distinctGradients ?? workers.length, workers.length);
  const senders = workers.slice(0, R);
  const alias = <C>(cs: C[]): C[] => workers.map((_, i) => cs[i % R] as C);
  let bucketed: PreparedScheme['bucketed'];
  let uplink: Compressor[];
  let downlink: Compressor | undefined;
  if (buckets.length > 1) {
    // one compressor per (bucket, sender), its budget shared out by the bucket's size
    const up = buckets.map((b) => alias(senders.map((w, i) => makeCompressor(share(scheme.uplink, b.size, d), b.size, scheme.name, `${w.name}/b${b.index}`, streams, context(i)))));
    const down = scheme.downlink ? buckets.map((b) => makeCompressor(share(scheme.downlink!, b.size, d), b.size, scheme.name, `server/b${b.index}`, streams, context('server'))) : undefined;
    bucketed = { buckets, uplink: up, ...(down ? { downlink: down } : {}), overlap: scenario.training.buckets.overlap };
    uplink = up[0]!;
    downlink = down?.[0];
  } else {
    uplink = alias(senders.map((w, i) => makeCompressor(scheme.uplink, d, scheme.name, w.name, streams, context(i))));
    downlink = scheme.downlink ? makeCompressor(scheme.downlink, d, scheme.name, 'server', streams, context('server')) : undefined;
  }
  const device = DEVICE_PRESETS[scenario.workers.device]!;
  return {
    env,
    network,
    workers,
    ...(server ? { server } : {}),
    uplink,
    ...(downlink ? { downlink } : {}),
    workload,
    aggregation: scheme.aggregation,
    workerDevices: workers.map(() => device),
    serverDevice: DEVICE_PRESETS[scenario.server.device]!,
    heterogeneity: scenario.workers.heterogeneity,
    computeStreams: workers.map((_, i) => streams.stream(`compute/worker/${i}`)),
    learningRate: learningRate(scenario, built.tuning),
    iterations: scenario.training.iterations,
    initialWeights: built.init,
    ...(R < workers.length ? { replicas: new Replicas(R, workers.length) } : {}),
    ...(scheme.warmupIterations ? { warmupIterations: scheme.warmupIterations } : {}),
    ...(bucketed ? { bucketed } : {}),
  };
}

/** The workload a scheme runs on: the trained model over fresh samplers, or the profile over a fresh gradient source. */
function workloadOf(scenario: Scenario, built: BuiltModel, streams: RandomStreams): Workload {
  if (built.profile !== undefined) return built.profile.workload(streams);
  const batch = scenario.workers.batchSize;
  return trainedWorkload(
    built.model!,
    built.parts.map((p, i) => new BatchSampler(p, batch === 'full' ? p.length : batch, streams.stream(`batch/worker/${i}`))),
  );
}

/** A direction's configuration for one bucket of `size` of d: an absolute k shared out by size (at least 1); a ratio as is. */
function share(direction: SchemeConfig['uplink'], size: number, d: number): SchemeConfig['uplink'] {
  const c = direction.compressor;
  if (!('k' in c) || c.k === undefined) return direction;
  return { ...direction, compressor: { ...c, k: Math.max(1, Math.min(size, Math.round((c.k * size) / d))) } } as SchemeConfig['uplink'];
}
