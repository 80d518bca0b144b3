import { z } from 'zod';
import { INDEX_CODINGS } from '../learn/encoding/encoding.js';
import { CAT_SEARCH_CHARGES } from '../learn/tuners/cat/tuner.js';
import { CAT_VARIANTS } from '../learn/tuners/cat/types.js';
import { schemaMessages } from './messages.js';
import { count, nonNegative, positive, unit } from './schema-fields.js';

/** The scheme part of the scenario schema: protocol, compressors, budgets and encodings per direction. */

/** The distributed protocols. */
export const SCHEME_KINDS = ['parameter-server', 'allgather', 'ring-allreduce', 'gtopk'] as const;

const budgetFields = {
  k: count('Coordinates kept per message (absolute). Give k or ratio.').optional(),
  ratio: z.number().gt(0).lte(1).meta({ unit: '1' }).describe('Coordinates kept as a fraction of d (k = ⌈ratio·d⌉).').optional(),
};
const precision = z
  .union([z.literal(32), z.literal(64)])
  .meta({ unit: 'bit' })
  .default(32)
  .describe('Bits per value (FPP): 32 or 64.');
const exactlyOne = (c: { k?: number; ratio?: number }) => (c.k === undefined) !== (c.ratio === undefined);
const BUDGET_MESSAGE = { message: schemaMessages.kOrRatio };

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
      .strictObject({
        kind: z.literal('stochastic').describe('Stochastic sparsification with variance-optimal probabilities (CAT eq. 4, App. F); k is the expected budget.'),
        ...budgetFields,
        precision,
      })
      .refine(exactlyOne, BUDGET_MESSAGE),
    z.strictObject({ kind: z.literal('qsgd').describe('QSGD stochastic quantization to s levels (Alistarh et al. 2017).'), levels: count('Levels s.').default(4) }),
    z
      .strictObject({
        kind: z.literal('cat').describe('CAT: per message the budget T maximising improvement/C(T) (eqs. 8, 9, §5); the step γ(T) is folded into the values, so use learningRate {kind: one-over-l}.'),
        variant: z.enum(CAT_VARIANTS).default('sparsification').describe('Top-T with α(T) (eq. 8), Top-T sign × scale with β(T) (eq. 9), or stochastic sparsification with ω(T) (§5).'),
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
          .describe(
            'Whose step the values carry. per-worker: each worker folds the step of its own descent lemma, γ_j(T_j) (Lemmas 1, 3, 4), into its message. common (variant stochastic, uplink only): Appendix G, Lemma 10 — each worker sends Q_T(g_j) unscaled with its ω_j(T_j) (one fp32 more per message) and the mean is stepped by γ = ω(T)/(2L), ω = (Σ_j 1/(n·ω_j))⁻¹.',
          ),
        searchCharge: z
          .enum(CAT_SEARCH_CHARGES)
          .default('as-run')
          .describe(
            'How each search’s compute is charged to the worker’s step (priced by the device’s selectSPerElement and sortSPerComparison). as-run: what gradwire’s exact search did — its passes over g, its sample, the sorts of the magnitudes it had to rank and the T it evaluated. full-sort: the paper’s procedure (§3.1: sort all d magnitudes, then raise T until the ratio falls; d·log2 d comparisons and T* + 1 evaluations), the implementation whose sparsification times Appendix H reports.',
          ),
        precision,
      })
      .refine((c) => c.step !== 'common' || c.variant === 'stochastic', { message: schemaMessages.commonStep, path: ['step'] }),
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
          .describe(
            'What divides the posterior distortion Δ on the previous selection. previous (default): the previous sent value ω·a^{t−1}, as the authors’ code does; it reproduces the paper’s §4.1 result (RegTop-k reaches dense GD’s accuracy where Top-k stalls). current: ω·a^t, as Algorithm 1 line 5 and eq. 13 print it; kept to show that reading — on §4.1 it does worse than Top-k (see test/papers/regtopk.test.ts).',
          ),
      })
      .refine(exactlyOne, BUDGET_MESSAGE),
  ])
  .describe('What is sent.');

const EncodingSchema = z
  .strictObject({
    indices: z.enum(INDEX_CODINGS).default('raw32').describe('Index coding: 32-bit, ⌈log2 d⌉-bit packed, a d-bit bitmap, or delta + LEB128 varint.'),
    header: z.enum(['none', 'count32']).default('none').describe('Sparse-message header: none, or the count k as 32 bits.'),
  })
  .describe('What a message costs in bits (the network charges exactly these bits).');

const BudgetTunerSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('fixed').describe('The compressor’s k or ratio every message.') }),
    z.strictObject({
      kind: z.literal('adaptopk').describe('AdapTop-K (Algorithm 1, eq. 20): k_t = (1 ± γ)k around the turning point t̂, Σ k_t = kT; the compressor’s k is the average budget.'),
      gamma: z.number().gt(0).lt(1).meta({ unit: '1' }).default(0.5).describe('γ: the relative swing of the budget.'),
      turningPoint: count('t̂ (give it, or the Lemma 3 constants).').optional(),
      constants: z
        .strictObject({ alpha: unit('1', 'Lemma 3’s α.'), beta: unit('1', 'Lemma 3’s β.'), B: unit('1', 'Lemma 3’s B.') })
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

export const SchemeSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, schemaMessages.schemeName)
      .describe('Identifier used in metrics.csv and the report.'),
    label: z.string().optional().describe('Human-readable name for the report.'),
    kind: z
      .enum(SCHEME_KINDS)
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
