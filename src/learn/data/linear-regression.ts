import type { RandomStream } from '../../sim/random.js';
import * as msg from '../messages.js';
import { partitionContiguous } from '../partition.js';
import type { RegressionDataset } from './dataset.js';

/**
 * Parameters of the RegTop-k linear-regression generator (Bereyhi, Liang,
 * Boudreau, Afana, "Novel gradient sparsification algorithm via Bayesian
 * inference", 2024, §4.1). Every default is the paper's value.
 */
export interface RegTopkLinearOptions {
  /** Workers N (positive integer). Default 20. */
  readonly workers?: number;
  /** Data points per worker D_n (positive integer). Default 500. */
  readonly samplesPerWorker?: number;
  /** Dimension J of inputs and model (positive integer). Default 100. */
  readonly d?: number;
  /** U: mean of the workers' means u_n (finite). Default 0. */
  readonly meanOfMeans?: number;
  /** σ²: variance of the workers' means u_n around U (≥ 0). Default 5. */
  readonly meanVariance?: number;
  /** h²: variance of each ground-truth entry t_n[j] around u_n (≥ 0). Default 1. */
  readonly truthVariance?: number;
  /** ϵ: variance of the label noise ε_{n,i} (≥ 0; the paper calls it ϵ and gives a variance). Default 0.5. */
  readonly noiseVariance?: number;
  /**
   * How u_n is drawn. `'scalar'` (default, the paper's notation: u_n is not
   * bold, so one number per worker, shared by all J entries of t_n) or
   * `'vector'` (u_n ∈ R^J with i.i.d. N(U, σ²) entries — the other reading of
   * "sampled from a Gaussian process").
   */
  readonly workerMean?: 'scalar' | 'vector';
}

/** The generated data together with the quantities that generated it. */
export interface RegTopkLinearDataset extends RegressionDataset {
  /** Number of workers N. */
  readonly workers: number;
  /** The natural partition: worker n holds samples [n·D, (n+1)·D). */
  readonly parts: readonly Int32Array[];
  /** Worker means u_n: N numbers (`'scalar'`) or N·J, row n = worker n (`'vector'`). */
  readonly workerMeans: Float64Array;
  /** Ground-truth models t_n, one Float32Array of length J per worker (diagnostics). */
  readonly truths: readonly Float32Array[];
}

/**
 * Seeded synthetic least-squares data, RegTop-k paper §4.1 ("Synthetic
 * Dataset Generation"), generated independently per worker:
 *
 * - u_n ~ N(U, σ²)                          (worker n's mean; see `workerMean`)
 * - t_n[j] ~ N(u_n, h²), j = 1…J, i.i.d.     (worker n's ground-truth model)
 * - x_{n,i} ~ N(0, I_J), i = 1…D_n           ("i.i.d. zero-mean and unit-variance")
 * - y_{n,i} = x_{n,i}ᵀ t_n + ε_{n,i},  ε_{n,i} ~ N(0, ϵ)   (ϵ is a variance)
 *
 * Paper constants (the defaults): N = 20 workers, D_n = 500, J = 100, U = 0,
 * σ² = 5, h² = 1, ϵ = 0.5; it trains with full-batch gradient descent on the
 * arithmetic mean of the workers' least-squares losses (ω_n = 1/N), η = 10⁻²,
 * and reports ‖w_t − w*‖.
 *
 * Samples are stored worker by worker (worker n's at [n·D, (n+1)·D), see
 * `parts`). Draw order from `stream`, worker by worker: u_n (1 draw, or J for
 * `'vector'`), t_n (J), then per sample its J features and its noise.
 * The stream is advanced, not copied.
 */
export function makeRegTopkLinear(options: RegTopkLinearOptions, stream: RandomStream): RegTopkLinearDataset {
  const { workers = 20, samplesPerWorker = 500, d = 100, meanOfMeans = 0, meanVariance = 5, truthVariance = 1, noiseVariance = 0.5, workerMean = 'scalar' } = options;
  for (const [name, value] of [
    ['workers', workers],
    ['samplesPerWorker', samplesPerWorker],
    ['d', d],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(msg.notPositiveInteger(name, value));
  }
  if (!Number.isFinite(meanOfMeans)) throw new RangeError(msg.notFinite('meanOfMeans', meanOfMeans));
  for (const [name, value] of [
    ['meanVariance', meanVariance],
    ['truthVariance', truthVariance],
    ['noiseVariance', noiseVariance],
  ] as const) {
    if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(msg.notNonNegative(name, value));
  }
  if (workerMean !== 'scalar' && workerMean !== 'vector') throw new RangeError(msg.unknownOption('workerMean', String(workerMean), ['scalar', 'vector']));

  const meanStd = Math.sqrt(meanVariance);
  const truthStd = Math.sqrt(truthVariance);
  const noiseStd = Math.sqrt(noiseVariance);
  const nTrain = workers * samplesPerWorker;
  const xTrain = new Float32Array(nTrain * d);
  const yTrain = new Float32Array(nTrain);
  const meansPerWorker = workerMean === 'scalar' ? 1 : d;
  const workerMeans = new Float64Array(workers * meansPerWorker);
  const truths: Float32Array[] = [];
  for (let n = 0; n < workers; n++) {
    for (let m = 0; m < meansPerWorker; m++) workerMeans[n * meansPerWorker + m] = stream.normal(meanOfMeans, meanStd);
    const t = new Float32Array(d);
    for (let j = 0; j < d; j++) {
      const u = workerMeans[n * meansPerWorker + (meansPerWorker === 1 ? 0 : j)] as number;
      t[j] = stream.normal(u, truthStd);
    }
    truths.push(t);
    for (let i = n * samplesPerWorker; i < (n + 1) * samplesPerWorker; i++) {
      const row = i * d;
      let y = 0;
      for (let j = 0; j < d; j++) {
        const v = Math.fround(stream.normal());
        xTrain[row + j] = v;
        y += v * (t[j] as number);
      }
      yTrain[i] = y + stream.normal(0, noiseStd);
    }
  }
  return {
    nTrain,
    d,
    xTrain,
    yTrain,
    workers,
    parts: partitionContiguous(Array.from({ length: workers }, () => samplesPerWorker)),
    workerMeans,
    truths,
  };
}
