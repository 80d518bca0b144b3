import { z } from 'zod';
import { SweepSchema } from './sweep-schema.js';

/**
 * The scenario schema: each parameter declared once (name, unit, default,
 * constraint, doc); validation, defaults and the resolved scenario come from it.
 */

const positive = (unit: string, doc: string) => z.number().positive().meta({ unit }).describe(doc);
const nonNegative = (unit: string, doc: string) => z.number().nonnegative().meta({ unit }).describe(doc);
const count = (doc: string) => z.number().int().positive().describe(doc);

/** Link parameters: a preset, with any of its fields overridden by dotted path. */
const LinkSchema = z
  .strictObject({
    preset: z.string().default('ethernet-1g-udp').describe('Link preset name (see `gradwire presets`).'),
    set: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('Preset fields to override, by dotted path, e.g. `bandwidthBps: 1e8` or `arq.packetErrorRate: 0.01` (see `gradwire presets --describe NAME`).'),
  })
  .describe('A link: preset plus overrides.');

const WorkerGroupSchema = LinkSchema.extend({
  count: count('Workers in this group (groups are assigned to workers in order).'),
}).describe('A group of workers sharing one link configuration.');

const NetworkSchema = z
  .strictObject({
    topology: z
      .enum(['parameter-server-star', 'switch', 'ring', 'tree'])
      .default('parameter-server-star')
      .describe(
        'Topology: star (workers and server on one switch, the server link the bottleneck); switch (non-blocking, server attached); ring (workers only); tree (workers → edge switches → core → server).',
      ),
    treeGroupSize: count('Tree only: workers per edge switch.').default(4),
    fidelity: z
      .enum(['auto', 'packet', 'message', 'flow'])
      .default('auto')
      .describe('Network fidelity: auto picks the fastest that is exact for the links present (message on lossless FIFO links, else packet).'),
    flow: z
      .strictObject({
        pipeline: z.enum(['packet', 'fluid']).default('packet').describe('Flow fidelity only: packet (a message pays one packet’s store-and-forward per extra hop) or fluid (latency, then the max-min drain, no tail: SimGrid’s CM02 with cross-traffic off).'),
      })
      .prefault({})
      .describe('Flow fidelity options.'),
    workerLink: LinkSchema.prefault({}).describe('Each worker’s link to the switch (unless workerGroups is given).'),
    workerGroups: z
      .array(WorkerGroupSchema)
      .optional()
      .describe('Heterogeneous workers: groups of workers with their own links; the counts must add up to workers.count.'),
    serverLink: LinkSchema.prefault({}).describe('The server’s link to the switch (its rate is the server NIC capacity).'),
  })
  .describe('The network.');

const PartitionSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('iid').describe('Seeded shuffle, split evenly.') }),
    z.strictObject({
      kind: z.literal('shards').describe('Sort by label, cut into P·s shards, s random shards per worker (McMahan et al. 2017).'),
      shardsPerWorker: count('Shards per worker s.').default(2),
    }),
    z.strictObject({
      kind: z.literal('dirichlet').describe('Label skew: per class, proportions over workers ~ Dirichlet(α).'),
      alpha: positive('1', 'Concentration α (small: skewed; large: near iid).'),
    }),
    z.strictObject({ kind: z.literal('natural').describe('The data set’s own per-worker split (quadratic, linear regression, two-point toy).') }),
  ])
  .describe('How training samples are split among workers (default: the model’s natural split if it has one, else iid).');

const HeterogeneitySchema = z
  .strictObject({
    jitterSigma: nonNegative('1', 'σ of a mean-1 lognormal multiplier on every step’s compute time.').default(0),
    stragglerProbability: z.number().min(0).max(1).default(0).describe('Probability that a step straggles.'),
    stragglerSlowdown: z.number().min(1).default(1).describe('Compute-time factor of a straggling step.'),
  })
  .describe('Compute heterogeneity across workers and steps (seeded per worker).');

const WorkersSchema = z
  .strictObject({
    count: count('Number of workers.').default(8),
    device: z.string().default('server-cpu').describe('Compute device preset of every worker (see `gradwire presets`).'),
    batchSize: z
      .union([count('Mini-batch size per worker per iteration.'), z.literal('full')])
      .default(32)
      .describe('Mini-batch size per worker per iteration, or "full" for the worker’s whole shard (full-batch gradient).'),
    partition: PartitionSchema.optional(),
    heterogeneity: HeterogeneitySchema.prefault({}),
    distinctGradients: count(
      'Workload profiles only: workers whose gradient numerics are computed (R ≤ count). Worker i sends what worker i mod R computed — same message, own compute time and traffic — so per-worker state (error feedback, residuals) is kept R times, not count times. Absent: every worker its own.',
    ).optional(),
  })
  .describe('The workers.');

const ServerSchema = z
  .strictObject({
    device: z.string().default('server-cpu').describe('Compute device preset of the parameter server.'),
  })
  .describe('The parameter server.');

const unit = (u: string, doc: string) => z.number().meta({ unit: u }).describe(doc);

/** Where a workload profile's gradients come from (see docs/gradients.md). */
const GradientSourceSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('synthetic').describe('Seeded heavy-tailed gradients, layer by layer, correlated in time and across workers (docs/gradients.md).'),
      family: z.enum(['double-gamma', 'laplace', 'double-gpareto']).default('double-gamma').describe('Magnitude law of a coordinate: SIDCo’s fits to real DNN gradients (Abdelmoniem et al., MLSys 2021).'),
      gammaShape: unit('1', 'Shape α of double-gamma, in [0.05, 1] (1 is Laplace; smaller: heavier at 0).').min(0.05).max(1).default(0.4),
      paretoShape: unit('1', 'Shape ξ of double-gpareto, in (0, 1): tail P(|g| > x) ~ x^(−1/ξ).').gt(0).lt(1).default(0.25),
      rms: unit('1', 'Root mean square of a coordinate (gradient units): E‖g‖² = d·rms².').positive().default(1e-3),
      depthScaleRatio: unit('1', 'Scale of the last layer over the first (geometric in between; > 1: larger toward the output).').positive().default(1),
      layerScaleSpread: unit('1', 'Standard deviation of ln of each layer’s random scale factor.').nonnegative().default(0.5),
      temporalCorrelation: unit('1', 'ρ: AR(1) correlation of the shared component between consecutive iterations (a worker’s own lag-1 correlation is β·ρ).').min(0).max(1).default(0.9),
      workerCorrelation: unit('1', 'β: correlation between two workers’ gradients at the same iteration.').min(0).max(1).default(0.3),
      tableSize: z.number().int().min(2 ** 17).max(2 ** 28).refine((n) => (n & (n - 1)) === 0, { message: 'a power of two' }).default(2 ** 22).describe('Entries of each pre-drawn table (noise, persistent scales): a power of two in [2^17, 2^28], 4 bytes each.'),
    }),
    z.strictObject({
      kind: z.literal('recorded').describe('Gradients recorded from a real training run: .npy or .safetensors per (iteration, worker), layout in docs/gradients.md.'),
      dir: z.string().min(1).describe('The trace directory (relative to the scenario file).'),
      cycle: z.boolean().default(false).describe('Start over at the first recorded iteration after the last (false: a run longer than the trace is refused).'),
    }),
  ])
  .describe('Where a workload profile’s gradients come from.');

const ModelSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('logistic-regression').describe('Binary logistic regression on seeded synthetic data.'),
      features: count('Feature dimension d.').default(2000),
      trainSamples: count('Training samples.').default(8000),
      testSamples: count('Held-out test samples.').default(2000),
      l2: nonNegative('1', 'L2 regularisation λ (loss adds λ/2‖w‖²).').default(1e-4),
      weightStd: positive('1', 'Std of the true logit x·w_true (features scaled by 1/√d); larger = less label noise.').default(4),
      density: z.number().gt(0).lte(1).default(1).describe('Fraction of non-zero features per sample (1: dense).'),
      nonZeros: count('Sparse RCV1-like features (stored CSR, 8 bytes per non-zero): mean non-zeros per sample, Zipf-distributed feature frequencies, tf-idf rows of unit norm. Absent: dense features (with `density`).').optional(),
      nonZerosSpread: nonNegative('1', 'Sparse only: coefficient of variation of the non-zeros per sample (lognormal).').default(0.5),
      zipfExponent: z.number().gt(0).lte(2).default(1).describe('Sparse only: exponent of the power law of feature frequencies (RCV1 ≈ 1).'),
      trueDensity: z.number().gt(0).lte(1).default(0.1).describe('Sparse only: fraction of features with a non-zero true weight.'),
    }),
    z.strictObject({
      kind: z.literal('linear-regression').describe('Least squares on the RegTop-k paper §4.1 generator (one data set per worker), or on sparse RCV1-like features with `nonZeros`.'),
      features: count('Dimension J.').default(100),
      samplesPerWorker: count('Samples per worker D_n.').default(500),
      meanOfMeans: z.number().default(0).describe('U: mean of the workers’ means u_n (RegTop-k generator only).'),
      meanVariance: nonNegative('1', 'σ²: variance of u_n around U (RegTop-k generator only).').default(5),
      truthVariance: nonNegative('1', 'h²: variance of the ground truth t_n around u_n (RegTop-k generator only).').default(1),
      noiseVariance: nonNegative('1', 'ϵ: label-noise variance.').default(0.5),
      l2: nonNegative('1', 'L2 regularisation λ.').default(0),
      nonZeros: count('Sparse RCV1-like features (stored CSR, 8 bytes per non-zero): mean non-zeros per sample, Zipf-distributed feature frequencies, tf-idf rows of unit norm; targets x·w_true + noise, one w_true for all workers. Absent: the RegTop-k dense generator.').optional(),
      nonZerosSpread: nonNegative('1', 'Sparse only: coefficient of variation of the non-zeros per sample (lognormal).').default(0.5),
      zipfExponent: z.number().gt(0).lte(2).default(1).describe('Sparse only: exponent of the power law of feature frequencies (RCV1 ≈ 1).'),
      trueDensity: z.number().gt(0).lte(1).default(0.1).describe('Sparse only: fraction of features with a non-zero true weight.'),
      weightStd: positive('1', 'Sparse only: standard deviation of x·w_true (the signal; noiseVariance is the noise).').default(1),
    }),
    z
      .strictObject({
        kind: z.literal('quadratic').describe('F(w) = mean over workers q of ½‖w − c_q·1‖² (bidirectional thesis §4.1).'),
        features: count('Dimension d.').default(100),
        levels: z.array(z.number()).min(1).default([1, 5, 10]).describe('c_q for each worker (one worker per level).'),
        initialPoint: z
          .union([z.number(), z.array(z.number()).min(1)])
          .default(0)
          .describe('w₀: a number c for c·1, or the whole vector (length d). The thesis prints “w₀ = 2⃗0”; 0 as read literally, 20 for 20·1 (the reading that gives its §4.2 norms).'),
      })
      .refine((m) => typeof m.initialPoint === 'number' || m.initialPoint.length === m.features, {
        message: 'a number, or a list with one entry per feature (model.features)',
        path: ['initialPoint'],
      }),
    z.strictObject({ kind: z.literal('two-point').describe('The two-point logistic toy of the RegTop-k paper §1.2 (2 workers).') }),
    z.strictObject({
      kind: z.enum(['mnist-softmax', 'mnist-mlp', 'mnist-cnn']).describe('A TensorFlow.js model on the 10,000 MNIST digits of the mnist package.'),
      trainSamples: count('Training digits (the rest, up to 10,000, are the test set).').default(8000),
      testSamples: count('Test digits.').default(2000),
      hidden: count('Hidden units of the MLP.').default(128),
      l2: nonNegative('1', 'L2 regularisation λ.').default(0),
    }),
    z
      .strictObject({
        kind: z.literal('profile').describe('A workload profile: a published architecture too large to train here, run at its true size with gradients from a gradient source; no loss is simulated (time, bytes, packets, energy and compression error are).'),
        name: z.string().optional().describe('A bundled profile (`gradwire presets --profiles` lists them): resnet20, resnet18, resnet50, vgg16 (CIFAR-10), vgg16-imagenet, lstm-ptb, bert-base, gpt2-small, gpt2-xl, gpt3-1.3b.'),
        file: z.string().optional().describe('Your own profile table (YAML: name, source, layers with params and forwardFlops), relative to the scenario file.'),
        smoothness: positive('1', 'L assumed by step-size rules and CAT (a profile has no loss to estimate it from; Top-k’s choices do not depend on it).').default(1),
        gradients: GradientSourceSchema.prefault({ kind: 'synthetic' }),
      })
      .refine((m) => (m.name === undefined) !== (m.file === undefined), { message: 'give exactly one of name (a bundled profile) or file (your own)' }),
  ])
  .describe('Model and data set, or a workload profile.');

const ScheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant'), rate: positive('1', 'Step size η.') }),
  z.strictObject({ kind: z.literal('step'), rate: positive('1', 'Initial η.'), factor: positive('1', 'Multiplier per step.'), every: count('Iterations between steps.') }),
  z.strictObject({ kind: z.literal('inverse-time'), rate: positive('1', 'Initial η.'), decay: nonNegative('1', 'β in η/(1 + βt).') }),
  z.strictObject({ kind: z.literal('cosine'), rate: positive('1', 'Initial η.'), horizon: count('Iterations to the minimum.'), minRate: nonNegative('1', 'Final η.').optional() }),
  z.strictObject({ kind: z.literal('one-over-l').describe('η = multiple / L, L the model’s smoothness estimate (convex models).'), multiple: positive('1', 'Multiple of 1/L.').default(1) }),
]);

const TrainingSchema = z
  .strictObject({
    iterations: count('Synchronous iterations per scheme.').default(300),
    learningRate: z
      .union([positive('1', 'Constant step size η.'), ScheduleSchema])
      .default(100)
      .describe('Step size: a number, or a schedule {kind: constant | step | inverse-time | cosine | one-over-l, …}.'),
    evalEvery: z.union([count('Evaluate every this many iterations.'), z.literal('auto')]).default('auto').describe('Evaluate the full-batch loss and output.metrics (accuracy, ‖∇F‖², optimality) every this many iterations, and at the last; stopping targets are checked there. auto: as rarely as keeps evaluation to about a quarter of the CPU (its FLOPs ≤ 1/3 of the training steps’ between two evaluations), but at least 15 times per scheme (100 with a stopping target, which is checked at evaluated iterations); `gradwire run --timing` prints the measured split.'),
    buckets: z
      .strictObject({
        sizeBytes: positive('B', 'Gradient bytes (fp32) per bucket: layers join a bucket in backward order until it holds this many (PyTorch DDP’s bucket_cap_mb default, 25 MB).').default(25e6),
        overlap: z.boolean().default(true).describe('A bucket’s communication may start as soon as its layers’ backward pass ends, while the layers below still compute (false: every bucket waits for the whole backward pass).'),
      })
      .prefault({})
      .describe('Layer-wise gradient buckets (models with layers: workload profiles; a trained model is one bucket), used by schemes with compressPer: bucket.'),
    divergenceFactor: z.number().gt(1).default(1000).describe('A run diverges when the loss exceeds this factor times the initial loss (or is not finite).'),
    stop: z
      .strictObject({
        targetLoss: z.number().optional().describe('Stop when the training loss is at or below this value.'),
        targetAccuracy: z.number().min(0).max(1).optional().describe('Stop when the test accuracy is at or above this value.'),
        maxTimeS: positive('s', 'Stop when simulated time exceeds this budget.').optional(),
        maxEnergyJ: positive('J', 'Stop when the total energy exceeds this budget.').optional(),
      })
      .prefault({})
      .describe('Stopping rules besides the iteration count; whichever comes first ends the scheme as `stopped` (checked at evaluated iterations).'),
  })
  .describe('Training loop.');

const budgetFields = {
  k: count('Coordinates kept per message (absolute). Give k or ratio.').optional(),
  ratio: z.number().gt(0).lte(1).describe('Coordinates kept as a fraction of d (k = ⌈ratio·d⌉).').optional(),
};
const precision = z.union([z.literal(32), z.literal(64)]).default(32).describe('Bits per value (FPP): 32 or 64.');
const exactlyOne = (c: { k?: number; ratio?: number }) => (c.k === undefined) !== (c.ratio === undefined);
const BUDGET_MESSAGE = { message: 'give exactly one of k or ratio' };

const CompressorSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('identity').describe('Dense: every coordinate sent.'), precision }),
    z.strictObject({ kind: z.literal('topk').describe('Top-k by magnitude (CAT eq. 2).'), ...budgetFields, precision }).refine(exactlyOne, BUDGET_MESSAGE),
    z
      .strictObject({
        kind: z.literal('randk').describe('Rand-k with indices from a seeded stream shared by sender and receiver (indices cost nothing).'),
        ...budgetFields,
        precision,
        unbiased: z.boolean().default(true).describe('Scale kept values by d/k (unbiased).'),
      })
      .refine(exactlyOne, BUDGET_MESSAGE),
    z
      .strictObject({
        kind: z.literal('topk-sign').describe('Sparsification + quantization: sign × scale of the top-k (CAT eq. 3).'),
        ...budgetFields,
        scale: z
          .enum(['norm', 'mean'])
          .default('mean')
          .describe('norm: ‖g‖₂ as CAT eq. 3 prints it (needs CAT’s eq. 9 step); mean: ‖g_T‖₁/T, eq. 3 with the eq. 9 step folded in, for a plain step size.'),
      })
      .refine(exactlyOne, BUDGET_MESSAGE),
    z
      .strictObject({ kind: z.literal('stochastic').describe('Stochastic sparsification with variance-optimal probabilities (CAT eq. 4, App. F); k is the expected budget.'), ...budgetFields, precision })
      .refine(exactlyOne, BUDGET_MESSAGE),
    z.strictObject({ kind: z.literal('qsgd').describe('QSGD stochastic quantization to s levels (Alistarh et al. 2017).'), levels: count('Levels s.').default(4) }),
    z.strictObject({
      kind: z.literal('cat').describe('CAT: per message the budget T maximising improvement/C(T) (eqs. 8, 9, §5); the step γ(T) is folded into the values, so use learningRate {kind: one-over-l}.'),
      variant: z
        .enum(['sparsification', 'sparsification-quantization', 'stochastic'])
        .default('sparsification')
        .describe('Top-T with α(T) (eq. 8), Top-T sign × scale with β(T) (eq. 9), or stochastic sparsification with ω(T) (§5).'),
      cost: z
        .discriminatedUnion('kind', [
          z.strictObject({ kind: z.literal('payload').describe('C = P(T) bits (CAT §2.2).') }),
          z.strictObject({ kind: z.literal('affine').describe('C = c1·P + c0 (CAT §2.2).'), c1: positive('1', 'Cost per payload bit.'), c0: nonNegative('1', 'Fixed cost per message.') }),
          z.strictObject({
            kind: z.literal('packet').describe('C = c1·⌈P/Pmax⌉ + c0 (CAT eq. 6).'),
            c1: positive('1', 'Cost per packet.'),
            c0: nonNegative('1', 'Cost of initiating a message.'),
            pMaxBits: positive('bit', 'Payload bits per packet Pmax.'),
          }),
          z.strictObject({
            kind: z.literal('network').describe('The network cost model: what an uncontended transfer on the worker’s link costs.'),
            metric: z.enum(['bits', 'packets', 'seconds', 'joules']).default('bits').describe('Which cost of the transfer to minimise per unit of improvement.'),
          }),
        ])
        .default({ kind: 'network', metric: 'bits' })
        .describe('The communication cost C(T) CAT optimises against.'),
      hybridEvery: count('Re-tune T every S iterations and reuse it in between (Appendix H); absent: every iteration.').optional(),
      step: z
        .enum(['per-worker', 'common'])
        .default('per-worker')
        .describe('Whose step the values carry. per-worker: each worker folds the step of its own descent lemma, γ_j(T_j) (Lemmas 1, 3, 4), into its message. common (variant stochastic, uplink only): Appendix G, Lemma 10 — each worker sends Q_T(g_j) unscaled with its ω_j(T_j) (one fp32 more per message) and the mean is stepped by γ = ω(T)/(2L), ω = (Σ_j 1/(n·ω_j))⁻¹.'),
      searchCharge: z
        .enum(['as-run', 'full-sort'])
        .default('as-run')
        .describe('How each search’s compute is charged to the worker’s step (priced by the device’s selectSPerElement and sortSPerComparison). as-run: what gradwire’s exact search did — its passes over g, its sample, the sorts of the magnitudes it had to rank and the T it evaluated. full-sort: the paper’s procedure (§3.1: sort all d magnitudes, then raise T until the ratio falls; d·log2 d comparisons and T* + 1 evaluations), the implementation whose sparsification times Appendix H reports.'),
      precision,
    }).refine((c) => c.step !== 'common' || c.variant === 'stochastic', { message: 'per-worker (step common, CAT App. G, is derived for variant stochastic only)', path: ['step'] }),
    z.strictObject({
      kind: z.literal('alistarh').describe('Alistarh et al.’s dynamic rule (CAT §4): the smallest set of largest magnitudes with Σ|g_j| ≥ ‖g‖₂; use learningRate {kind: one-over-l}.'),
      quantize: z.boolean().default(true).describe('Send sign × scale (S+Q, as CAT §6 compares) instead of the values.'),
      precision,
    }),
    z
      .strictObject({
        kind: z.literal('regtopk').describe('RegTop-k (Algorithm 1): Top_k(a ⊙ tanh(|1 + Δ|/μ)) with the posterior distortion Δ from the previous aggregate; needs errorFeedback.'),
        ...budgetFields,
        precision,
        mu: positive('1', 'μ of the regulariser tanh(|1 + Δ|/μ).').default(1),
        q: positive('1', 'Q: the distortion of entries not sent in the previous iteration.').default(1e8),
        denominator: z
          .enum(['current', 'previous'])
          .default('previous')
          .describe('What divides the posterior distortion Δ on the previous selection. previous (default): the previous sent value ω·a^{t−1}, as the authors’ code does; it reproduces the paper’s §4.1 result (RegTop-k reaches dense GD’s accuracy where Top-k stalls). current: ω·a^t, as Algorithm 1 line 5 and eq. 13 print it; kept to show that reading — on §4.1 it does worse than Top-k (see test/papers/regtopk.test.ts).'),
      })
      .refine(exactlyOne, BUDGET_MESSAGE),
  ])
  .describe('What is sent.');

const EncodingSchema = z
  .strictObject({
    indices: z.enum(['raw32', 'packed', 'bitmap', 'delta-varint']).default('raw32').describe('Index coding: 32-bit, ⌈log2 d⌉-bit packed, a d-bit bitmap, or delta + LEB128 varint.'),
    header: z.enum(['none', 'count32']).default('none').describe('Sparse-message header: none, or the count k as 32 bits.'),
  })
  .describe('What a message costs in bits (the network charges exactly these bits).');

const BudgetTunerSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('fixed').describe('The compressor’s k or ratio every message.') }),
    z.strictObject({
      kind: z.literal('adaptopk').describe('AdapTop-K (Algorithm 1, eq. 20): k_t = (1 ± γ)k around the turning point t̂, Σ k_t = kT; the compressor’s k is the average budget.'),
      gamma: z.number().gt(0).lt(1).default(0.5).describe('γ: the relative swing of the budget.'),
      turningPoint: count('t̂ (give it, or the Lemma 3 constants).').optional(),
      constants: z
        .strictObject({ alpha: z.number(), beta: z.number(), B: z.number() })
        .optional()
        .describe('Lemma 3’s α, β and B, from which t̂ follows.'),
    }),
  ])
  .describe('How the budget k varies across iterations.');

const DirectionSchema = z
  .strictObject({
    compressor: CompressorSchema.default({ kind: 'identity', precision: 32 }),
    budget: BudgetTunerSchema.default({ kind: 'fixed' }),
    encoding: EncodingSchema.prefault({}),
    errorFeedback: z.boolean().default(false).describe('Error-feedback memory at the sender of this direction.'),
  })
  .describe('Compression of one direction.');

const SchemeSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only')
      .describe('Identifier used in metrics.csv and the report.'),
    label: z.string().optional().describe('Human-readable name for the report.'),
    kind: z
      .enum(['parameter-server', 'allgather', 'ring-allreduce', 'gtopk'])
      .default('parameter-server')
      .describe('The distributed protocol: parameter server; all-gather of compressed messages (decentralized); dense ring all-reduce; gTop-k global top-k by recursive doubling (O(k log P)).'),
    uplink: DirectionSchema.prefault({}).describe('What each worker sends (to the server, or to the other workers).'),
    downlink: DirectionSchema.optional().describe('Parameter server only: compress the combined update sent back (absent: the dense fp32 model).'),
    aggregation: z.enum(['mean', 'sum']).default('mean').describe('How worker updates are combined.'),
    compressPer: z
      .enum(['bucket', 'model'])
      .default('bucket')
      .describe('Compress and communicate each bucket of training.buckets on its own as soon as it is ready (k or ratio shared out by size), or the whole gradient once the backward pass ends.'),
    warmupIterations: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .meta({ unit: 'iteration' })
      .describe('gtopk only: the first N iterations are dense (Algorithm 1 with k = d, by a dense ring all-reduce), the warmup of Shi et al. 2019 §5.1; then gTop-k. Absent: none.'),
  })
  .describe('One scheme to compare; every scheme runs on the same data, partition and seeds.');

const OutputSchema = z
  .strictObject({
    report: z.boolean().default(true).describe('Write report/index.html.'),
    trace: z.boolean().default(false).describe('Write trace.ndjson: every transmission, reception, drop, compute step and delivery, for timelines.'),
    diagnostics: z
      .boolean()
      .default(false)
      .describe('Record the papers’ diagnostics in metrics.csv: ρ̂ and 1 − γ̂ (thesis §6.6, parameter server) and gTop-k’s δ (§5.2); costs a few O(d) passes per worker per iteration.'),
    metrics: z
      .array(z.enum(['accuracy', 'grad_norm_sq', 'optimality']))
      .optional()
      .describe(
        'Which costly measurements metrics.csv gets at each evaluated iteration: accuracy (a pass over the test set), grad_norm_sq (‖∇F‖², a full-batch gradient) and optimality (F − F* and ‖w − w*‖, where the optimum is known). Unlisted ones are not computed and their cells are empty; the training loss, traffic, energy and budgets are always recorded. Absent: all three.',
      ),
    catCurveIterations: z
      .array(z.number().int().nonnegative())
      .meta({ unit: 'iteration' })
      .describe(
        'Iterations (numbered as in metrics.csv; 1 is the first update) at which cat.csv records CAT’s curve — every T the search of worker 0 (uplink) and of the server (downlink) evaluated, with its measure α(T) (β, ω), cost C(T) and efficiency, and the T chosen — for each scheme with a CAT compressor. Absent: the first, middle and last iteration, 1, ⌈N/2⌉ and N for N = training.iterations (written into the resolved scenario when a scheme uses CAT). Each at most training.iterations.',
      )
      .optional(),
  })
  .describe('Outputs.');

/** The whole scenario file. */
export const ScenarioSchema = z
  .strictObject({
    extends: z.string().optional().describe('Another scenario file (relative path) this one starts from and overrides (resolved before validation).'),
    name: z.string().min(1).describe('Scenario name.'),
    description: z.string().default('').describe('Free text.'),
    seed: z.number().int().nonnegative().default(1).describe('Scenario seed: every random stream derives from it.'),
    network: NetworkSchema.prefault({}),
    workers: WorkersSchema.prefault({}),
    server: ServerSchema.prefault({}),
    model: ModelSchema.prefault({ kind: 'logistic-regression' }),
    training: TrainingSchema.prefault({}),
    schemes: z
      .array(SchemeSchema)
      .min(1)
      .refine((s) => new Set(s.map((x) => x.name)).size === s.length, { message: 'scheme names must be unique' })
      .describe('Schemes to compare, each run on the same data and seeds.'),
    output: OutputSchema.prefault({}),
    sweep: SweepSchema.optional(),
  })
  .describe('A gradwire scenario: one study.');

/** A scenario with every default filled in. */
export type Scenario = z.output<typeof ScenarioSchema>;
/** One scheme of a resolved scenario. */
export type SchemeConfig = Scenario['schemes'][number];
