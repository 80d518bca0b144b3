import type { Scenario } from './schema.js';
import type { Problem } from './messages.js';

/** The MNIST digits the `mnist` package ships. */
const MNIST_DIGITS = 10_000;

type Model = Scenario['model'];

/** Training samples of a trained model, from its configuration (undefined: a workload profile). */
function trainSamples(m: Model, workers: number): number | undefined {
  switch (m.kind) {
    case 'logistic-regression':
    case 'mnist-softmax':
    case 'mnist-mlp':
    case 'mnist-cnn':
      return m.trainSamples;
    case 'linear-regression':
      return workers * m.samplesPerWorker;
    case 'quadratic':
      return m.levels.length;
    case 'two-point':
      return 2;
    case 'profile':
      return undefined;
  }
}

/** Samples per worker of a model's natural split. */
function naturalPart(m: Model): number {
  return m.kind === 'linear-regression' ? m.samplesPerWorker : 1;
}

/**
 * Cross-field checks of the data against the workers, made before anything
 * runs (so `validate` refuses what the partition or the batch sampler would
 * refuse later): enough samples for every worker under the partition, a batch
 * no larger than the smallest worker's share, MNIST sizes within its digits.
 */
export function dataProblems(s: Scenario): Problem[] {
  const m = s.model;
  const P = s.workers.count;
  const n = trainSamples(m, P);
  if (n === undefined) return [];
  const problems: Problem[] = [];
  if ((m.kind === 'mnist-softmax' || m.kind === 'mnist-mlp' || m.kind === 'mnist-cnn') && m.trainSamples + m.testSamples > MNIST_DIGITS) {
    problems.push({ path: 'model.trainSamples', expected: `trainSamples + testSamples ≤ ${MNIST_DIGITS} (the digits the mnist package ships)`, given: `${m.trainSamples} + ${m.testSamples}` });
  }
  const sampleField = m.kind === 'linear-regression' ? 'model.samplesPerWorker' : 'model.trainSamples';
  const partition = s.workers.partition?.kind ?? (m.kind === 'linear-regression' || m.kind === 'quadratic' || m.kind === 'two-point' ? 'natural' : 'iid');
  // the smallest worker's share under the partition, or a problem when some worker would get none
  let smallest: number;
  switch (partition) {
    case 'natural':
      smallest = naturalPart(m);
      break;
    case 'iid':
      smallest = Math.floor(n / P);
      if (P > n) problems.push({ path: 'workers.count', expected: `at most the ${n} training samples (an iid split gives every worker at least one)`, given: String(P), hint: `fewer workers, or more samples (${sampleField})` });
      break;
    case 'shards': {
      const per = s.workers.partition?.kind === 'shards' ? s.workers.partition.shardsPerWorker : 1;
      smallest = per * Math.floor(n / (P * per));
      if (P * per > n) problems.push({ path: 'workers.partition.shardsPerWorker', expected: `workers.count × shardsPerWorker ≤ the ${n} training samples`, given: `${P} × ${per} = ${P * per}`, hint: `fewer workers or shards, or more samples (${sampleField})` });
      break;
    }
    case 'dirichlet': {
      // the partition tops every worker up to one batch (partitionDirichlet's minPerWorker)
      const batch = s.workers.batchSize === 'full' ? 1 : s.workers.batchSize;
      smallest = batch;
      if (P * batch > n) problems.push({ path: 'workers.count', expected: `workers.count × batch size ≤ the ${n} training samples (a Dirichlet split gives every worker at least one batch)`, given: `${P} × ${batch} = ${P * batch}`, hint: `fewer workers, a smaller batch, or more samples (${sampleField})` });
      break;
    }
  }
  const batch = s.workers.batchSize;
  if (problems.length === 0 && batch !== 'full' && batch > smallest) {
    problems.push({ path: 'workers.batchSize', expected: `at most ${smallest}, the smallest worker’s share of the ${n} training samples (${partition} split over ${P} workers)`, given: String(batch), hint: `a smaller batch, fewer workers, or more samples (${sampleField}); "full" takes each worker’s whole share` });
  }
  return problems;
}
