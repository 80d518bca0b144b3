import { join } from 'node:path';
import { stringify } from 'yaml';
import { RandomStreams } from '../sim/index.js';
import { initBackend } from '../learn/backend.js';
import { Divergence, SCHEMES, type IterationRecord } from '../learn/schemes/index.js';
import { runBucketed } from '../learn/schemes/bucketed.js';
import { RUN_FILES, type VerdictJson } from '../results/index.js';
import type { Scenario, SchemeConfig } from '../scenario/schema.js';
import { buildModel, type BuiltModel } from './build-model.js';
import { prepareScheme } from './prepare-scheme.js';
import { type MetricRow, catCsv, linksCsv, metricsCsv, nodesCsv, timeCsv, writeAtomic } from './results.js';
import { usesCat } from './resolve.js';
import { runId } from './run-id.js';
import { evalEveryOf } from './eval-schedule.js';
import { verdictOf } from './verdict.js';
import { workerWire } from './traffic.js';
import { catRows } from './cat-rows.js';
import { diagnosticsSince, metricRow } from './metric-row.js';
import { Stop, StopRules, stalled } from './stop-rules.js';
import { describeEncoding, summaryJson, summaryText, type SchemeOutcome, type SchemeSummary } from './summary.js';
import { schemeTables } from './scheme-tables.js';
import { recordTrace, traceText } from './trace.js';

export type { SchemeOutcome, SchemeSummary } from './summary.js';

/** Hooks the CLI gives the run (progress display); none affects results. */
export interface RunHooks {
  readonly onSchemeStart?: (scheme: SchemeConfig, index: number) => void;
  readonly onIteration?: (scheme: SchemeConfig, iteration: number) => void | Promise<void>;
}

/** Where a run's CPU went (measured, for `--timing`; never written into result files, which stay deterministic). */
export interface RunTiming {
  /** CPU seconds of the whole run (building the model, every scheme, writing results). */
  totalCpuS: number;
  /** CPU seconds spent evaluating (full-batch loss and output.metrics). */
  evaluationCpuS: number;
  /** Iterations between evaluations (training.evalEvery, `auto` resolved). */
  evalEvery: number;
}

/** The result of running a scenario. */
export interface RunResult {
  readonly backend: string;
  readonly rows: readonly MetricRow[];
  readonly schemes: readonly SchemeSummary[];
  readonly timing: RunTiming;
  /** Who reached the target first (absent without a target). */
  readonly verdict?: VerdictJson;
}

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

/**
 * Run every scheme of a resolved scenario on the same data, partition, initial
 * model and mini-batch sequence (repetition `run` of the seed changes every
 * stream), writing the run directory as it goes: after
 * each scheme metrics.csv and summary.json are rewritten atomically, so
 * finished schemes survive a crash later in the run.
 */
export async function runScenario(scenario: Scenario, outDir: string, hooks: RunHooks = {}, run = 0): Promise<RunResult> {
  const started = process.cpuUsage();
  const timing: RunTiming = { totalCpuS: 0, evaluationCpuS: 0, evalEvery: 1 };
  const backend = await initBackend();
  // Every random stream derives from (seed, run index, component name).
  const streams = new RandomStreams(scenario.seed, run);
  const id = runId(scenario, run);
  const built = await buildModel(scenario, streams);
  // written once the model and its data exist: a run that cannot start leaves nothing behind
  writeAtomic(join(outDir, RUN_FILES.scenario), stringify(scenario));
  const rows: MetricRow[] = [];
  const summaries: SchemeSummary[] = [];
  const trace: string[] = [];
  try {
    for (const [index, scheme] of scenario.schemes.entries()) {
      hooks.onSchemeStart?.(scheme, index);
      const schemeRows: MetricRow[] = [];
      const result = await runScheme(scenario, scheme, built, streams, id, schemeRows, hooks, timing, scenario.output.trace ? trace : undefined);
      rows.push(...schemeRows);
      summaries.push({ name: scheme.name, label: scheme.label ?? scheme.name, ...result, final: schemeRows.at(-1) ?? null });
      writeAtomic(join(outDir, RUN_FILES.metrics), metricsCsv(rows));
      writeAtomic(join(outDir, RUN_FILES.links), linksCsv(summaries.flatMap((x) => x.links)));
      writeAtomic(join(outDir, RUN_FILES.nodes), nodesCsv(summaries.flatMap((x) => x.nodes)));
      writeAtomic(join(outDir, RUN_FILES.time), timeCsv(summaries.flatMap((x) => x.time)));
      if (scenario.schemes.slice(0, index + 1).some(usesCat)) writeAtomic(join(outDir, RUN_FILES.cat), catCsv(summaries.flatMap((x) => x.cat)));
      if (scenario.output.trace) writeAtomic(join(outDir, RUN_FILES.trace), traceText(trace));
      writeAtomic(join(outDir, RUN_FILES.summary), summaryText(summaryJson(scenario, backend, built, summaries, timing.evalEvery, verdictOf(scenario, summaries, rows))));
    }
  } finally {
    built.model?.dispose();
  }
  timing.totalCpuS = cpuSeconds(process.cpuUsage(started));
  const verdict = verdictOf(scenario, summaries, rows);
  return { backend, rows, schemes: summaries, timing, ...(verdict ? { verdict } : {}) };
}

async function runScheme(
  scenario: Scenario,
  scheme: SchemeConfig,
  built: BuiltModel,
  streams: RandomStreams,
  id: string,
  rows: MetricRow[],
  hooks: RunHooks,
  timing: RunTiming,
  trace?: string[],
): Promise<Omit<SchemeSummary, 'name' | 'label' | 'final'>> {
  const { model } = built;
  const prepared = prepareScheme(scenario, scheme, built, streams);
  const { env, network, uplink, downlink } = prepared;
  const iterations = scenario.training.iterations;
  const measure = new Set<string>(scenario.output.metrics ?? ['accuracy', 'grad_norm_sq', 'optimality']);
  const evalEvery = evalEveryOf(scenario, model, measure);
  timing.evalEvery = evalEvery;
  if (trace) recordTrace(trace, scheme.name, env, network);
  let lastIteration = 0;
  const rules = new StopRules(scenario.training);
  // each scheme feeds the diagnostics it has (the parameter server ρ̂ and 1 − γ̂, gTop-k δ); a bucketed one none, so
  // the scenario's checks refuse output.diagnostics for it (scenario/output-checks.ts)
  const diagnostics = diagnosticsSince(scenario.output.diagnostics);
  const { bucketed, ...setup } = prepared;
  const workerNames = prepared.workers.map((w) => w.name);
  const onIteration = (r: IterationRecord) => {
    lastIteration = r.iteration;
    // budgets of simulated time and energy cost nothing to check: every iteration; the loss and accuracy only where evaluated
    const spent = rules.spent(env.now, () => network.ledger.roleJ('worker', env.now) + network.ledger.roleJ('server', env.now));
    if (r.iteration % evalEvery !== 0 && r.iteration !== iterations && !spent) return;
    const cpu = process.cpuUsage();
    const metrics = metricRow(scheme.name, r, workerWire(network.traffic, workerNames), model, env.now, network.ledger.roleJ('worker', env.now), network.ledger.roleJ('server', env.now), measure);
    timing.evaluationCpuS += cpuSeconds(process.cpuUsage(cpu));
    const row = { run_id: id, ...metrics, ...diagnostics.take() };
    rows.push(row);
    rules.check(r.iteration, row);
  };
  const done = bucketed ? runBucketed(SCHEMES[scheme.kind], { ...setup, onIteration }, bucketed) : SCHEMES[scheme.kind]({ ...diagnostics.hooks, ...setup, onIteration });
  const finish = (outcome: SchemeOutcome) => ({
    outcome,
    fidelity: network.fidelity,
    encoding: describeEncoding(scheme, uplink[0]!, downlink),
    energyByState: { worker: network.ledger.roleBreakdown('worker', env.now), server: network.ledger.roleBreakdown('server', env.now) },
    timeToTarget: rules.timeToTarget,
    ...schemeTables(scheme.name, env, network),
    cat: [...catRows(scheme, 'uplink', prepared.workers[0]?.name ?? 'worker/0', uplink[0]), ...catRows(scheme, 'downlink', prepared.server?.name ?? 'server', downlink)],
  });
  let reported = 0;
  try {
    while (!done.processed) {
      if (!env.step()) return finish({ status: 'stalled', iterations: lastIteration, atS: env.now, detail: stalled(env.now, network.traffic) });
      if (lastIteration !== reported) {
        reported = lastIteration;
        await hooks.onIteration?.(scheme, reported);
      }
    }
  } catch (e) {
    if (e instanceof Divergence) return finish({ status: 'diverged', iterations: lastIteration, atIteration: e.iteration, detail: e.detail });
    if (e instanceof Stop) return finish({ status: 'stopped', iterations: e.iteration, reason: e.reason });
    throw e;
  }
  return finish({ status: 'completed', iterations });
}
