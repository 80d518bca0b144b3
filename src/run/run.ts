import { join } from 'node:path';
import { stringify } from 'yaml';
import { Environment, RandomStreams } from '../sim/index.js';
import { initBackend } from '../learn/backend.js';
import type { Compressor } from '../learn/compress/index.js';
import type { Model } from '../learn/models/model.js';
import { Divergence, SCHEMES, type IterationRecord, type SchemeHooks } from '../learn/schemes/index.js';
import { topKDiagnostics, type TopKRound } from '../learn/diagnostics/index.js';
import type { Scenario, SchemeConfig } from '../scenario/schema.js';
import { buildModel, type BuiltModel } from './build-model.js';
import { buildNetwork } from './build-network.js';
import { runBucketed } from '../learn/schemes/bucketed.js';
import { prepareScheme } from './prepare-scheme.js';
import { type CatRow, type LinkRow, type MetricRow, type NodeRow, type TimeRow, catCsv, linksCsv, metricsCsv, nodesCsv, timeCsv, writeAtomic } from './results.js';
import { usesCat } from './resolve.js';
import { GRADWIRE_VERSION } from '../version.js';
import { runId } from './run-id.js';
import { evalEveryOf } from './eval-schedule.js';
import { verdictOf, type Verdict } from './verdict.js';
import { workerWire, type WorkerWire } from './traffic.js';
import { catRows } from './cat-rows.js';

/** How one scheme's run ended (a discriminated union, as tinybench's task results). */
export type SchemeOutcome =
  | { readonly status: 'completed'; readonly iterations: number }
  | { readonly status: 'stopped'; readonly iterations: number; readonly reason: string }
  | { readonly status: 'diverged'; readonly iterations: number; readonly atIteration: number; readonly detail: string }
  // the network lost a message for good (retries spent) and the scheme could not go on: a result of a lossy network
  | { readonly status: 'stalled'; readonly iterations: number; readonly atS: number; readonly detail: string };

/** A stopping rule fired (target reached, time or energy budget spent). */
class Stop extends Error {
  constructor(readonly iteration: number, readonly reason: string) {
    super(reason);
  }
}

/** When a scheme first reached the scenario's target (loss or accuracy), and what it had spent by then. */
export interface TimeToTarget {
  readonly target: string;
  readonly iteration: number;
  readonly time_s: number;
  readonly wire_bytes: number;
  readonly packets: number;
  readonly energy_j: number;
}

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
  /** First time the target was reached (null: never, or no target set). */
  readonly timeToTarget: TimeToTarget | null;
  /** links.csv rows of this scheme. */
  readonly links: readonly LinkRow[];
  /** nodes.csv rows of this scheme. */
  readonly nodes: readonly NodeRow[];
  /** time.csv rows of this scheme. */
  readonly time: readonly TimeRow[];
  /** cat.csv rows of this scheme (none without a CAT compressor). */
  readonly cat: readonly CatRow[];
}

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
  readonly verdict?: Verdict;
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
  writeAtomic(join(outDir, 'scenario.resolved.yaml'), stringify(scenario));
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
      writeAtomic(join(outDir, 'metrics.csv'), metricsCsv(rows));
      writeAtomic(join(outDir, 'links.csv'), linksCsv(summaries.flatMap((x) => x.links)));
      writeAtomic(join(outDir, 'nodes.csv'), nodesCsv(summaries.flatMap((x) => x.nodes)));
      writeAtomic(join(outDir, 'time.csv'), timeCsv(summaries.flatMap((x) => x.time)));
      if (scenario.schemes.slice(0, index + 1).some(usesCat)) writeAtomic(join(outDir, 'cat.csv'), catCsv(summaries.flatMap((x) => x.cat)));
      if (scenario.output.trace) writeAtomic(join(outDir, 'trace.ndjson'), trace.length > 0 ? `${trace.join('\n')}\n` : '');
      writeAtomic(join(outDir, 'summary.json'), `${JSON.stringify(summaryJson(scenario, backend, built, summaries, timing.evalEvery, verdictOf(scenario, summaries, rows)), null, 2)}\n`);
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
  let initialLoss = NaN;
  let lastIteration = 0;
  let timeToTarget: TimeToTarget | null = null;
  const stop = scenario.training.stop;
  // Diagnostics since the previous row (the thesis takes maxima per epoch).
  const diag = { rho: null as number | null, up: null as number | null, down: null as number | null, delta: null as number | null };
  const maxOf = (a: number | null, b: number | null) => (b === null ? a : a === null ? b : Math.max(a, b));
  const diagnostics = scenario.output.diagnostics;
  // each scheme feeds the diagnostics it has (the parameter server ρ̂ and 1 − γ̂, gTop-k δ)
  const observers: SchemeHooks = diagnostics
    ? {
        onRound: (round: TopKRound) => {
          const dg = topKDiagnostics(round);
          diag.rho = maxOf(diag.rho, dg.rhoHat);
          diag.up = maxOf(diag.up, dg.oneMinusGammaUplink);
          diag.down = maxOf(diag.down, dg.oneMinusGammaDownlink);
        },
        onDelta: (_t, dl) => (diag.delta = maxOf(diag.delta, dl.delta)),
      }
    : {};
  const { bucketed, ...setup } = prepared;
  const workerNames = prepared.workers.map((w) => w.name);
  const onIteration = (r: IterationRecord) => {
      lastIteration = r.iteration;
      // budgets of simulated time and energy cost nothing to check: every iteration; the loss and accuracy only where evaluated
      const spent = (stop.maxTimeS !== undefined && env.now >= stop.maxTimeS)
        || (stop.maxEnergyJ !== undefined && network.ledger.roleJ('worker', env.now) + network.ledger.roleJ('server', env.now) >= stop.maxEnergyJ);
      if (r.iteration % evalEvery !== 0 && r.iteration !== iterations && !spent) return;
      const cpu = process.cpuUsage();
      const metrics = metricRow(scheme.name, r, workerWire(network.traffic, workerNames), model, env.now, network.ledger.roleJ('worker', env.now), network.ledger.roleJ('server', env.now), measure);
      timing.evaluationCpuS += cpuSeconds(process.cpuUsage(cpu));
      const row = {
        run_id: id,
        ...metrics,
        rho_hat: diag.rho, one_minus_gamma_up: diag.up, one_minus_gamma_down: diag.down, gtopk_delta: diag.delta,
      };
      diag.rho = diag.up = diag.down = diag.delta = null;
      rows.push(row);
      if (row.loss !== null) {
        // a workload profile has no loss: nothing to diverge or reach
        if (r.iteration === 0) initialLoss = row.loss;
        if (!Number.isFinite(row.loss)) throw new Divergence(r.iteration, `training loss is ${row.loss}`);
        if (row.loss > scenario.training.divergenceFactor * Math.max(initialLoss, 1e-12)) {
          throw new Divergence(r.iteration, `training loss ${row.loss} exceeds ${scenario.training.divergenceFactor} × the initial ${initialLoss}`);
        }
      }
      const reached =
        stop.targetLoss !== undefined && row.loss !== null && row.loss <= stop.targetLoss ? `training loss ${row.loss} ≤ target ${stop.targetLoss}`
        : stop.targetAccuracy !== undefined && row.accuracy !== null && row.accuracy >= stop.targetAccuracy ? `test accuracy ${row.accuracy} ≥ target ${stop.targetAccuracy}`
        : undefined;
      if (reached !== undefined) {
        timeToTarget = { target: reached, iteration: r.iteration, time_s: row.time_s, wire_bytes: row.wire_bytes_up + row.wire_bytes_down, packets: row.packets_up + row.packets_down, energy_j: row.energy_total_j };
        throw new Stop(r.iteration, `reached the target at iteration ${r.iteration}: ${reached}`);
      }
      if (stop.maxTimeS !== undefined && row.time_s >= stop.maxTimeS) throw new Stop(r.iteration, `simulated time ${row.time_s} s reached the budget ${stop.maxTimeS} s`);
      if (stop.maxEnergyJ !== undefined && row.energy_total_j >= stop.maxEnergyJ) throw new Stop(r.iteration, `energy ${row.energy_total_j} J reached the budget ${stop.maxEnergyJ} J`);
  };
  const done = bucketed
    ? runBucketed(SCHEMES[scheme.kind], { ...setup, onIteration }, bucketed)
    : SCHEMES[scheme.kind]({ ...observers, ...setup, onIteration });
  const finish = (outcome: SchemeOutcome) => ({
    outcome,
    fidelity: network.fidelity,
    encoding: describeEncoding(scheme, uplink[0]!, downlink),
    energyByState: { worker: network.ledger.roleBreakdown('worker', env.now), server: network.ledger.roleBreakdown('server', env.now) },
    timeToTarget,
    links: [...network.traffic.byHop].map(([link, c]) => ({ scheme: scheme.name, link, wire_bytes: c.wireBytes, packets: c.packets, busy_s: c.busyS, utilization: env.now > 0 ? c.busyS / env.now : 0, retransmissions: c.retransmissions, drops: c.drops })),
    nodes: network.ledger.nodes().flatMap(({ name, role }) =>
      network.ledger.breakdown(name, env.now).map((b) => ({ scheme: scheme.name, node: name, role, state: b.state, seconds: b.seconds, joules: b.joules })),
    ),
    time: network.ledger.nodes().flatMap(({ name, role }) =>
      Object.entries(network.timeUse.breakdown(name, env.now)).map(([state, seconds]) => ({ scheme: scheme.name, node: name, role, state, seconds })),
    ),
    cat: [
      ...catRows(scheme, 'uplink', prepared.workers[0]?.name ?? 'worker/0', uplink[0]),
      ...catRows(scheme, 'downlink', prepared.server?.name ?? 'server', downlink),
    ],
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

function metricRow(
  scheme: string, r: IterationRecord, wire: WorkerWire, model: Model | undefined, timeS: number, workerJ: number, serverJ: number, measure: ReadonlySet<string>,
): Omit<MetricRow, 'run_id' | 'rho_hat' | 'one_minus_gamma_up' | 'one_minus_gamma_down' | 'gtopk_delta'> {
  const w = r.weights;
  // a workload profile trains nothing: no loss, accuracy or optimality (empty cells, never a made-up number)
  // output.metrics: what is not listed is not computed (its cells stay empty).
  // The gradient first: a GLM computes it and the margins in one pass, and the loss then reuses them.
  const grad = measure.has('grad_norm_sq') ? model?.fullGradient?.(w) : undefined;
  const loss = model === undefined ? null : model.loss(w);
  const opt = measure.has('optimality') ? model?.optimum : undefined;
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    scheme, iteration: r.iteration, time_s: timeS, loss, accuracy: measure.has('accuracy') ? (model?.accuracy?.(w) ?? null) : null,
    payload_bytes_up: r.payload.bytesUp, payload_bytes_down: r.payload.bytesDown,
    wire_bytes_up: wire.wireBytesUp, wire_bytes_down: wire.wireBytesDown,
    packets_up: wire.packetsUp, packets_down: wire.packetsDown,
    energy_worker_j: workerJ, energy_server_j: serverJ, energy_total_j: workerJ + serverJ,
    grad_norm_sq: grad ? sumSq(grad) : null,
    f_gap: opt && loss !== null ? loss - opt.loss : null,
    dist_to_opt: opt ? Math.sqrt(sumSq(w, opt.w)) : null,
    budget_mean: r.iteration === 0 ? 0 : mean(r.budgets),
    budget_min: r.iteration === 0 ? 0 : Math.min(...r.budgets),
    budget_max: r.iteration === 0 ? 0 : Math.max(...r.budgets),
    bits_up_per_worker: r.iteration === 0 ? 0 : mean(r.bitsUp),
    bits_down_per_worker: r.iteration === 0 ? 0 : mean(r.bitsDown),
    alpha_mean: r.iteration === 0 ? 0 : mean(r.alpha),
    compression_error: r.iteration === 0 ? 0 : mean(r.compressionError),
    downlink_nnz_fraction: r.downlinkNnzFraction,
  };
}

/** ‖a − b‖² (or ‖a‖²) in float64. */
function sumSq(a: Float32Array, b?: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] as number) - (b ? (b[i] as number) : 0)) ** 2;
  return s;
}

/** Why a scheme with no event left could not finish its iteration. */
function stalled(now: number, traffic: { byNode: Map<string, { drops: number }> }): string {
  let drops = 0;
  for (const c of traffic.byNode.values()) drops += c.drops;
  const why = drops > 0
    ? `${drops} packet(s) were dropped and their messages never arrived; allow more retries (arq.maxRetries, mac.upperLayerRetries) or a larger queue`
    : 'no event is left to process';
  return `stalled at t = ${now} s: ${why}`;
}

function describeEncoding(scheme: SchemeConfig, up: Compressor, down: Compressor | undefined): string {
  const dir = (c: Compressor, ef: boolean) => `${c.name} priced by ${c.encoding.name}${ef ? ' with error feedback' : ''}`;
  const downText = down ? dir(down, scheme.downlink!.errorFeedback) : 'dense fp32 model';
  return scheme.kind === 'parameter-server' ? `uplink: ${dir(up, scheme.uplink.errorFeedback)}; downlink: ${downText}` : `${scheme.kind}: ${dir(up, scheme.uplink.errorFeedback)}`;
}

function summaryJson(scenario: Scenario, backend: string, built: BuiltModel, schemes: readonly SchemeSummary[], evalEvery: number, verdict: Verdict | undefined): unknown {
  const { model, profile } = built;
  return {
    gradwire: GRADWIRE_VERSION,
    scenario: { name: scenario.name, description: scenario.description },
    seed: scenario.seed,
    backend,
    model: profile
      ? { name: profile.name, dim: profile.dim, kind: 'profile', source: profile.source, loss: 'not simulated: a workload profile trains nothing; see compression_error' }
      : { name: model!.name, dim: model!.dim, ...(model!.optimum ? { optimalLoss: model!.optimum.loss } : {}) },
    evaluation: { every: evalEvery, rule: scenario.training.evalEvery === 'auto' ? 'auto' : 'set' },
    ...(verdict ? { verdict } : {}),
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
      time_to_target: s.timeToTarget,
      energy_by_state: s.energyByState,
    })),
  };
}

/** Subscribe a trace buffer to every hop, to compute charges and to deliveries: one JSON line per event, in event order. */
function recordTrace(lines: string[], scheme: string, env: Environment, network: ReturnType<typeof buildNetwork>['network']): void {
  for (const hop of network.hops) {
    for (const kind of ['tx', 'rx'] as const) {
      hop.trace[kind].push((e) => lines.push(JSON.stringify({ scheme, t: env.now, event: kind, link: hop.name, message: e.message.id, label: e.message.label, packets: e.packets, wire_bytes: e.wireBytes, seconds: e.seconds, ...(e.retransmission ? { retransmission: true } : {}) })));
    }
    // transport ACK frames (a link's `ack`) crossing this hop back towards the message's sender
    hop.trace.ack.push((e) => lines.push(JSON.stringify({ scheme, t: env.now, event: 'ack', link: hop.name, message: e.message.id, label: e.message.label, packets: e.packets, wire_bytes: e.wireBytes, seconds: e.seconds })));
    hop.trace.drop.push((e) => lines.push(JSON.stringify({ scheme, t: env.now, event: 'drop', link: hop.name, message: e.message.id, label: e.message.label, packets: e.packets, reason: e.reason })));
  }
  network.ledger.computeTrace.push((node, seconds, watts) => lines.push(JSON.stringify({ scheme, t: env.now, event: 'compute', node, seconds, watts })));
  // a message delivered: in flight on its sender's row from its send until now
  for (const node of network.allNodes) {
    node.trace.delivered.push(({ message: m }) =>
      lines.push(JSON.stringify({ scheme, t: env.now, event: 'deliver', node: m.src, dst: m.dst, message: m.id, label: m.label, seconds: env.now - m.sentAtS })),
    );
  }
}
