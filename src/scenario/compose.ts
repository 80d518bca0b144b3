import type { Scenario } from './schema.js';
import type { Problem } from './messages.js';
import { checkMessages as msg, scenarioMessages } from './messages.js';
import { MNIST_MODELS } from './schema-model.js';
import { COMPRESSOR_TRAITS, foldsStep, kindsWith } from './compressor-traits.js';
import { modelDim } from './estimate/workload-size.js';

/** Parameter count d of a scenario's model when it follows from the configuration alone: a profile's is read from its table, whose checks come later. */
const configuredDim = (model: Scenario['model']): number | undefined => (model.kind === 'profile' ? undefined : modelDim(model));

/** Workers a model's natural split has (undefined: any number). */
export function naturalWorkers(model: Scenario['model']): number | undefined {
  if (model.kind === 'quadratic') return model.levels.length;
  if (model.kind === 'two-point') return 2;
  return undefined;
}

const HAS_NATURAL = new Set(['quadratic', 'linear-regression', 'two-point']);
/** The compressors whose k AdapTop-K can schedule (budgeted sparsifiers). */
const ADAPTOPK_COMPRESSORS = kindsWith('adaptopk');
const HAS_LABELS = new Set(['logistic-regression', 'two-point', ...MNIST_MODELS]);
const CONVEX = new Set(['logistic-regression', 'linear-regression', 'quadratic', 'two-point']);
/** Models with a smoothness L: the convex ones (estimated) and workload profiles (model.smoothness, assumed). */
const WITH_L = new Set([...CONVEX, 'profile']);

/**
 * Compositions that cannot run, each with the reason: scheme × topology,
 * scheme × compressor, partition × model, schedule × model, budget × d.
 */
export function compositionProblems(s: Scenario): Problem[] {
  const problems: Problem[] = [];
  const d = configuredDim(s.model);
  const hasServer = s.network.topology !== 'ring';

  s.schemes.forEach((scheme, i) => {
    const at = `schemes[${i}]`;
    if (scheme.kind === 'parameter-server' && !hasServer) {
      problems.push(msg.serverOnRing(at));
    }
    if (scheme.kind !== 'parameter-server' && scheme.downlink !== undefined) {
      problems.push(msg.downlinkWithoutServer(at, scheme.kind));
    }
    if (scheme.kind === 'ring-allreduce' && (scheme.uplink.compressor.kind !== 'identity' || scheme.uplink.errorFeedback)) {
      problems.push(msg.compressedRing(at, scheme.uplink.compressor.kind, scheme.uplink.errorFeedback));
    }
    for (const dir of ['uplink', 'downlink'] as const) {
      const direction = scheme[dir];
      if (direction?.budget.kind === 'adaptopk' && !COMPRESSOR_TRAITS[direction.compressor.kind].adaptopk) {
        problems.push(msg.adaptopkCompressor(`${at}.${dir}.budget`, direction.compressor.kind, ADAPTOPK_COMPRESSORS));
      }
      if (direction?.budget.kind === 'adaptopk' && direction.budget.turningPoint === undefined && direction.budget.constants === undefined) {
        problems.push(msg.adaptopkTurningPoint(`${at}.${dir}.budget`));
      }
      if (direction?.budget.kind === 'adaptopk' && typeof s.training.learningRate === 'object' && s.training.learningRate.kind !== 'constant') {
        problems.push(msg.adaptopkStep(s.training.learningRate));
      }
    }
    if (scheme.kind === 'gtopk' && (scheme.uplink.compressor.kind !== 'topk' || scheme.uplink.errorFeedback)) {
      problems.push(msg.gtopkUplink(at, scheme.uplink.compressor.kind, scheme.uplink.errorFeedback));
    }
    if (scheme.warmupIterations !== undefined && scheme.kind !== 'gtopk') {
      problems.push(msg.warmupNotGtopk(at, scheme.warmupIterations, scheme.kind));
    }
    if (scheme.uplink.compressor.kind === 'regtopk' && !scheme.uplink.errorFeedback) {
      problems.push(msg.regtopkWithoutFeedback(at));
    }
    const down = scheme.downlink?.compressor;
    if (down?.kind === 'cat' && down.step === 'common') {
      problems.push(msg.commonStepDownlink(at));
    }
    if (scheme.downlink?.compressor.kind === 'regtopk') {
      problems.push(msg.regtopkDownlink(at));
    }
    for (const dir of ['uplink', 'downlink'] as const) {
      const kind = scheme[dir]?.compressor.kind;
      if (kind === undefined || !foldsStep(kind)) continue;
      const lr = s.training.learningRate;
      if (typeof lr !== 'object' || lr.kind !== 'one-over-l' || lr.multiple !== 1) {
        problems.push(msg.foldedStep(kind, lr));
      }
      if (!WITH_L.has(s.model.kind)) problems.push(msg.needsSmoothness(`${at}.${dir}.compressor.kind`, kind, s.model.kind));
      if (scheme.aggregation !== 'mean') problems.push(msg.catMean(at, scheme.aggregation));
    }
    for (const dir of ['uplink', 'downlink'] as const) {
      const c = scheme[dir]?.compressor;
      if (c !== undefined && 'k' in c && c.k !== undefined && d !== undefined && c.k > d) {
        problems.push(scenarioMessages.budgetTooLarge(`${at}.${dir}.compressor.k`, c.k, d));
      }
    }
  });

  const partition = s.workers.partition;
  if (partition?.kind === 'natural' && !HAS_NATURAL.has(s.model.kind)) {
    problems.push(msg.naturalPartition([...HAS_NATURAL], s.model.kind));
  }
  if ((partition?.kind === 'shards' || partition?.kind === 'dirichlet') && !HAS_LABELS.has(s.model.kind)) {
    problems.push(msg.labelPartition(partition.kind, s.model.kind));
  }
  const natural = naturalWorkers(s.model);
  if (natural !== undefined && (partition === undefined || partition.kind === 'natural') && s.workers.count !== natural) {
    problems.push(msg.naturalCount(natural, s.workers.count));
  }
  if (s.training.stop.targetAccuracy !== undefined && s.output.metrics !== undefined && !s.output.metrics.includes('accuracy')) {
    problems.push(msg.accuracyNotMeasured(s.output.metrics));
  }
  s.output.catCurveIterations?.forEach((t, i) => {
    if (t > s.training.iterations) {
      problems.push(msg.curveBeyondRun(`output.catCurveIterations[${i}]`, t, s.training.iterations));
    }
  });
  const lr = s.training.learningRate;
  if (typeof lr === 'object' && lr.kind === 'one-over-l' && !WITH_L.has(s.model.kind)) {
    problems.push(msg.oneOverLModel([...CONVEX], s.model.kind));
  }
  return problems;
}
