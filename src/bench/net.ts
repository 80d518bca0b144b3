import { execFileSync } from 'node:child_process';
import { Environment, type ProcessGenerator } from '../sim/index.js';
import { LINK_PRESETS, buildStar, type Fidelity } from '../net/index.js';
import { runTransfer } from '../net/experiments/transfer.js';
import { compared, emit, pairedMedians, pairedRepeats, round, type BenchRecord, type PairedRuns } from './harness.js';

const FIDELITIES = ['packet', 'message', 'flow'] as const;

const WORKERS = 64;
const MESSAGE_BYTES = 1_000_000;

/**
 * The workload: a 64-worker 1 GbE star, every worker sends 1 MB to the server
 * at t = 0 (an incast: at message fidelity the 64 trains interleave packet by
 * packet at the switch's port to the server, issue #14). `broadcast`: the
 * server sends 1 MB to every worker instead (one train at a time on every
 * port: message fidelity's closed form). `preset`: the links (the TCP presets
 * send ACK frames back, every second packet).
 */
export function starIncast(fidelity: Fidelity, broadcast = false, preset = 'ethernet-1g-udp'): { events: number; simulatedS: number } {
  const env = new Environment();
  const eth = LINK_PRESETS[preset]!;
  const attachment = { link: eth, power: eth.power };
  const star = buildStar(env, { workers: Array.from({ length: WORKERS }, () => attachment), server: attachment }, { fidelity });
  if (broadcast) {
    for (const w of star.workers) star.network.send('server', w.name, MESSAGE_BYTES, 'broadcast', null);
    env.run();
    return { events: env.eventsProcessed, simulatedS: env.now };
  }
  for (const w of star.workers) star.network.send(w.name, 'server', MESSAGE_BYTES, 'incast', null);
  let simulatedS = 0;
  env.process(
    (function* (): ProcessGenerator<void> {
      for (let i = 0; i < WORKERS; i++) yield star.server.inbox.get();
      simulatedS = env.now;
    })(),
  );
  env.run();
  return { events: env.eventsProcessed, simulatedS };
}

/** Rounds: each times every fidelity once (packet ≈ 0.2–0.5 s, the others ≈ 10 ms). */
const ROUNDS = 11;

/**
 * Run the net suite: the same workload at every fidelity, in one process, in
 * alternation (one run of each per round, {@link ROUNDS} rounds after one
 * warm-up each). One line per fidelity `{bench: "net", case: "packet" |
 * "message" | "flow", workers, messageBytes, ms, events, simulatedS, rounds}`,
 * `ms` the median; `message` and `flow` add `baseline` (the packet case) and
 * `ratio`, the median over rounds of their ms / packet's ms in the same round,
 * also printed as `msOverPacket` (issue 3's target: message ≤ 1/20 = 0.05). Then the server's broadcast (`broadcast-…`) and the
 * incast over TCP, with ACK frames (`incast-tcp-…`), the same way; then issue
 * 13's incast at packet fidelity, in child processes for its peak memory
 * ({@link runIncastBench}).
 */
export async function runNetBench(): Promise<void> {
  fidelityCases('', (f) => starIncast(f));
  // the uncontended case: the server's broadcast (message fidelity serves every train in closed form)
  fidelityCases('broadcast-', (f) => starIncast(f, true));
  // the incast over TCP: the receiver's ACKs go back through the switch, one more train per message to plan
  fidelityCases('incast-tcp-', (f) => starIncast(f, false, 'ethernet-1g-tcp'));
  await runIncastBench();
}

const withMsOverPacket = (vs: ReturnType<typeof compared>) => ({ ...vs, msOverPacket: vs.ratio });

/** One case at each fidelity, timed side by side in one run: a line each, message and flow with their time over packet's. */
export function fidelityCases(prefix: string, run: (f: (typeof FIDELITIES)[number]) => ReturnType<typeof starIncast>): void {
  const t = pairedMedians(
    FIDELITIES.map((f) => () => run(f)),
    ROUNDS,
  );
  FIDELITIES.forEach((fidelity, j) => {
    const result = t.results[j] as ReturnType<typeof starIncast>;
    emit({
      bench: 'net',
      case: `${prefix}${fidelity}`,
      workers: WORKERS,
      messageBytes: MESSAGE_BYTES,
      ms: t.ms[j] as number,
      events: result.events,
      simulatedS: result.simulatedS,
      rounds: ROUNDS,
      ...(j > 0 ? withMsOverPacket(compared(t, j, 0, `${prefix}packet`)) : {}),
    });
  });
}

/** Issue #13's incast: 256 senders × 10 MB through one 1 GbE bottleneck at packet fidelity (≈ 1.7 M packets, all queued at the switch at once). */
const INCAST_SENDERS = 256;
const INCAST_BYTES = 10_000_000;
/** Issue #13's target for its peak resident memory (MB). */
const INCAST_TARGET_MB = 450;
/** Repeats of the incast and its baseline, each a child process: GRADWIRE_BENCH_REPEATS, default 3. */
const INCAST_REPEATS = Math.max(1, Number(process.env['GRADWIRE_BENCH_REPEATS'] ?? 3) || 3);

/** What one incast child process measured. */
export interface IncastMeasure {
  /** Wall time of the transfer (ms), modules already loaded. */
  readonly ms: number;
  /** The process's peak resident memory (MB, 2^20 bytes). */
  readonly peakRssMB: number;
  /** When the last byte arrived (simulated s). */
  readonly lastByteS: number;
  readonly packets: number;
}

/**
 * `gradwire transfer --preset ethernet-1g-udp --bottleneck-preset
 * ethernet-1g-udp --fidelity packet --senders P --bytes N` in this process:
 * the incast, timed, with this process's peak RSS. Run it in a process of its
 * own ({@link measureIncast}) so the peak is the incast's.
 */
export function incastRun(senders: number, bytes: number): IncastMeasure {
  const eth = LINK_PRESETS['ethernet-1g-udp']!;
  const t0 = performance.now();
  const run = runTransfer({ link: eth, bottleneck: eth, bytes, senders, fidelity: 'packet', seed: 1 }, 0);
  const ms = performance.now() - t0;
  return { ms, peakRssMB: process.resourceUsage().maxRSS / 1024, lastByteS: run.lastByteS, packets: run.packets };
}

/** {@link incastRun} in a child process (which loads this module, so the same code as the baseline's). */
export function measureIncast(senders: number, bytes: number): IncastMeasure {
  const script = `import { incastRun } from ${JSON.stringify(import.meta.url)};\n` + `process.stdout.write(JSON.stringify(incastRun(${senders}, ${bytes})) + '\\n');`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as IncastMeasure;
}

/**
 * The incast case, each repeat a child process for the incast and one for its
 * baseline — the same transfer from 1 sender (same modules and code path: the
 * runtime's floor) — in alternation ({@link pairedRepeats}), so the ratios
 * compare numbers measured side by side. Two lines: the baseline's
 * `{bench: "net", case: "incast-packet-1-sender", baselineOf, senders: 1,
 * messageBytes, repeats, ms, peakRssMB, packets, simulatedS}`, then
 * `{bench: "net", case: "incast-packet", senders, messageBytes, ms,
 * baseline, ratio, peakRssMB, …}`: `ms` is the median over repeats (the
 * child's transfer alone), `peakRssMB` the highest; `ratio` (also printed as
 * `msOverBaseline`) the median over repeats of incast ms / baseline ms,
 * `rssOverBaseline` peak / baseline peak; `meets` is issue #13's target,
 * peak RSS ≤ 450 MB.
 */
export async function runIncastBench(): Promise<void> {
  const t = await pairedRepeats([() => measureIncast(1, INCAST_BYTES), () => measureIncast(INCAST_SENDERS, INCAST_BYTES)], INCAST_REPEATS, (m) => m.ms);
  incastLines(t).forEach(emit);
}

/** {@link runIncastBench}'s two lines from its paired repeats (the 1-sender baseline's first, as function 0). */
export function incastLines(t: PairedRuns<IncastMeasure>): [BenchRecord, BenchRecord] {
  const [baseRuns, incastRuns] = t.runs as [readonly IncastMeasure[], readonly IncastMeasure[]];
  const [baselineMs, ms] = t.ms as [number, number];
  const baselineMB = Math.max(...baseRuns.map((x) => x.peakRssMB));
  const peakRssMB = Math.max(...incastRuns.map((x) => x.peakRssMB));
  const base = baseRuns[0]!;
  const first = incastRuns[0]!;
  const vsOneSender = compared(t, 1, 0, 'incast-packet-1-sender');
  const baseline = {
    bench: 'net',
    case: vsOneSender.baseline,
    baselineOf: 'incast-packet',
    senders: 1,
    messageBytes: INCAST_BYTES,
    bottleneck: 'ethernet-1g-udp',
    repeats: baseRuns.length,
    ms: round(baselineMs, 1),
    peakRssMB: round(baselineMB, 0),
    packets: base.packets,
    simulatedS: base.lastByteS,
  };
  const incast = {
    bench: 'net',
    case: 'incast-packet',
    senders: INCAST_SENDERS,
    messageBytes: INCAST_BYTES,
    bottleneck: 'ethernet-1g-udp',
    repeats: baseRuns.length,
    ms: round(ms, 0),
    ...vsOneSender,
    peakRssMB: round(peakRssMB, 0),
    packets: first.packets,
    simulatedS: first.lastByteS,
    baselineSenders: 1,
    baselineMs: round(baselineMs, 1),
    baselineMB: round(baselineMB, 0),
    msOverBaseline: vsOneSender.ratio,
    rssOverBaseline: round(peakRssMB / baselineMB, 3),
    overBaselineMB: round(peakRssMB - baselineMB, 0),
    usPerPacket: round((1000 * ms) / first.packets, 3),
    targetMB: INCAST_TARGET_MB,
    meets: peakRssMB <= INCAST_TARGET_MB,
  };
  return [baseline, incast];
}
