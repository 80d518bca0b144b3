import type { RandomStreams } from '../sim/index.js';
import { makeRegTopkLinear } from '../learn/data/linear-regression.js';
import { loadMnist } from '../learn/data/mnist.js';
import { makeSyntheticLogistic } from '../learn/data/synthetic-logistic.js';
import { makeSparseLinear } from '../learn/data/sparse-linear.js';
import { makeSparseLogistic } from '../learn/data/sparse-logistic.js';
import { makeTwoPointToy, twoPointToySettings } from '../learn/data/two-point-toy.js';
import { Cnn } from '../learn/models/cnn.js';
import { LinearRegression } from '../learn/models/linear.js';
import { LogisticRegression } from '../learn/models/logistic.js';
import { Mlp } from '../learn/models/mlp.js';
import type { Model } from '../learn/models/model.js';
import { makeThesisQuadratic } from '../learn/models/quadratic.js';
import { SoftmaxRegression } from '../learn/models/softmax.js';
import { classesFromSigns, partitionContiguous, partitionDirichlet, partitionIid, partitionShards } from '../learn/partition.js';
import type { Scenario } from '../scenario/schema.js';
import type { Workload } from '../learn/workloads/workload.js';
import { buildProfile } from './build-profile.js';

/** What step-size rules and CAT read of a model: its name and, where known, its smoothness L. */
export type TuningModel = Pick<Model, 'name' | 'smoothness'>;

/**
 * A workload profile as built for a run: nothing trained, its gradients from
 * a gradient source that each scheme gets fresh (same streams, so the same
 * gradients for every scheme).
 */
export interface BuiltProfile {
  readonly name: string;
  readonly dim: number;
  /** The profile's citation. */
  readonly source: string;
  /** A fresh workload over a fresh gradient source drawing from `streams`. */
  workload(streams: RandomStreams): Workload;
}

/** A model with its data split among the workers, or a workload profile. */
export interface BuiltModel {
  /** The model trained for real (absent for a workload profile: nothing is trained, no loss exists). */
  readonly model?: Model;
  /** The workload profile (absent for a trained model). */
  readonly profile?: BuiltProfile;
  /** What step-size rules and CAT read (the model itself when trained). */
  readonly tuning: TuningModel;
  /** d */
  readonly dim: number;
  /** Training-sample indices of each worker (none for a profile). */
  readonly parts: readonly Int32Array[];
  /** Class labels of the training samples, for label-skew partitions (classification models). */
  readonly labels?: Int32Array;
  /** The initial parameters every scheme starts from (the same for all). */
  readonly init: Float32Array;
}

/**
 * Build the scenario's model on its data set, and split the training samples:
 * the model's natural split (one part per worker) when it has one and no other
 * partition is asked for, else iid, label shards or Dirichlet label skew.
 * Every draw comes from a named stream of the scenario seed.
 */
export async function buildModel(s: Scenario, streams: RandomStreams): Promise<BuiltModel> {
  const m = s.model;
  const P = s.workers.count;
  let model: Model;
  let natural: readonly Int32Array[] | undefined;
  let labels: Int32Array | undefined;
  let init: Float32Array | undefined;
  switch (m.kind) {
    case 'profile':
      return buildProfile(s, m);
    case 'logistic-regression': {
      const sizes = { nTrain: m.trainSamples, nTest: m.testSamples, d: m.features, weightStd: m.weightStd };
      const data =
        m.nonZeros !== undefined
          ? makeSparseLogistic({ ...sizes, nonZeros: m.nonZeros, nonZerosSpread: m.nonZerosSpread, zipfExponent: m.zipfExponent, trueDensity: m.trueDensity }, streams.stream('data'))
          : makeSyntheticLogistic({ ...sizes, density: m.density }, streams.stream('data'));
      model = await LogisticRegression.create(data, { l2: m.l2 });
      labels = classesFromSigns(data.yTrain);
      break;
    }
    case 'two-point': {
      const settings = twoPointToySettings();
      const data = makeTwoPointToy();
      model = await LogisticRegression.create(data, { init: settings.init });
      labels = classesFromSigns(data.yTrain);
      natural = settings.parts;
      init = settings.init;
      break;
    }
    case 'linear-regression': {
      if (m.nonZeros !== undefined) {
        const n = P * m.samplesPerWorker;
        const data = makeSparseLinear(
          {
            nTrain: n,
            d: m.features,
            nonZeros: m.nonZeros,
            nonZerosSpread: m.nonZerosSpread,
            zipfExponent: m.zipfExponent,
            trueDensity: m.trueDensity,
            weightStd: m.weightStd,
            noiseVariance: m.noiseVariance,
          },
          streams.stream('data'),
        );
        model = await LinearRegression.create(data, { l2: m.l2 });
        natural = partitionContiguous(Array.from({ length: P }, () => m.samplesPerWorker));
        break;
      }
      const data = makeRegTopkLinear(
        {
          workers: P,
          samplesPerWorker: m.samplesPerWorker,
          d: m.features,
          meanOfMeans: m.meanOfMeans,
          meanVariance: m.meanVariance,
          truthVariance: m.truthVariance,
          noiseVariance: m.noiseVariance,
        },
        streams.stream('data'),
      );
      model = await LinearRegression.create(data, { l2: m.l2 });
      natural = data.parts;
      break;
    }
    case 'quadratic': {
      const q = makeThesisQuadratic({ d: m.features, levels: m.levels, initialPoint: m.initialPoint });
      model = q;
      natural = q.parts;
      break;
    }
    case 'mnist-softmax':
    case 'mnist-mlp':
    case 'mnist-cnn': {
      const data = loadMnist(streams.stream('data'), { trainSamples: m.trainSamples, testSamples: m.testSamples });
      const options = { l2: m.l2 };
      model =
        m.kind === 'mnist-softmax'
          ? await SoftmaxRegression.create(data, options)
          : m.kind === 'mnist-mlp'
            ? await Mlp.create(data, { ...options, hidden: m.hidden })
            : await Cnn.create(data, options);
      labels = data.yTrain;
      break;
    }
  }
  const partition = s.workers.partition ?? (natural !== undefined ? { kind: 'natural' as const } : { kind: 'iid' as const });
  const stream = streams.stream('partition');
  let parts: readonly Int32Array[];
  switch (partition.kind) {
    case 'natural':
      parts = natural!;
      break;
    case 'iid':
      parts = partitionIid(model.nTrain, P, stream);
      break;
    case 'shards':
      parts = partitionShards(labels!, P, partition.shardsPerWorker, stream);
      break;
    case 'dirichlet':
      // every worker holds at least one batch (the scenario layer checks P × batch ≤ samples)
      parts = partitionDirichlet(labels!, P, partition.alpha, stream, { minPerWorker: s.workers.batchSize === 'full' ? 1 : s.workers.batchSize });
      break;
  }
  return { model, tuning: model, dim: model.dim, parts, ...(labels ? { labels } : {}), init: init ?? model.init(streams.stream('init')) };
}
