import { z } from 'zod';
import { MAGNITUDE_FAMILIES } from '../learn/workloads/gradients/magnitudes.js';
import { schemaMessages } from './messages.js';
import { count, nonNegative, positive, unit } from './schema-fields.js';

/** The model part of the scenario schema: trained models and workload profiles with their gradient sources. */

/** The TensorFlow.js models on MNIST. */
export const MNIST_MODELS = ['mnist-softmax', 'mnist-mlp', 'mnist-cnn'] as const;

/** Where a workload profile's gradients come from (see docs/gradients.md). */
const GradientSourceSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('synthetic').describe('Seeded heavy-tailed gradients, layer by layer, correlated in time and across workers (docs/gradients.md).'),
      family: z.enum(MAGNITUDE_FAMILIES).default('double-gamma').describe('Magnitude law of a coordinate: SIDCo’s fits to real DNN gradients (Abdelmoniem et al., MLSys 2021).'),
      gammaShape: unit('1', 'Shape α of double-gamma, in [0.05, 1] (1 is Laplace; smaller: heavier at 0).').min(0.05).max(1).default(0.4),
      paretoShape: unit('1', 'Shape ξ of double-gpareto, in (0, 1): tail P(|g| > x) ~ x^(−1/ξ).').gt(0).lt(1).default(0.25),
      rms: unit('1', 'Root mean square of a coordinate (gradient units): E‖g‖² = d·rms².').positive().default(1e-3),
      depthScaleRatio: unit('1', 'Scale of the last layer over the first (geometric in between; > 1: larger toward the output).').positive().default(1),
      layerScaleSpread: unit('1', 'Standard deviation of ln of each layer’s random scale factor.').nonnegative().default(0.5),
      temporalCorrelation: unit('1', 'ρ: AR(1) correlation of the shared component between consecutive iterations (a worker’s own lag-1 correlation is β·ρ).').min(0).max(1).default(0.9),
      workerCorrelation: unit('1', 'β: correlation between two workers’ gradients at the same iteration.').min(0).max(1).default(0.3),
      tableSize: z
        .number()
        .int()
        .min(2 ** 17)
        .max(2 ** 28)
        .refine((n) => (n & (n - 1)) === 0, { message: schemaMessages.powerOfTwo })
        .meta({ unit: '1' })
        .default(2 ** 22)
        .describe('Entries of each pre-drawn table (noise, persistent scales): a power of two in [2^17, 2^28], 4 bytes each.'),
    }),
    z.strictObject({
      kind: z.literal('recorded').describe('Gradients recorded from a real training run: .npy or .safetensors per (iteration, worker), layout in docs/gradients.md.'),
      dir: z.string().min(1).describe('The trace directory (relative to the scenario file).'),
      cycle: z.boolean().default(false).describe('Start over at the first recorded iteration after the last (false: a run longer than the trace is refused).'),
    }),
  ])
  .describe('Where a workload profile’s gradients come from.');

/** The fields of the sparse RCV1-like features (with `nonZeros`) both linear models share. */
const SPARSE_FEATURE_FIELDS = {
  nonZerosSpread: nonNegative('1', 'Sparse only: coefficient of variation of the non-zeros per sample (lognormal).').default(0.5),
  zipfExponent: z.number().gt(0).lte(2).meta({ unit: '1' }).default(1).describe('Sparse only: exponent of the power law of feature frequencies (RCV1 ≈ 1).'),
  trueDensity: z.number().gt(0).lte(1).meta({ unit: '1' }).default(0.1).describe('Sparse only: fraction of features with a non-zero true weight.'),
};

export const ModelSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('logistic-regression').describe('Binary logistic regression on seeded synthetic data.'),
      features: count('Feature dimension d.').default(2000),
      trainSamples: count('Training samples.').default(8000),
      testSamples: count('Held-out test samples.').default(2000),
      l2: nonNegative('1', 'L2 regularisation λ (loss adds λ/2‖w‖²).').default(1e-4),
      weightStd: positive('1', 'Std of the true logit x·w_true (features scaled by 1/√d); larger = less label noise.').default(4),
      density: z.number().gt(0).lte(1).meta({ unit: '1' }).default(1).describe('Fraction of non-zero features per sample (1: dense).'),
      nonZeros: count(
        'Sparse RCV1-like features (stored CSR, 8 bytes per non-zero): mean non-zeros per sample, Zipf-distributed feature frequencies, tf-idf rows of unit norm. Absent: dense features (with `density`).',
      ).optional(),
      ...SPARSE_FEATURE_FIELDS,
    }),
    z.strictObject({
      kind: z.literal('linear-regression').describe('Least squares on the RegTop-k paper §4.1 generator (one data set per worker), or on sparse RCV1-like features with `nonZeros`.'),
      features: count('Dimension J.').default(100),
      samplesPerWorker: count('Samples per worker D_n.').default(500),
      meanOfMeans: z.number().meta({ unit: '1' }).default(0).describe('U: mean of the workers’ means u_n (RegTop-k generator only).'),
      meanVariance: nonNegative('1', 'σ²: variance of u_n around U (RegTop-k generator only).').default(5),
      truthVariance: nonNegative('1', 'h²: variance of the ground truth t_n around u_n (RegTop-k generator only).').default(1),
      noiseVariance: nonNegative('1', 'ϵ: label-noise variance.').default(0.5),
      l2: nonNegative('1', 'L2 regularisation λ.').default(0),
      nonZeros: count(
        'Sparse RCV1-like features (stored CSR, 8 bytes per non-zero): mean non-zeros per sample, Zipf-distributed feature frequencies, tf-idf rows of unit norm; targets x·w_true + noise, one w_true for all workers. Absent: the RegTop-k dense generator.',
      ).optional(),
      ...SPARSE_FEATURE_FIELDS,
      weightStd: positive('1', 'Sparse only: standard deviation of x·w_true (the signal; noiseVariance is the noise).').default(1),
    }),
    z
      .strictObject({
        kind: z.literal('quadratic').describe('F(w) = mean over workers q of ½‖w − c_q·1‖² (bidirectional thesis §4.1).'),
        features: count('Dimension d.').default(100),
        levels: z.array(z.number()).min(1).meta({ unit: '1' }).default([1, 5, 10]).describe('c_q for each worker (one worker per level).'),
        initialPoint: z
          .union([z.number(), z.array(z.number()).min(1)])
          .meta({ unit: '1' })
          .default(0)
          .describe('w₀: a number c for c·1, or the whole vector (length d). The thesis prints “w₀ = 2⃗0”; 0 as read literally, 20 for 20·1 (the reading that gives its §4.2 norms).'),
      })
      .refine((m) => typeof m.initialPoint === 'number' || m.initialPoint.length === m.features, {
        message: schemaMessages.initialPoint,
        path: ['initialPoint'],
      }),
    z.strictObject({ kind: z.literal('two-point').describe('The two-point logistic toy of the RegTop-k paper §1.2 (2 workers).') }),
    z.strictObject({
      kind: z.enum(MNIST_MODELS).describe('A TensorFlow.js model on the 10,000 MNIST digits of the mnist package.'),
      trainSamples: count('Training digits (the rest, up to 10,000, are the test set).').default(8000),
      testSamples: count('Test digits.').default(2000),
      hidden: count('Hidden units of the MLP.').default(128),
      l2: nonNegative('1', 'L2 regularisation λ.').default(0),
    }),
    z
      .strictObject({
        kind: z
          .literal('profile')
          .describe(
            'A workload profile: a published architecture too large to train here, run at its true size with gradients from a gradient source; no loss is simulated (time, bytes, packets, energy and compression error are).',
          ),
        name: z
          .string()
          .optional()
          .describe(
            'A bundled profile (`gradwire presets --profiles` lists them): resnet20, resnet18, resnet50, vgg16 (CIFAR-10), vgg16-imagenet, lstm-ptb, bert-base, gpt2-small, gpt2-xl, gpt3-1.3b.',
          ),
        file: z.string().optional().describe('Your own profile table (YAML: name, source, layers with params and forwardFlops), relative to the scenario file.'),
        smoothness: positive('1', 'L assumed by step-size rules and CAT (a profile has no loss to estimate it from; Top-k’s choices do not depend on it).').default(1),
        gradients: GradientSourceSchema.prefault({ kind: 'synthetic' }),
      })
      .refine((m) => (m.name === undefined) !== (m.file === undefined), { message: schemaMessages.profileNameOrFile }),
  ])
  .describe('Model and data set, or a workload profile.');
