import { join } from 'node:path';
import { stringify } from 'yaml';
import { Environment, RandomStreams } from '../sim/index.js';
import { buildStar } from '../net/index.js';
import { initBackend } from '../learn/backend.js';
import { BatchSampler } from '../learn/batch-sampler.js';
import { ErrorFeedback, Identity, TopK, type Compressor } from '../learn/compress/index.js';
import { makeSyntheticLogistic } from '../learn/data/synthetic-logistic.js';
import { DEVICE_PRESETS } from '../learn/devices.js';
import { LogisticRegression } from '../learn/models/logistic.js';
import { partitionIid } from '../learn/partition.js';
import { Divergence, startPsSync } from '../learn/schemes/ps-sync.js';
import type { Scenario, SchemeConfig } from '../scenario/schema.js';
import { effectiveLink, workerLinks } from './resolve.js';
import { type MetricRow, metricsCsv, writeAtomic } from './results.js';

/** How one scheme's run ended (a discriminated union, as tinybench's task results). */
export type SchemeOutcome =
  | { readonly status: 'completed'; readonly iterations: number }
  | { readonly status: 'diverged'; readonly iterations: number; readonly atIteration: number; readonly detail: string };

/** One scheme's entry in summary.json. */
export interface SchemeSummary {
  readonly name: string;
  readonly label: string;
  readonly encoding: string;
  readonly outcome: SchemeOutcome;
  readonly final: MetricRow | null;
  /** Time and energy per state and role at the end (J, s). */
  readonly energyByState: Readonly<Record<string, unknown>>;
  /** The network fidelity that ran. */
  readonly fidelity: string;
}

/** Hooks the CLI gives the run (progress display); none affects results. */
export interface RunHooks {
  readonly onSchemeStart?: (scheme: SchemeConfig, index: number) => void;
  readonly onIteration?: (scheme: SchemeConfig, iteration: number) => void | Promise<void>;
}

/** The result of running a scenario. */
export interface RunResult {
  readonly backend: string;
  readonly rows: readonly MetricRow[];
  readonly schemes: readonly SchemeSummary[];
}

const GRADWIRE_VERSION = '0.1.0';

/**
 * Run every scheme of a resolved scenario on the same data, partition and
 * mini-batch sequence, writing the run directory as it goes: after each scheme
 * metrics.csv and summary.json are rewritten atomically, so finished schemes
 * survive a crash later in the run.
 */
export async function runScenario(scenario: Scenario, outDir: string, hooks: RunHooks = {}): Promise<RunResult> {
  writeAtomic(join(outDir, 'scenario.resolved.yaml'), stringify(scenario));
  const backend = await initBackend();
  const streams = new RandomStreams(scenario.seed, 0);
  const m = scenario.model;
  const data = makeSyntheticLogistic(
    { nTrain: m.trainSamples, nTest: m.testSamples, d: m.features, weightStd: m.weightStd },
    streams.stream('data'),
  );
  const model = await LogisticRegression.create(data, { l2: m.l2 });
  const parts = partitionIid(data.nTrain, scenario.workers.count, streams.stream('partition'));
  const rows: MetricRow[] = [];
  const summaries: SchemeSummary[] = [];
  try {
    for (const [index, scheme] of scenario.schemes.entries()) {
      hooks.onSchemeStart?.(scheme, index);
      const schemeRows: MetricRow[] = [];
      const compressors = parts.map(() => makeCompressor(scheme, model.dim));
      const { outcome, energyByState, fidelity } = await runScheme(scenario, scheme, model, parts, compressors, streams, schemeRows, hooks);
      rows.push(...schemeRows);
      summaries.push({
        name: scheme.name,
        label: scheme.label ?? scheme.name,
        encoding: describeEncoding(scheme, model.dim),
        outcome,
        final: schemeRows.at(-1) ?? null,
        energyByState,
        fidelity,
      });
      writeAtomic(join(outDir, 'metrics.csv'), metricsCsv(rows));
      writeAtomic(join(outDir, 'summary.json'), `${JSON.stringify(summaryJson(scenario, backend, summaries), null, 2)}\n`);
    }
  } finally {
    model.dispose();
  }
  return { backend, rows, schemes: summaries };
}

async function runScheme(
  scenario: Scenario,
  scheme: SchemeConfig,
  model: LogisticRegression,
  parts: readonly Int32Array[],
  compressors: readonly Compressor[],
  streams: RandomStreams,
  rows: MetricRow[],
  hooks: RunHooks,
): Promise<{ outcome: SchemeOutcome; energyByState: Record<string, unknown>; fidelity: string }> {
  const env = new Environment();
  const attach = (choice: Parameters<typeof effectiveLink>[0]) => {
    const preset = effectiveLink(choice);
    return { link: preset, power: preset.power };
  };
  const star = buildStar(
    env,
    { workers: workerLinks(scenario).map(attach), server: attach(scenario.network.serverLink) },
    { fidelity: scenario.network.fidelity, streams },
  );
  // Same stream names for every scheme: each scheme sees the same mini-batch sequence.
  const samplers = parts.map((p, i) => new BatchSampler(p, scenario.workers.batchSize, streams.stream(`batch/worker/${i}`)));
  const evalEvery = scenario.training.evalEvery;
  const iterations = scenario.training.iterations;
  let lastIteration = 0;
  const done = startPsSync({
    env, star, model, samplers, compressors,
    workerDevice: DEVICE_PRESETS[scenario.workers.device]!,
    serverDevice: DEVICE_PRESETS[scenario.server.device]!,
    learningRate: scenario.training.learningRate,
    iterations,
    initialWeights: new Float32Array(model.dim),
    onIteration: (t, w, traffic) => {
      lastIteration = t;
      if (t % evalEvery !== 0 && t !== iterations) return;
      const loss = model.loss(w);
      const ledger = star.network.ledger;
      const ew = ledger.roleJ('worker', env.now);
      const es = ledger.roleJ('server', env.now);
      rows.push({
        scheme: scheme.name, iteration: t, time_s: env.now, loss, accuracy: model.accuracy(w),
        payload_bytes_up: traffic.payloadBytesUp, payload_bytes_down: traffic.payloadBytesDown,
        wire_bytes_up: traffic.wireBytesUp, wire_bytes_down: traffic.wireBytesDown,
        packets_up: traffic.packetsUp, packets_down: traffic.packetsDown,
        energy_worker_j: ew, energy_server_j: es, energy_total_j: ew + es,
      });
      if (!Number.isFinite(loss)) throw new Divergence(t, `training loss is ${loss}`);
    },
  });
  let reported = 0;
  const finish = (outcome: SchemeOutcome) => {
    const ledger = star.network.ledger;
    return {
      outcome,
      fidelity: star.network.fidelity,
      energyByState: { worker: ledger.roleBreakdown('worker', env.now), server: ledger.roleBreakdown('server', env.now) },
    };
  };
  try {
    while (!done.processed) {
      if (!env.step()) throw new Error(`scheme "${scheme.name}" deadlocked at t = ${env.now} s`);
      if (lastIteration !== reported) {
        reported = lastIteration;
        await hooks.onIteration?.(scheme, reported);
      }
    }
  } catch (e) {
    if (e instanceof Divergence) {
      return finish({ status: 'diverged', iterations: lastIteration, atIteration: e.iteration, detail: e.detail });
    }
    throw e;
  }
  return finish({ status: 'completed', iterations });
}

function makeCompressor(scheme: SchemeConfig, d: number): Compressor {
  const c = scheme.compressor;
  const inner: Compressor = c.kind === 'identity' ? new Identity(d) : new TopK(d, c.k !== undefined ? { k: c.k } : { ratio: c.ratio! });
  return scheme.errorFeedback ? new ErrorFeedback(inner) : inner;
}

function describeEncoding(scheme: SchemeConfig, d: number): string {
  const probe = makeCompressor(scheme, d).compress(new Float32Array(d).fill(1)); // a throwaway compressor states its encoding
  return `${probe.encoding}${scheme.errorFeedback ? '; worker error feedback' : ''}; downlink: dense fp32 model (${d}×32 bits)`;
}

function summaryJson(scenario: Scenario, backend: string, schemes: readonly SchemeSummary[]): unknown {
  return {
    gradwire: GRADWIRE_VERSION,
    scenario: { name: scenario.name, description: scenario.description },
    seed: scenario.seed,
    backend,
    schemes: schemes.map((s) => ({
      name: s.name,
      label: s.label,
      encoding: s.encoding,
      fidelity: s.fidelity,
      ...s.outcome,
      final: s.final && {
        time_s: s.final.time_s,
        loss: Number.isFinite(s.final.loss) ? s.final.loss : null,
        accuracy: s.final.accuracy,
        wire_bytes_up: s.final.wire_bytes_up,
        wire_bytes_down: s.final.wire_bytes_down,
        energy_total_j: s.final.energy_total_j,
      },
      energy_by_state: s.energyByState,
    })),
  };
}
