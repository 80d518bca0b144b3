/**
 * Synthetic result files shared by the report tests: a run directory with
 * every result file the simulator writes (so every chart has data), the same
 * as a workload-profile run (no loss), a two-parameter sweep directory with
 * repetitions, and a profile sweep over workers and link presets. Written by
 * hand from the documented formats, not by the simulator, so each test
 * controls the values.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAT_FORMAT, LINKS_FORMAT, NODES_FORMAT, TIME_FORMAT, headerLine } from '../../src/results/index.js';

/** A metrics.csv header with the optional columns the fixture fills (the simulator writes more: see src/results/metrics.ts; older files lack the added ones). */
export const HEADER =
  'scheme,iteration,time_s,loss,accuracy,payload_bytes_up,payload_bytes_down,wire_bytes_up,wire_bytes_down,packets_up,packets_down,energy_worker_j,energy_server_j,energy_total_j,grad_norm_sq,f_gap,dist_to_opt,budget_mean,bits_up_per_worker,bits_down_per_worker,alpha_mean,compression_error,downlink_nnz_fraction';

/** The oldest metrics.csv header the report still reads. */
export const OLD_HEADER =
  'scheme,iteration,time_s,loss,accuracy,payload_bytes_up,payload_bytes_down,wire_bytes_up,wire_bytes_down,packets_up,packets_down,energy_worker_j,energy_server_j,energy_total_j';

/** A scheme of the synthetic run. */
export interface FixtureScheme {
  name: string;
  label?: string;
  /** Wire bytes up per iteration. */
  bytesPerIt: number;
  /** Time per iteration, s. */
  secondsPerIt: number;
  /**
   * Worker compute per iteration, s: time.csv then gives each worker a quarter
   * of it as overlap, the rest as compute, and the remaining run time as
   * transmit. Unset: fixed shares of the run time (see {@link timeCsv}).
   */
  computePerIt?: number;
  /** Compression error at iteration it ≥ 1 (default: 0 for the first scheme, which sends all, 0.9 − 0.1/it for the others). */
  errorOf?: (it: number) => number;
}

/** The schemes of the synthetic run, in CSV order: `dense` sends 10× the bytes of `topk-ef`. */
export const FIXTURE_SCHEMES: readonly FixtureScheme[] = [
  { name: 'dense', label: 'Dense SGD', bytesPerIt: 40_000, secondsPerIt: 0.03 },
  { name: 'topk-ef', label: 'Top-k + error feedback', bytesPerIt: 4_000, secondsPerIt: 0.01 },
];

/** Scheme names of the synthetic run. */
export const SCHEMES = FIXTURE_SCHEMES.map((s) => s.name);

/** What {@link makeRunDir} writes. */
export interface RunFixtureOptions {
  schemes?: readonly FixtureScheme[];
  scenarioName?: string;
  /** Loss of a scheme at an iteration (default: decays from 2.3). */
  lossOf?: (scheme: string, it: number) => number;
  /** Write the accuracy column (every other iteration). Default true. */
  accuracy?: boolean;
  /** Use the oldest metrics.csv format (no budget column etc.). Default false. */
  oldFormat?: boolean;
  /** Files to leave out: links.csv, nodes.csv, time.csv, trace.ndjson, cat.csv, scenario.resolved.yaml. */
  omit?: readonly string[];
  /** Give the second scheme a time to target. Default true. */
  target?: boolean;
  /**
   * A workload-profile run: empty loss, accuracy and grad_norm_sq cells,
   * summary.json model.kind `profile` with its `loss` reason, final losses
   * null, no target. Default false.
   */
  profile?: boolean;
  /** summary.json `verdict` as given (see {@link fixtureVerdict}); none by default, as in runs written before it existed. */
  verdict?: object;
}

/** summary.json `model` of the profile fixture. */
export const PROFILE_MODEL = {
  name: 'resnet50',
  dim: 25_557_032,
  kind: 'profile',
  source: 'He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016',
  loss: 'not simulated: a workload profile trains nothing; see compression_error',
} as const;

const ITERATIONS = 4;

/** Synthetic cumulative metrics. The second scheme's budget varies over iterations, the first's does not. */
export function metricsCsv(options: RunFixtureOptions = {}): string {
  const schemes = options.schemes ?? FIXTURE_SCHEMES;
  const lossOf = options.lossOf ?? ((s, it) => 2.3 / (1 + it * (s === schemes[0]?.name ? 1 : 0.8)));
  const lines = [options.oldFormat ? OLD_HEADER : HEADER];
  schemes.forEach((s, k) => {
    const errorOf = s.errorOf ?? ((it: number) => (k === 0 ? 0 : 0.9 - 0.1 / it));
    for (let it = 0; it <= ITERATIONS; it++) {
      const up = s.bytesPerIt * it;
      const down = up / 2;
      const ew = 0.5 * it;
      const es = 0.1 * it;
      const acc = options.profile || options.accuracy === false || it % 2 === 1 ? '' : String(0.1 + 0.2 * it);
      const budget = it === 0 ? 0 : k === 0 ? 100 : 10 * it;
      const loss = options.profile ? '' : lossOf(s.name, it);
      const cells = [s.name, it, s.secondsPerIt * it, loss, acc, up * 0.9, down * 0.9, up, down, it * 30, it * 15, ew, es, ew + es];
      const extra = [options.profile ? '' : 0.01 / (1 + it), '', '', budget, budget * 32, 64_000, it === 0 ? 0 : 0.5, it === 0 ? 0 : errorOf(it), 1];
      lines.push([...cells, ...(options.oldFormat ? [] : extra)].join(','));
    }
  });
  return lines.join('\n') + '\n';
}

/** summary.json: the first scheme completed, the second stopped at a target. */
export function summary(options: RunFixtureOptions = {}): object {
  const schemes = options.schemes ?? FIXTURE_SCHEMES;
  return {
    gradwire: '0.1.0',
    scenario: { name: options.scenarioName ?? 'tiny-test', description: 'two schemes, five iterations' },
    seed: 42,
    backend: 'cpu',
    model: options.profile ? PROFILE_MODEL : { name: 'logistic-regression', dim: 200 },
    ...(options.verdict ? { verdict: options.verdict } : {}),
    schemes: schemes.map((s, k) => ({
      name: s.name,
      ...(s.label !== undefined ? { label: s.label } : {}),
      encoding: 'raw32',
      fidelity: 'message',
      status: k === 1 && !options.profile ? 'stopped' : 'completed',
      iterations: ITERATIONS,
      final: {
        time_s: s.secondsPerIt * ITERATIONS,
        loss: k === 1 || options.profile ? null : 0.46,
        accuracy: options.profile ? null : 0.9,
        wire_bytes_up: s.bytesPerIt * ITERATIONS,
        wire_bytes_down: (s.bytesPerIt * ITERATIONS) / 2,
        energy_total_j: 2.4,
      },
      time_to_target:
        options.target !== false && !options.profile && k === 1
          ? { target: 'training loss 0.5 ≤ target 0.6', iteration: 3, time_s: s.secondsPerIt * 3, wire_bytes: s.bytesPerIt * 4.5, energy_j: 1.8 }
          : null,
      energy_by_state: {},
    })),
    extra: { ignored: true },
  };
}

/**
 * A summary.json `verdict` for the fixture's schemes as src/run/verdict.ts
 * writes it: `topk-ef` first, 3× sooner than the baseline `dense`, with 10×
 * fewer bytes, twice the packets and about the same energy; with
 * `reached: false`, the baseline never reached the target (ratios null).
 */
export function fixtureVerdict(options: { baselineReached?: boolean } = {}): object {
  const reached = options.baselineReached !== false;
  const topk = {
    scheme: 'topk-ef',
    label: 'Top-k + error feedback',
    reached: true,
    iteration: 3,
    time_s: 0.03,
    wire_bytes: 18_000,
    packets: 270,
    energy_j: 1.8,
    speedup: reached ? 3 : null,
    bytes_ratio: reached ? 10 : null,
    packets_ratio: reached ? 0.5 : null,
    energy_ratio: reached ? 1.02 : null,
    best_loss: 0.5,
    best_accuracy: 0.9,
  };
  const dense = reached
    ? {
        scheme: 'dense',
        label: 'Dense SGD',
        reached: true,
        iteration: 3,
        time_s: 0.09,
        wire_bytes: 180_000,
        packets: 135,
        energy_j: 1.836,
        speedup: 1,
        bytes_ratio: 1,
        packets_ratio: 1,
        energy_ratio: 1,
        best_loss: 0.46,
        best_accuracy: 0.9,
      }
    : {
        scheme: 'dense',
        label: 'Dense SGD',
        reached: false,
        iteration: null,
        time_s: null,
        wire_bytes: null,
        packets: null,
        energy_j: null,
        speedup: null,
        bytes_ratio: null,
        packets_ratio: null,
        energy_ratio: null,
        best_loss: 0.6123456,
        best_accuracy: 0.7,
      };
  return {
    target: 'training loss ≤ 0.6',
    baseline: 'dense',
    winner: 'topk-ef',
    ranking: [topk, dense],
    sentence: reached
      ? 'Top-k + error feedback (topk-ef) reached training loss ≤ 0.6 first, at t = 0.03 s (iteration 3): 3× sooner than Dense SGD, with 10× fewer wire bytes and about the same energy.'
      : 'Top-k + error feedback (topk-ef) reached training loss ≤ 0.6 first, at t = 0.03 s (iteration 3); the baseline Dense SGD never did.',
  };
}

/** links.csv of a 2-worker star. */
export function linksCsv(schemes: readonly FixtureScheme[] = FIXTURE_SCHEMES): string {
  const lines = [headerLine(LINKS_FORMAT)];
  for (const s of schemes) {
    for (const link of ['worker/0→switch', 'worker/1→switch', 'switch→server', 'server→switch', 'switch→worker/0', 'switch→worker/1']) {
      const share = link.includes('server') ? 0.6 : 0.2;
      lines.push([s.name, link, s.bytesPerIt, 30, share * s.secondsPerIt * ITERATIONS, share, 0, 0].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/** nodes.csv: two workers, a server and a switch (which the charts leave out). */
export function nodesCsv(schemes: readonly FixtureScheme[] = FIXTURE_SCHEMES): string {
  const lines = [headerLine(NODES_FORMAT)];
  for (const s of schemes) {
    const total = s.secondsPerIt * ITERATIONS;
    lines.push([s.name, 'switch', 'switch', 'tx', total, 0].join(','));
    for (const node of ['server', 'worker/0', 'worker/1']) {
      const role = node === 'server' ? 'server' : 'worker';
      for (const [state, share, watts] of [
        ['compute', 0.3, 6],
        ['tx', 0.2, 1],
        ['rx', 0.2, 1],
        ['idle', 0.3, 1],
      ] as const) {
        lines.push([s.name, node, role, state, share * total, share * total * watts].join(','));
      }
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * time.csv: the same nodes, each node's states summing to the run time: fixed
 * shares of it (overlap 0.1, compute 0.2, …), or with `computePerIt` the
 * workers' compute and overlap from it and the rest transmitting.
 */
export function timeCsv(schemes: readonly FixtureScheme[] = FIXTURE_SCHEMES): string {
  const lines = [headerLine(TIME_FORMAT)];
  for (const s of schemes) {
    const total = s.secondsPerIt * ITERATIONS;
    for (const [state, share] of [
      ['transmit', 0.9],
      ['idle', 0.1],
    ] as const)
      lines.push([s.name, 'switch', 'switch', state, share * total].join(','));
    for (const node of ['server', 'worker/0', 'worker/1']) {
      const role = node === 'server' ? 'server' : 'worker';
      if (s.computePerIt !== undefined && role === 'worker') {
        const c = s.computePerIt * ITERATIONS;
        for (const [state, seconds] of [
          ['overlap', c / 4],
          ['compute', (3 * c) / 4],
          ['transmit', total - c],
          ['receive', 0],
          ['waiting', 0],
          ['idle', 0],
        ] as const) {
          lines.push([s.name, node, role, state, seconds].join(','));
        }
        continue;
      }
      for (const [state, share] of [
        ['overlap', 0.1],
        ['compute', 0.2],
        ['transmit', 0.2],
        ['receive', 0.15],
        ['waiting', 0.1],
        ['idle', 0.25],
      ] as const) {
        lines.push([s.name, node, role, state, share * total].join(','));
      }
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * trace.ndjson of a parameter-server iteration loop: each worker computes,
 * sends `up/t` through the switch, the server computes and sends `down/t` back.
 */
export function traceNdjson(schemes: readonly FixtureScheme[] = FIXTURE_SCHEMES): string {
  const lines: string[] = [];
  for (const s of schemes) {
    const tx = s.bytesPerIt / 1e9; // seconds on the wire at 8 Gb/s-ish, exact value irrelevant
    let t = 0;
    for (let it = 1; it <= ITERATIONS; it++) {
      const ev = (e: object) => lines.push(JSON.stringify({ scheme: s.name, ...e }));
      t += 0.001;
      for (const w of [0, 1]) ev({ t, event: 'compute', node: `worker/${w}`, seconds: 0.001, watts: 6 });
      for (const w of [0, 1]) {
        ev({ t: t + tx, event: 'tx', link: `worker/${w}→switch`, message: 2 * it + w, label: `up/${it}`, packets: 3, wire_bytes: s.bytesPerIt / 2, seconds: tx });
        ev({ t: t + tx + 1e-6, event: 'rx', link: `worker/${w}→switch`, message: 2 * it + w, label: `up/${it}`, packets: 3, wire_bytes: s.bytesPerIt / 2, seconds: tx });
      }
      t += tx + 1e-6;
      ev({ t: t + 0.0005, event: 'compute', node: 'server', seconds: 0.0005, watts: 6 });
      t += 0.0005;
      for (const w of [0, 1]) {
        ev({ t: t + tx, event: 'tx', link: `switch→worker/${w}`, message: 100 + 2 * it + w, label: `down/${it}`, packets: 3, wire_bytes: s.bytesPerIt / 2, seconds: tx });
        ev({ t: t + tx + 1e-6, event: 'rx', link: `switch→worker/${w}`, message: 100 + 2 * it + w, label: `down/${it}`, packets: 3, wire_bytes: s.bytesPerIt / 2, seconds: tx });
      }
      t += tx + 1e-6;
    }
  }
  return lines.join('\n') + '\n';
}

/** T values of the synthetic CAT curves (spanning two decades). */
export const CAT_BUDGETS = [1, 2, 5, 10, 20, 50, 100, 200];

/**
 * cat.csv: the second scheme's CAT curves, uplink (worker/0) and downlink
 * (server), at iterations 1 and 4: α(T) = 1 − e^(−T/(4·it²)) (it: iteration,
 * 1 or 4), C(T) = 64·T + 432 bits; the chosen T is the first maximiser of α/C
 * (5 at iteration 1, 20 at iteration 4).
 */
export function catCsv(schemes: readonly FixtureScheme[] = FIXTURE_SCHEMES): string {
  const lines = [headerLine(CAT_FORMAT)];
  const scheme = schemes[1] ?? schemes[0]!;
  for (const [direction, sender] of [
    ['uplink', 'worker/0'],
    ['downlink', 'server'],
  ] as const) {
    for (const it of [1, 4]) {
      const curve = CAT_BUDGETS.map((t) => {
        const measure = 1 - Math.exp(-t / (4 * it * it));
        const cost = 64 * t + 432;
        return { t, measure, cost, efficiency: measure / cost };
      });
      const best = curve.reduce((a, b) => (b.efficiency > a.efficiency ? b : a));
      for (const c of curve) lines.push([scheme.name, direction, sender, it, it, 'sparsification', c.t, c.measure, c.cost, c.efficiency, 'bit', c === best ? 1 : 0].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/** scenario.resolved.yaml of a profile run (the fields the header shows): no target, nothing trained. */
export function profileYaml(name = 'tiny-profile'): string {
  return resolvedYaml(name)
    .replace(/model:\n  kind: logistic-regression\n  features: 200\n/, `model:\n  kind: profile\n  name: ${PROFILE_MODEL.name}\n`)
    .replace(/  stop:\n    targetLoss: 0\.6\n/, '  stop: {}\n');
}

/** scenario.resolved.yaml (the fields the header shows). */
export function resolvedYaml(name = 'tiny-test', extra = ''): string {
  return `name: ${JSON.stringify(name)}
seed: 42
network:
  topology: parameter-server-star
  fidelity: auto
  workerLink:
    preset: ethernet-1g-udp
    set:
      bandwidthBps: 1000000000
      latencyS: 5.0e-7
  serverLink:
    preset: ethernet-10g-udp
    set:
      bandwidthBps: 10000000000
      latencyS: 5.0e-7
workers:
  count: 2
  device: server-cpu
  batchSize: 16
model:
  kind: logistic-regression
  features: 200
training:
  iterations: 4
  learningRate: 20
  stop:
    targetLoss: 0.6
${extra}`;
}

/** Creates a temp run directory with every result file; the caller removes it. */
export async function makeRunDir(options: RunFixtureOptions = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gradwire-report-'));
  await writeRunFiles(dir, options);
  return dir;
}

/** Writes the result files of {@link makeRunDir} into `dir`. */
export async function writeRunFiles(dir: string, options: RunFixtureOptions = {}): Promise<void> {
  const schemes = options.schemes ?? FIXTURE_SCHEMES;
  const omit = new Set(options.omit ?? []);
  const files: [string, string][] = [
    ['metrics.csv', metricsCsv(options)],
    ['summary.json', JSON.stringify(summary(options), null, 2)],
    ['links.csv', linksCsv(schemes)],
    ['nodes.csv', nodesCsv(schemes)],
    ['time.csv', timeCsv(schemes)],
    ['trace.ndjson', traceNdjson(schemes)],
    ['cat.csv', catCsv(schemes)],
    ['scenario.resolved.yaml', options.profile ? profileYaml(options.scenarioName) : resolvedYaml(options.scenarioName)],
  ];
  await mkdir(dir, { recursive: true });
  for (const [name, text] of files) if (!omit.has(name)) await writeFile(join(dir, name), text);
}

/** Swept parameters of the synthetic sweep and their values. */
export const SWEEP_PARAMS = {
  'workers.count': [2, 4],
  'network.workerLink.set.bandwidthBps': [1e8, 1e9],
} as const;

/**
 * Creates a temp sweep directory: 2 × 2 parameter combinations × 2 runs (8
 * points), each with a run directory under runs/, plus sweep.csv and
 * sweep.json as the sweep module writes them. With `params: 1` only
 * workers.count is swept (4 points).
 */
export async function makeSweepDir(
  options: {
    params?: 1 | 2;
    schemes?: readonly FixtureScheme[];
    /** Values of workers.count (default SWEEP_PARAMS'). */
    counts?: readonly number[];
    /** The second run of every combination never reaches the target. */
    secondRunMisses?: boolean;
    /** Give each point's summary.json the verdict {@link sweepWinner} names (which scheme wins where). */
    verdicts?: boolean;
  } = {},
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gradwire-report-sweep-'));
  const paths = options.params === 1 ? ['workers.count'] : Object.keys(SWEEP_PARAMS);
  const counts = options.counts ?? SWEEP_PARAMS['workers.count'];
  const rates = options.params === 1 ? [1e9] : SWEEP_PARAMS['network.workerLink.set.bandwidthBps'];
  const baseSchemes = options.schemes ?? FIXTURE_SCHEMES;
  const points: object[] = [];
  const csv = [`point,run,seed,${paths.map((p) => (p.includes(',') ? JSON.stringify(p) : p)).join(',')},${HEADER}`];
  let index = 0;
  for (const count of counts) {
    for (const rate of rates) {
      for (let run = 0; run < 2; run++) {
        const id = `p${String(index).padStart(11, '0')}`;
        const params: Record<string, number> = { 'workers.count': count };
        if (paths.length === 2) params['network.workerLink.set.bandwidthBps'] = rate;
        // Slower links: longer iterations; more workers: faster convergence; run 1 a little noisier.
        const schemes = baseSchemes.map((s) => ({ ...s, secondsPerIt: (s.secondsPerIt * 1e9) / rate }));
        const lossOf = (scheme: string, it: number) => (2.3 / (1 + it * (count / 2) * (scheme === schemes[0]?.name ? 1 : 0.8))) * (run === 0 ? 1 : 1.05);
        const runDir = join(dir, 'runs', id);
        const verdict = options.verdicts ? pointVerdict(sweepWinner(count, rate, run)) : undefined;
        await writeRunFiles(runDir, { schemes, lossOf, omit: ['trace.ndjson'], target: !(options.secondRunMisses && run === 1), ...(verdict ? { verdict } : {}) });
        const metrics = metricsCsv({ schemes, lossOf });
        for (const line of metrics.trimEnd().split('\n').slice(1)) {
          csv.push([id, run, 42, ...paths.map((p) => params[p]), line].join(','));
        }
        points.push({ index, id, run, seed: 42, params, status: 'completed', schemes: Object.fromEntries(schemes.map((s) => [s.name, 'completed'])) });
        index++;
      }
    }
  }
  await writeFile(join(dir, 'sweep.csv'), csv.join('\n') + '\n');
  await writeFile(join(dir, 'sweep.json'), JSON.stringify({ scenario: 'tiny-sweep', sweep: 'f'.repeat(64), total: points.length, shard: null, parameters: paths, points }, null, 2));
  return dir;
}

/**
 * Who wins at each point of the verdict sweep: `topk-ef` at 2 workers (both
 * runs on the slower link, only run 0 on the faster one, whose run 1 reaches
 * nothing), nobody at 4 workers on the slower link, the baseline `dense` at 4
 * on the faster one.
 */
export function sweepWinner(count: number, rate: number, run: number): 'dense' | 'topk-ef' | null {
  if (count === 2) return rate === 1e9 && run === 1 ? null : 'topk-ef';
  return rate === 1e9 ? 'dense' : null;
}

/** A point's summary.json verdict with `winner` first (null: no scheme reached the target); `topk-ef` wins by 2× (run time 0.02 s) on 8× fewer bytes. */
export function pointVerdict(winner: 'dense' | 'topk-ef' | null): object {
  const none = { iteration: null, time_s: null, wire_bytes: null, packets: null, energy_j: null, speedup: null, bytes_ratio: null, packets_ratio: null, energy_ratio: null };
  const dense = {
    scheme: 'dense',
    label: 'Dense SGD',
    reached: winner !== null,
    ...(winner === null ? none : { iteration: 2, time_s: 0.04, wire_bytes: 120_000, packets: 90, energy_j: 1.2, speedup: 1, bytes_ratio: 1, packets_ratio: 1, energy_ratio: 1 }),
    best_loss: 0.5,
    best_accuracy: 0.9,
  };
  const topk = {
    scheme: 'topk-ef',
    label: 'Top-k + error feedback',
    reached: winner === 'topk-ef',
    ...(winner === 'topk-ef' ? { iteration: 2, time_s: 0.02, wire_bytes: 15_000, packets: 90, energy_j: 1.2, speedup: 2, bytes_ratio: 8, packets_ratio: 1, energy_ratio: 1 } : none),
    best_loss: 0.65,
    best_accuracy: 0.8,
  };
  return { target: 'training loss ≤ 0.6', baseline: 'dense', winner, ranking: winner === 'topk-ef' ? [topk, dense] : [dense, topk], sentence: `${winner ?? 'nobody'} first.` };
}

/** Swept parameters of the synthetic profile sweep: workers doubling × two link presets, as the gTop-k scaling study. */
export const PROFILE_SWEEP_PARAMS = {
  'workers.count': [4, 8, 16, 32],
  'network.workerLink.preset': ['ethernet-1g-udp', 'ethernet-10g-udp'],
} as const;

/** Bit rate of each preset of {@link PROFILE_SWEEP_PARAMS}. */
const PRESET_BPS: Record<string, number> = { 'ethernet-1g-udp': 1e9, 'ethernet-10g-udp': 1e10 };

/** Worker compute per iteration of the profile sweep's schemes, s. */
export const PROFILE_COMPUTE_S = 0.02;

/**
 * The profile sweep's schemes at P workers on a link of `bps`: each iteration
 * is {@link PROFILE_COMPUTE_S} of compute plus its collective's time for
 * d = 10⁶ gradients at k = 1000: dense ring all-reduce 2(P−1)/P · 4d bytes
 * (flat in P), all-gather Top-k (P−1) · 8k (O(kP)), gTop-k log2 P · 8k (O(k log P)).
 */
export function profileSchemes(P: number, bps: number): FixtureScheme[] {
  const seconds = (bytes: number) => (8 * bytes) / bps;
  const scheme = (name: string, label: string, bytesPerIt: number, errorOf: (it: number) => number): FixtureScheme => ({
    name,
    label,
    bytesPerIt,
    secondsPerIt: PROFILE_COMPUTE_S + seconds(bytesPerIt),
    computePerIt: PROFILE_COMPUTE_S,
    errorOf,
  });
  return [
    scheme('dense-ring', 'Dense ring all-reduce', (2 * (P - 1) * 4e6) / P, () => 0),
    scheme('allgather-topk', 'All-gather Top-k', (P - 1) * 8000, (it) => 0.9 - 0.1 / it),
    scheme('gtopk', 'gTop-k', Math.log2(P) * 8000, (it) => 0.95 - 0.1 / it),
  ];
}

/**
 * Creates a temp sweep directory of profile runs: {@link PROFILE_SWEEP_PARAMS}
 * (8 combinations) × 2 runs, each with its run directory (empty loss cells,
 * summary.json model.kind profile, time.csv from {@link profileSchemes}).
 */
export async function makeProfileSweepDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gradwire-report-profile-sweep-'));
  const paths = Object.keys(PROFILE_SWEEP_PARAMS);
  const points: object[] = [];
  const csv = [`point,run,seed,${paths.join(',')},${HEADER}`];
  let index = 0;
  for (const count of PROFILE_SWEEP_PARAMS['workers.count']) {
    for (const preset of PROFILE_SWEEP_PARAMS['network.workerLink.preset']) {
      for (let run = 0; run < 2; run++) {
        const id = `p${String(index).padStart(11, '0')}`;
        const params = { 'workers.count': count, 'network.workerLink.preset': preset };
        const schemes = profileSchemes(count, PRESET_BPS[preset]!);
        await writeRunFiles(join(dir, 'runs', id), { schemes, profile: true, omit: ['trace.ndjson', 'cat.csv'] });
        for (const line of metricsCsv({ schemes, profile: true }).trimEnd().split('\n').slice(1)) csv.push([id, run, 42, count, preset, line].join(','));
        points.push({ index, id, run, seed: 42, params, status: 'completed', schemes: Object.fromEntries(schemes.map((s) => [s.name, 'completed'])) });
        index++;
      }
    }
  }
  await writeFile(join(dir, 'sweep.csv'), csv.join('\n') + '\n');
  await writeFile(join(dir, 'sweep.json'), JSON.stringify({ scenario: 'tiny-profile-sweep', total: points.length, shard: null, parameters: paths, points }, null, 2));
  return dir;
}
