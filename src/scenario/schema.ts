import { z } from 'zod';

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
    topology: z.enum(['parameter-server-star']).default('parameter-server-star').describe(
      'Topology: workers and the server on one switch; the server link is the shared FIFO bottleneck.',
    ),
    fidelity: z
      .enum(['auto', 'packet', 'message', 'flow'])
      .default('auto')
      .describe('Network fidelity: auto picks the fastest that is exact for the links present (message on lossless FIFO links, else packet).'),
    workerLink: LinkSchema.prefault({}).describe('Each worker’s link to the switch (unless workerGroups is given).'),
    workerGroups: z
      .array(WorkerGroupSchema)
      .optional()
      .describe('Heterogeneous workers: groups of workers with their own links; the counts must add up to workers.count.'),
    serverLink: LinkSchema.prefault({}).describe('The server’s link to the switch (its rate is the server NIC capacity).'),
  })
  .describe('The network.');

const WorkersSchema = z
  .strictObject({
    count: count('Number of workers.').default(8),
    device: z.string().default('server-cpu').describe('Compute device preset of every worker (see `gradwire presets`).'),
    batchSize: count('Mini-batch size per worker per iteration.').default(32),
  })
  .describe('The workers.');

const ServerSchema = z
  .strictObject({
    device: z.string().default('server-cpu').describe('Compute device preset of the parameter server.'),
  })
  .describe('The parameter server.');

const ModelSchema = z
  .strictObject({
    kind: z.enum(['logistic-regression']).default('logistic-regression').describe('Model.'),
    features: count('Feature dimension d of the synthetic data set.').default(2000),
    trainSamples: count('Training samples (split iid among workers).').default(8000),
    testSamples: count('Held-out test samples.').default(2000),
    l2: nonNegative('1', 'L2 regularisation λ (loss adds λ/2‖w‖²).').default(1e-4),
    weightStd: positive('1', 'Std of the true weights’ logit x·w_true (features scaled by 1/√d); larger = less label noise.').default(4),
  })
  .describe('Model and synthetic data set.');

const TrainingSchema = z
  .strictObject({
    iterations: count('Synchronous iterations per scheme.').default(300),
    learningRate: positive('1', 'SGD step size (features are scaled by 1/√d, so useful steps grow with d).').default(100),
    evalEvery: count('Evaluate training loss and test accuracy every this many iterations.').default(1),
  })
  .describe('Training loop.');

const IdentitySchema = z.strictObject({ kind: z.literal('identity').describe('Dense fp32: every coordinate sent.') });
const TopKSchema = z
  .strictObject({
    kind: z.literal('topk').describe('Top-k by magnitude; sparse message with 32-bit indices and fp32 values.'),
    k: count('Coordinates kept per message (absolute). Give k or ratio.').optional(),
    ratio: z.number().gt(0).lte(1).describe('Coordinates kept as a fraction of d (k = ⌈ratio·d⌉).').optional(),
  })
  .refine((c) => (c.k === undefined) !== (c.ratio === undefined), {
    message: 'give exactly one of k or ratio',
  });

const SchemeSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only')
      .describe('Identifier used in metrics.csv and the report.'),
    label: z.string().optional().describe('Human-readable name for the report.'),
    compressor: z.discriminatedUnion('kind', [IdentitySchema, TopKSchema]).describe('Uplink compressor.'),
    errorFeedback: z.boolean().default(false).describe('Worker-side error feedback memory on the uplink.'),
  })
  .describe('One scheme to compare: parameter-server SGD with an uplink compressor; the model goes down dense.');

const OutputSchema = z
  .strictObject({
    report: z.boolean().default(true).describe('Write report/index.html.'),
  })
  .describe('Outputs.');

/** The whole scenario file. */
export const ScenarioSchema = z
  .strictObject({
    name: z.string().min(1).describe('Scenario name.'),
    description: z.string().default('').describe('Free text.'),
    seed: z.number().int().nonnegative().default(1).describe('Scenario seed: every random stream derives from it.'),
    network: NetworkSchema.prefault({}),
    workers: WorkersSchema.prefault({}),
    server: ServerSchema.prefault({}),
    model: ModelSchema.prefault({}),
    training: TrainingSchema.prefault({}),
    schemes: z
      .array(SchemeSchema)
      .min(1)
      .refine((s) => new Set(s.map((x) => x.name)).size === s.length, { message: 'scheme names must be unique' })
      .describe('Schemes to compare, each run on the same data and seeds.'),
    output: OutputSchema.prefault({}),
  })
  .describe('A gradwire scenario: one study.');

/** A scenario with every default filled in. */
export type Scenario = z.output<typeof ScenarioSchema>;
/** One scheme of a resolved scenario. */
export type SchemeConfig = Scenario['schemes'][number];
