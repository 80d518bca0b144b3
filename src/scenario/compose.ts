import type { Scenario } from './schema.js';
import type { Problem } from './messages.js';
import { scenarioMessages } from './messages.js';
import { MNIST_MODELS } from './schema-model.js';

/** Parameter count d of a scenario's model when it follows from the configuration alone (undefined otherwise). */
export function modelDim(model: Scenario['model']): number | undefined {
  switch (model.kind) {
    case 'logistic-regression':
    case 'linear-regression':
    case 'quadratic':
      return model.features;
    case 'two-point':
      return 2;
    case 'mnist-softmax':
      return 784 * 10 + 10;
    case 'mnist-mlp':
      return 784 * model.hidden + model.hidden + model.hidden * 10 + 10;
    default:
      return undefined;
  }
}

/** Workers a model's natural split has (undefined: any number). */
export function naturalWorkers(model: Scenario['model']): number | undefined {
  if (model.kind === 'quadratic') return model.levels.length;
  if (model.kind === 'two-point') return 2;
  return undefined;
}

const HAS_NATURAL = new Set(['quadratic', 'linear-regression', 'two-point']);
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
  const bad = (path: string, expected: string, given: string, hint?: string) => problems.push({ path, expected, given, hint });
  const d = modelDim(s.model);
  const hasServer = s.network.topology !== 'ring';

  s.schemes.forEach((scheme, i) => {
    const at = `schemes[${i}]`;
    if (scheme.kind === 'parameter-server' && !hasServer) {
      bad(`${at}.kind`, 'a scheme without a server on a ring topology (allgather or ring-allreduce)', `"parameter-server" on topology "ring"`,
        'a ring has no parameter server; pick network.topology parameter-server-star, switch or tree');
    }
    if (scheme.kind !== 'parameter-server' && scheme.downlink !== undefined) {
      bad(`${at}.downlink`, 'no downlink block', `a downlink for "${scheme.kind}"`, 'decentralized schemes have no server and so no downlink');
    }
    if (scheme.kind === 'ring-allreduce' && (scheme.uplink.compressor.kind !== 'identity' || scheme.uplink.errorFeedback)) {
      bad(`${at}.uplink`, 'the identity compressor without error feedback', `compressor "${scheme.uplink.compressor.kind}"${scheme.uplink.errorFeedback ? ' with error feedback' : ''}`,
        'ring all-reduce sums dense chunks along the ring; compressed messages cannot be reduced chunk by chunk — use kind allgather for sparse messages');
    }
    for (const dir of ['uplink', 'downlink'] as const) {
      const direction = scheme[dir];
      if (direction?.budget.kind === 'adaptopk' && !['topk', 'randk', 'topk-sign', 'regtopk'].includes(direction.compressor.kind)) {
        bad(`${at}.${dir}.budget`, 'a fixed budget for this compressor', `adaptopk with "${direction.compressor.kind}"`, 'AdapTop-K schedules the k of a budgeted sparsifier (topk, randk, topk-sign, regtopk)');
      }
      if (direction?.budget.kind === 'adaptopk' && direction.budget.turningPoint === undefined && direction.budget.constants === undefined) {
        bad(`${at}.${dir}.budget`, 'turningPoint or constants {alpha, beta, B}', 'neither', 'Lemma 3 needs the turning point or its constants');
      }
      if (direction?.budget.kind === 'adaptopk' && typeof s.training.learningRate === 'object' && s.training.learningRate.kind !== 'constant') {
        bad('training.learningRate', 'a constant step with AdapTop-K (its Theorem 1 assumes one)', JSON.stringify(s.training.learningRate));
      }
    }
    if (scheme.kind === 'gtopk' && (scheme.uplink.compressor.kind !== 'topk' || scheme.uplink.errorFeedback)) {
      bad(`${at}.uplink`, 'a topk compressor without errorFeedback', `compressor "${scheme.uplink.compressor.kind}"${scheme.uplink.errorFeedback ? ' with error feedback' : ''}`,
        'gTop-k merges top-k selections along the tree and keeps its own residual per worker (the gMask rule, eq. 7); a second error-feedback memory would count the residual twice');
    }
    if (scheme.warmupIterations !== undefined && scheme.kind !== 'gtopk') {
      bad(`${at}.warmupIterations`, 'no warmupIterations (it belongs to kind gtopk)', `${scheme.warmupIterations} for "${scheme.kind}"`,
        scheme.kind === 'ring-allreduce'
          ? 'ring all-reduce is dense at every iteration already'
          : 'the dense warmup is gTop-k’s (Shi et al. 2019 §5.1); to compare with a dense start, run a ring-allreduce scheme alongside');
    }
    if (scheme.uplink.compressor.kind === 'regtopk' && !scheme.uplink.errorFeedback) {
      bad(`${at}.uplink.errorFeedback`, 'true with regtopk', 'false', 'RegTop-k (Algorithm 1, lines 4 and 8) accumulates what was not sent: it is defined with error feedback');
    }
    const down = scheme.downlink?.compressor;
    if (down?.kind === 'cat' && down.step === 'common') {
      bad(`${at}.downlink.compressor.step`, '"per-worker" on the downlink', '"common"', 'CAT App. G’s common step scales the mean of the workers’ messages; the server’s broadcast is one message, with nothing to combine');
    }
    if (scheme.downlink?.compressor.kind === 'regtopk') {
      bad(`${at}.downlink.compressor.kind`, 'a compressor other than regtopk on the downlink', '"regtopk"', 'RegTop-k’s posterior needs the aggregate of the other workers; the server has no such aggregate to compare with');
    }
    for (const dir of ['uplink', 'downlink'] as const) {
      const kind = scheme[dir]?.compressor.kind;
      if (kind !== 'cat' && kind !== 'alistarh') continue;
      const lr = s.training.learningRate;
      if (typeof lr !== 'object' || lr.kind !== 'one-over-l' || lr.multiple !== 1) {
        bad('training.learningRate', '{ kind: one-over-l } (multiple 1)', JSON.stringify(lr),
          `${kind === 'cat' ? 'CAT' : 'Alistarh’s rule'} folds its step γ(T) into the message values as γ(T)·L, so the scheme must step by exactly 1/L`);
      }
      if (!WITH_L.has(s.model.kind)) bad(`${at}.${dir}.compressor.kind`, 'a convex model with a smoothness estimate L, or a workload profile (model.smoothness)', `"${kind}" for "${s.model.kind}"`);
      if (scheme.aggregation !== 'mean') bad(`${at}.aggregation`, '"mean" with CAT (w ← w − (1/n)Σ γ_i Q_i)', `"${scheme.aggregation}"`);
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
    bad('workers.partition.kind', `"natural" only for ${[...HAS_NATURAL].join(', ')}`, `"natural" for model "${s.model.kind}"`, 'use iid, shards or dirichlet');
  }
  if ((partition?.kind === 'shards' || partition?.kind === 'dirichlet') && !HAS_LABELS.has(s.model.kind)) {
    bad('workers.partition.kind', 'a partition that needs no class labels (iid or natural)', `"${partition.kind}" for model "${s.model.kind}"`, 'label-skew partitions need a classification model');
  }
  const natural = naturalWorkers(s.model);
  if (natural !== undefined && (partition === undefined || partition.kind === 'natural') && s.workers.count !== natural) {
    bad('workers.count', `${natural} (one worker per part of the model’s natural split)`, String(s.workers.count));
  }
  if (s.training.stop.targetAccuracy !== undefined && s.output.metrics !== undefined && !s.output.metrics.includes('accuracy')) {
    bad('output.metrics', 'a list with "accuracy"', JSON.stringify(s.output.metrics), 'training.stop.targetAccuracy needs the test accuracy measured');
  }
  s.output.catCurveIterations?.forEach((t, i) => {
    if (t > s.training.iterations) {
      bad(`output.catCurveIterations[${i}]`, `an iteration ≤ training.iterations (${s.training.iterations})`, String(t), 'a run never reaches it, so cat.csv would have no curve for it');
    }
  });
  const lr = s.training.learningRate;
  if (typeof lr === 'object' && lr.kind === 'one-over-l' && !WITH_L.has(s.model.kind)) {
    bad('training.learningRate.kind', `"one-over-l" only for convex models (${[...CONVEX].join(', ')}) and workload profiles`, `"one-over-l" for "${s.model.kind}"`, 'give a number or a schedule');
  }
  return problems;
}
