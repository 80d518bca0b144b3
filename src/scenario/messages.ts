import { problemText } from '../text/problem-text.js';
import { choiceWords, describeValue, listWords } from '../text/value-words.js';
import { didYouMean } from '../text/did-you-mean.js';

/**
 * The scenario layer's catalog of messages. Each problem names the field
 * path, what was expected and what was given, and suggests a fix when it can.
 */

/** One thing wrong with a scenario. */
export interface Problem {
  /** Field path, e.g. `schemes[1].compressor.ratio`. */
  readonly path: string;
  readonly expected: string;
  readonly given: string;
  readonly hint?: string;
  /** 1-based position in the file, when the YAML tells. */
  line?: number;
  col?: number;
  /** The file the position is in, when not the scenario's own (a file it extends). */
  file?: string;
}

/** A scenario that cannot run: every problem found, with the file. */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
  ) {
    super(problems.map((p) => formatProblem(p.file ?? file, p)).join('\n'));
    this.name = 'ScenarioError';
  }
}

/** `file:line:col: path: expected …, given …; hint`. */
export function formatProblem(file: string, p: Problem): string {
  return problemText(file, p);
}

/** What `gradwire explain` says of a path that names no field (explain.ts). */
export const explainMessages = {
  noField: (key: string, under: string, hint: string | undefined, fields: readonly string[]) =>
    `no field "${key}" under ${under || 'the scenario'}${hint ? `; ${hint}` : ''} (fields: ${listWords(fields)})`,
};

/** The messages of the schema's own refinements (zod prints them as the expectation). */
export const schemaMessages = {
  powerOfTwo: 'a power of two',
  initialPoint: 'a number, or a list with one entry per feature (model.features)',
  profileNameOrFile: 'give exactly one of name (a bundled profile) or file (your own)',
  kOrRatio: 'give exactly one of k or ratio',
  commonStep: 'per-worker (step common, CAT App. G, is derived for variant stochastic only)',
  schemeName: 'letters, digits, "-" and "_" only',
  uniqueSchemes: 'scheme names must be unique',
} as const;

export const scenarioMessages = {
  unknownPreset: (path: string, given: string, kind: string, known: readonly string[]): Problem => ({
    path,
    expected: `a ${kind} preset: ${choiceWords(known)}`,
    given: describeValue(given),
    hint: didYouMean(given, known),
  }),
  /**
   * A `set:` entry applyOverrides refused, in its words (those of `--set`); a
   * field it does not know gets a suggestion (the whole dotted path) or the
   * pointer to the preset's fields, a value the declared expectation alone.
   */
  badOverride: (path: string, e: { expected: string; given: string; known: readonly string[]; unknown?: string | undefined; under: string }, preset: string): Problem => ({
    path,
    expected: e.expected,
    given: e.given,
    ...(e.known.length > 0 ? { hint: (e.unknown !== undefined ? didYouMean(e.unknown, e.known, e.under ? `${e.under}.` : '') : undefined) ?? `see \`gradwire presets --describe ${preset}\`` } : {}),
  }),
  /** A group in a scenario's `set:` (`ack: {…}`): `set:` names each field by its dotted path (`--set` alone takes a group). */
  groupInSet: (path: string, preset: string, key: string, fields: readonly string[]): Problem => ({
    path,
    expected: `a field of the ${preset} preset, by its dotted path (${listWords(fields)})`,
    given: `the group ${JSON.stringify(key)}`,
    hint: `set each field of it: ${fields.map((f) => `${f}: …`).join(', ')}`,
  }),
  /** Fields of a link that do not agree (presetProblems' cross-field checks, worded as a finding, not as expected/given). */
  inconsistentLink: (path: string, preset: string, problem: string): Problem => ({
    path,
    expected: `a consistent ${preset} link`,
    given: problem,
  }),
  /** A link used without validation (a bug of the caller, not of the file): its problems, by path. */
  unvalidatedLink: (problems: readonly Problem[]) => `a link that was not validated: ${problems.map((p) => `${p.path}: ${p.given}`).join('; ')}`,
  groupCount: (total: number, workers: number): Problem => ({
    path: 'network.workerGroups',
    expected: `group counts adding up to workers.count = ${workers}`,
    given: `counts adding up to ${total}`,
  }),
  budgetTooLarge: (path: string, k: number, d: number): Problem => ({
    path,
    expected: `k ≤ d = ${d}, the model’s parameter count`,
    given: `k = ${k}`,
  }),
  yamlSyntax: (message: string, line?: number, col?: number): Problem => ({
    path: '',
    expected: 'valid YAML',
    given: message,
    line,
    col,
  }),
  extendsCycle: (chain: readonly string[]): Problem => ({
    path: 'extends',
    expected: 'a chain of scenario files without a cycle',
    given: chain.join(' → '),
  }),
  notAMapping: (given: unknown): Problem => ({
    path: '',
    expected: 'a YAML mapping (key: value pairs) at the top level',
    given: describeValue(given),
  }),
  unreadable: (reason: string): Problem => ({ path: '', expected: 'a readable scenario file', given: reason }),
  notUtf8: (given: string): Problem => ({ path: '', expected: 'a scenario file in UTF-8 (YAML text)', given, hint: 'save it as UTF-8' }),
};

/**
 * The messages of the scenario's cross-field checks (compose.ts,
 * data-checks.ts, output-checks.ts, sparse-checks.ts, sweep-size.ts), each
 * with its fix.
 */
export const checkMessages = {
  diagnosticsPerBucket: (schemes: readonly string[]): Problem => ({
    path: 'output.diagnostics',
    expected:
      'false when a parameter-server or gtopk scheme of a workload profile compresses bucket by bucket (compressPer: bucket, the default): the diagnostics are measured on the whole gradient, which such a scheme never compresses at once',
    given: `true, with compressPer: bucket on ${schemes.map((s) => JSON.stringify(s)).join(', ')}`,
    hint: `set compressPer: model on ${schemes.length === 1 ? 'that scheme' : 'those schemes'}, or drop output.diagnostics`,
  }),
  serverOnRing: (at: string): Problem => ({
    path: `${at}.kind`,
    expected: 'a scheme without a server on a ring topology (allgather or ring-allreduce)',
    given: '"parameter-server" on topology "ring"',
    hint: 'a ring has no parameter server; pick network.topology parameter-server-star, switch or tree',
  }),
  downlinkWithoutServer: (at: string, kind: string): Problem => ({
    path: `${at}.downlink`,
    expected: 'no downlink block',
    given: `a downlink for "${kind}"`,
    hint: 'decentralized schemes have no server and so no downlink',
  }),
  compressedRing: (at: string, compressor: string, errorFeedback: boolean): Problem => ({
    path: `${at}.uplink`,
    expected: 'the identity compressor without error feedback',
    given: `compressor "${compressor}"${errorFeedback ? ' with error feedback' : ''}`,
    hint: 'ring all-reduce sums dense chunks along the ring; compressed messages cannot be reduced chunk by chunk — use kind allgather for sparse messages',
  }),
  adaptopkCompressor: (path: string, compressor: string, budgeted: readonly string[]): Problem => ({
    path,
    expected: 'a fixed budget for this compressor',
    given: `adaptopk with "${compressor}"`,
    hint: `AdapTop-K schedules the k of a budgeted sparsifier (${budgeted.join(', ')})`,
  }),
  adaptopkTurningPoint: (path: string): Problem => ({
    path,
    expected: 'turningPoint or constants {alpha, beta, B}',
    given: 'neither',
    hint: 'Lemma 3 needs the turning point or its constants',
  }),
  adaptopkStep: (learningRate: unknown): Problem => ({
    path: 'training.learningRate',
    expected: 'a constant step with AdapTop-K (its Theorem 1 assumes one)',
    given: describeValue(learningRate),
  }),
  gtopkUplink: (at: string, compressor: string, errorFeedback: boolean): Problem => ({
    path: `${at}.uplink`,
    expected: 'a topk compressor without errorFeedback',
    given: `compressor "${compressor}"${errorFeedback ? ' with error feedback' : ''}`,
    hint: 'gTop-k merges top-k selections along the tree and keeps its own residual per worker (the gMask rule, eq. 7); a second error-feedback memory would count the residual twice',
  }),
  warmupNotGtopk: (at: string, warmup: number, kind: string): Problem => ({
    path: `${at}.warmupIterations`,
    expected: 'no warmupIterations (it belongs to kind gtopk)',
    given: `${warmup} for "${kind}"`,
    hint:
      kind === 'ring-allreduce'
        ? 'ring all-reduce is dense at every iteration already'
        : 'the dense warmup is gTop-k’s (Shi et al. 2019 §5.1); to compare with a dense start, run a ring-allreduce scheme alongside',
  }),
  regtopkWithoutFeedback: (at: string): Problem => ({
    path: `${at}.uplink.errorFeedback`,
    expected: 'true with regtopk',
    given: describeValue(false),
    hint: 'RegTop-k (Algorithm 1, lines 4 and 8) accumulates what was not sent: it is defined with error feedback',
  }),
  commonStepDownlink: (at: string): Problem => ({
    path: `${at}.downlink.compressor.step`,
    expected: '"per-worker" on the downlink',
    given: '"common"',
    hint: 'CAT App. G’s common step scales the mean of the workers’ messages; the server’s broadcast is one message, with nothing to combine',
  }),
  regtopkDownlink: (at: string): Problem => ({
    path: `${at}.downlink.compressor.kind`,
    expected: 'a compressor other than regtopk on the downlink',
    given: '"regtopk"',
    hint: 'RegTop-k’s posterior needs the aggregate of the other workers; the server has no such aggregate to compare with',
  }),
  foldedStep: (kind: 'cat' | 'alistarh', learningRate: unknown): Problem => ({
    path: 'training.learningRate',
    expected: '{ kind: one-over-l } (multiple 1)',
    given: describeValue(learningRate),
    hint: `${kind === 'cat' ? 'CAT' : 'Alistarh’s rule'} folds its step γ(T) into the message values as γ(T)·L, so the scheme must step by exactly 1/L`,
  }),
  needsSmoothness: (path: string, kind: string, model: string): Problem => ({
    path,
    expected: 'a convex model with a smoothness estimate L, or a workload profile (model.smoothness)',
    given: `"${kind}" for "${model}"`,
  }),
  catMean: (at: string, aggregation: string): Problem => ({
    path: `${at}.aggregation`,
    expected: '"mean" with CAT (w ← w − (1/n)Σ γ_i Q_i)',
    given: `"${aggregation}"`,
  }),
  naturalPartition: (models: readonly string[], model: string): Problem => ({
    path: 'workers.partition.kind',
    expected: `"natural" only for ${models.join(', ')}`,
    given: `"natural" for model "${model}"`,
    hint: 'use iid, shards or dirichlet',
  }),
  labelPartition: (partition: string, model: string): Problem => ({
    path: 'workers.partition.kind',
    expected: 'a partition that needs no class labels (iid or natural)',
    given: `"${partition}" for model "${model}"`,
    hint: 'label-skew partitions need a classification model',
  }),
  naturalCount: (natural: number, count: number): Problem => ({
    path: 'workers.count',
    expected: `${natural} (one worker per part of the model’s natural split)`,
    given: describeValue(count),
  }),
  accuracyNotMeasured: (metrics: readonly string[]): Problem => ({
    path: 'output.metrics',
    expected: 'a list with "accuracy"',
    given: describeValue(metrics),
    hint: 'training.stop.targetAccuracy needs the test accuracy measured',
  }),
  curveBeyondRun: (path: string, iteration: number, iterations: number): Problem => ({
    path,
    expected: `an iteration ≤ training.iterations (${iterations})`,
    given: describeValue(iteration),
    hint: 'a run never reaches it, so cat.csv would have no curve for it',
  }),
  oneOverLModel: (convex: readonly string[], model: string): Problem => ({
    path: 'training.learningRate.kind',
    expected: `"one-over-l" only for convex models (${convex.join(', ')}) and workload profiles`,
    given: `"one-over-l" for "${model}"`,
    hint: 'give a number or a schedule',
  }),
  mnistDigits: (train: number, test: number, digits: number): Problem => ({
    path: 'model.trainSamples',
    expected: `trainSamples + testSamples ≤ ${digits} (the digits the mnist package ships)`,
    given: `${train} + ${test}`,
  }),
  iidTooManyWorkers: (n: number, workers: number, sampleField: string): Problem => ({
    path: 'workers.count',
    expected: `at most the ${n} training samples (an iid split gives every worker at least one)`,
    given: describeValue(workers),
    hint: `fewer workers, or more samples (${sampleField})`,
  }),
  tooManyShards: (n: number, workers: number, per: number, sampleField: string): Problem => ({
    path: 'workers.partition.shardsPerWorker',
    expected: `workers.count × shardsPerWorker ≤ the ${n} training samples`,
    given: `${workers} × ${per} = ${workers * per}`,
    hint: `fewer workers or shards, or more samples (${sampleField})`,
  }),
  dirichletTooManyWorkers: (n: number, workers: number, batch: number, sampleField: string): Problem => ({
    path: 'workers.count',
    expected: `workers.count × batch size ≤ the ${n} training samples (a Dirichlet split gives every worker at least one batch)`,
    given: `${workers} × ${batch} = ${workers * batch}`,
    hint: `fewer workers, a smaller batch, or more samples (${sampleField})`,
  }),
  batchAboveShare: (smallest: number, n: number, partition: string, workers: number, batch: number, sampleField: string): Problem => ({
    path: 'workers.batchSize',
    expected: `at most ${smallest}, the smallest worker’s share of the ${n} training samples (${partition} split over ${workers} workers)`,
    given: describeValue(batch),
    hint: `a smaller batch, fewer workers, or more samples (${sampleField}); "full" takes each worker’s whole share`,
  }),
  nonZerosAboveFeatures: (nonZeros: number, features: number): Problem => ({
    path: 'model.nonZeros',
    expected: `at most model.features (${features})`,
    given: describeValue(nonZeros),
  }),
  densityWithNonZeros: (density: number): Problem => ({
    path: 'model.density',
    expected: 'absent with model.nonZeros (sparse features are drawn by their own law)',
    given: describeValue(density),
    hint: 'drop density, or drop nonZeros for dense features',
  }),
  denseGeneratorField: (field: string, value: number): Problem => ({
    path: `model.${field}`,
    expected: 'absent with model.nonZeros (it sets the RegTop-k dense generator; sparse targets are x·w_true + noise)',
    given: describeValue(value),
    hint: 'drop it, or drop nonZeros for the RegTop-k data',
  }),
  sweepTooLarge: (max: number, factors: string, points: number): Problem => ({
    path: 'sweep',
    expected: `at most ${max} points (each is expanded and checked before anything runs)`,
    given: `${factors} = ${points.toPrecision(3)} points`,
    hint: 'split the sweep into several files, or sweep fewer values',
  }),
  extendsNotAPath: (given: unknown): Problem => ({ path: 'extends', expected: 'the path of another scenario file', given: describeValue(given) }),
  extendsNotAScenario: (baseFile: string, foreign: number): Problem => ({
    path: 'extends',
    expected: 'the path of another scenario file',
    given: `${baseFile}, whose top level has ${foreign} key(s) that are not scenario fields`,
  }),
};
