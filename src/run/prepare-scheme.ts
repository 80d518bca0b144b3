import { Environment, type RandomStreams } from '../sim/index.js';
import { BatchSampler } from '../learn/batch-sampler.js';
import { DEVICE_PRESETS } from '../learn/devices.js';
import type { SchemeSetup } from '../learn/schemes/index.js';
import { trainedWorkload } from '../learn/workloads/workload.js';
import type { Scenario, SchemeConfig } from '../scenario/schema.js';
import type { BuiltModel } from './build-model.js';
import { buildNetwork } from './build-network.js';
import { learningRate, makeCompressor } from './build-scheme.js';
import { catCurveIterations, effectiveLink, usesCat, workerLinks } from './resolve.js';

/**
 * Everything one scheme of a scenario runs on, built the way every run builds
 * it: a fresh environment and network, the direction compressors (each
 * worker's priced on its own link), and the same stream names for every
 * scheme, so each scheme sees the same mini-batches and compute-time draws.
 * The caller adds `onIteration` (and any hooks) and starts the scheme.
 */
export function prepareScheme(
  scenario: Scenario,
  scheme: SchemeConfig,
  built: BuiltModel,
  streams: RandomStreams,
): Omit<SchemeSetup, 'onIteration'> {
  const { model, parts } = built;
  const env = new Environment();
  const { network, workers, server } = buildNetwork(scenario, env, streams);
  const d = model.dim;
  const weight = scheme.aggregation === 'mean' ? 1 / workers.length : 1;
  const links = workerLinks(scenario).map(effectiveLink);
  // cat.csv holds the curves of worker 0 and of the server (the senders it records).
  const curves = usesCat(scheme) ? catCurveIterations(scenario) : undefined;
  const context = (i: number | 'server') => ({
    weight: i === 'server' ? 1 : weight, model, iterations: scenario.training.iterations,
    link: i === 'server' ? effectiveLink(scenario.network.serverLink) : links[i]!,
    ...(curves !== undefined && (i === 0 || i === 'server') ? { catCurveIterations: curves } : {}),
  });
  const uplink = workers.map((w, i) => makeCompressor(scheme.uplink, d, scheme.name, w.name, streams, context(i)));
  const downlink = scheme.downlink ? makeCompressor(scheme.downlink, d, scheme.name, 'server', streams, context('server')) : undefined;
  const batch = scenario.workers.batchSize;
  const device = DEVICE_PRESETS[scenario.workers.device]!;
  return {
    env, network, workers, ...(server ? { server } : {}), uplink, ...(downlink ? { downlink } : {}),
    workload: trainedWorkload(model, parts.map((p, i) => new BatchSampler(p, batch === 'full' ? p.length : batch, streams.stream(`batch/worker/${i}`)))),
    aggregation: scheme.aggregation,
    workerDevices: workers.map(() => device),
    serverDevice: DEVICE_PRESETS[scenario.server.device]!,
    heterogeneity: scenario.workers.heterogeneity,
    computeStreams: workers.map((_, i) => streams.stream(`compute/worker/${i}`)),
    learningRate: learningRate(scenario, model),
    iterations: scenario.training.iterations,
    initialWeights: built.init,
  };
}
