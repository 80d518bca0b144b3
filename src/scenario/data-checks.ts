import type { Scenario } from './schema.js';
import { checkMessages as msg, type Problem } from './messages.js';
import { MNIST_MODELS } from './schema-model.js';

/** The MNIST digits the `mnist` package ships. */
const MNIST_DIGITS = 10_000;

type Model = Scenario['model'];
const isMnist = (m: Model): m is Extract<Model, { kind: (typeof MNIST_MODELS)[number] }> => (MNIST_MODELS as readonly string[]).includes(m.kind);

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
  if (isMnist(m) && m.trainSamples + m.testSamples > MNIST_DIGITS) {
    problems.push(msg.mnistDigits(m.trainSamples, m.testSamples, MNIST_DIGITS));
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
      if (P > n) problems.push(msg.iidTooManyWorkers(n, P, sampleField));
      break;
    case 'shards': {
      const per = s.workers.partition?.kind === 'shards' ? s.workers.partition.shardsPerWorker : 1;
      smallest = per * Math.floor(n / (P * per));
      if (P * per > n) problems.push(msg.tooManyShards(n, P, per, sampleField));
      break;
    }
    case 'dirichlet': {
      // the partition tops every worker up to one batch (partitionDirichlet's minPerWorker)
      const batch = s.workers.batchSize === 'full' ? 1 : s.workers.batchSize;
      smallest = batch;
      if (P * batch > n) problems.push(msg.dirichletTooManyWorkers(n, P, batch, sampleField));
      break;
    }
  }
  const batch = s.workers.batchSize;
  if (problems.length === 0 && batch !== 'full' && batch > smallest) {
    problems.push(msg.batchAboveShare(smallest, n, partition, P, batch, sampleField));
  }
  return problems;
}
