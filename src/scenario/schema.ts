import { z } from 'zod';
import { SweepSchema } from './sweep-schema.js';
import { schemaMessages } from './messages.js';
import { count, nonNegative, positive } from './schema-fields.js';
import { ModelSchema } from './schema-model.js';
import { NetworkSchema } from './schema-network.js';
import { SchemeSchema } from './schema-scheme.js';

/**
 * The scenario schema: each parameter declared once (name, unit, default,
 * constraint, doc); validation, defaults and the resolved scenario come from it.
 * The network, model and scheme parts are in schema-network.ts, schema-model.ts
 * and schema-scheme.ts; link parameters are declared in net/presets/attributes.ts.
 */

/** The measurements metrics.csv takes only when asked (each costs a pass). */
export const COSTLY_METRICS = ['accuracy', 'grad_norm_sq', 'optimality'] as const;

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
    stragglerProbability: z.number().min(0).max(1).meta({ unit: '1' }).default(0).describe('Probability that a step straggles.'),
    stragglerSlowdown: z.number().min(1).meta({ unit: '1' }).default(1).describe('Compute-time factor of a straggling step.'),
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
    evalEvery: z
      .union([count('Evaluate every this many iterations.'), z.literal('auto')])
      .default('auto')
      .describe(
        'Evaluate the full-batch loss and output.metrics (accuracy, ‖∇F‖², optimality) every this many iterations, and at the last; stopping targets are checked there. auto: as rarely as keeps evaluation to about a quarter of the CPU (its FLOPs ≤ 1/3 of the training steps’ between two evaluations), but at least 15 times per scheme (100 with a stopping target, which is checked at evaluated iterations); `gradwire run --timing` prints the measured split.',
      ),
    buckets: z
      .strictObject({
        sizeBytes: positive('B', 'Gradient bytes (fp32) per bucket: layers join a bucket in backward order until it holds this many (PyTorch DDP’s bucket_cap_mb default, 25 MB).').default(25e6),
        overlap: z
          .boolean()
          .default(true)
          .describe('A bucket’s communication may start as soon as its layers’ backward pass ends, while the layers below still compute (false: every bucket waits for the whole backward pass).'),
      })
      .prefault({})
      .describe('Layer-wise gradient buckets (models with layers: workload profiles; a trained model is one bucket), used by schemes with compressPer: bucket.'),
    divergenceFactor: z.number().gt(1).meta({ unit: '1' }).default(1000).describe('A run diverges when the loss exceeds this factor times the initial loss (or is not finite).'),
    stop: z
      .strictObject({
        targetLoss: z.number().meta({ unit: '1' }).optional().describe('Stop when the training loss is at or below this value.'),
        targetAccuracy: z.number().min(0).max(1).meta({ unit: '1' }).optional().describe('Stop when the test accuracy is at or above this value.'),
        maxTimeS: positive('s', 'Stop when simulated time exceeds this budget.').optional(),
        maxEnergyJ: positive('J', 'Stop when the total energy exceeds this budget.').optional(),
      })
      .prefault({})
      .describe('Stopping rules besides the iteration count; whichever comes first ends the scheme as `stopped` (checked at evaluated iterations).'),
  })
  .describe('Training loop.');

const OutputSchema = z
  .strictObject({
    report: z.boolean().default(true).describe('Write report/index.html.'),
    trace: z.boolean().default(false).describe('Write trace.ndjson: every transmission, reception, drop, compute step and delivery, for timelines.'),
    diagnostics: z
      .boolean()
      .default(false)
      .describe(
        'Record the papers’ diagnostics in metrics.csv: ρ̂ and 1 − γ̂ (thesis §6.6, parameter server) and gTop-k’s δ (§5.2); costs a few O(d) passes per worker per iteration. Measured on the whole gradient, so refused with a workload profile whose parameter-server or gtopk scheme compresses bucket by bucket (compressPer: bucket).',
      ),
    metrics: z
      .array(z.enum(COSTLY_METRICS))
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
    seed: z.number().int().nonnegative().meta({ unit: '1' }).default(1).describe('Scenario seed: every random stream derives from it.'),
    network: NetworkSchema.prefault({}),
    workers: WorkersSchema.prefault({}),
    server: ServerSchema.prefault({}),
    model: ModelSchema.prefault({ kind: 'logistic-regression' }),
    training: TrainingSchema.prefault({}),
    schemes: z
      .array(SchemeSchema)
      .min(1)
      .refine((s) => new Set(s.map((x) => x.name)).size === s.length, { message: schemaMessages.uniqueSchemes })
      .describe('Schemes to compare, each run on the same data and seeds.'),
    output: OutputSchema.prefault({}),
    sweep: SweepSchema.optional(),
  })
  .describe('A gradwire scenario: one study.');

/** A scenario with every default filled in. */
export type Scenario = z.output<typeof ScenarioSchema>;
/** One scheme of a resolved scenario. */
export type SchemeConfig = Scenario['schemes'][number];
