import { execFileSync } from 'node:child_process';
import { Environment, type ProcessGenerator } from '../sim/index.js';
import { LINK_PRESETS, buildStar, type Fidelity } from '../net/index.js';
import { runTransfer } from '../net/experiments/transfer.js';
import { emit, median, pairedMedians, round } from './harness.js';

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
 * `ms` the median; `message` and `flow` add `msOverPacket`, the median over
 * rounds of their ms / packet's ms in the same round (issue 3's target:
 * message ≤ 1/20 = 0.05). Then the server's broadcast (`broadcast-…`) and the
 * incast over TCP, with ACK frames (`incast-tcp-…`), the same way; then issue
 * 13's incast at packet fidelity, in child processes for its peak memory
 * ({@link runIncastBench}).
 */
export function runNetBench(): void {
  fidelityCases('', (f) => starIncast(f));
  // the uncontended case: the server's broadcast (message fidelity serves every train in closed form)
  fidelityCases('broadcast-', (f) => starIncast(f, true));
  // the incast over TCP: the receiver's ACKs go back through the switch, one more train per message to plan
  fidelityCases('incast-tcp-', (f) => starIncast(f, false, 'ethernet-1g-tcp'));
  runIncastBench();
}

/** One case at each fidelity, timed side by side in one run: a line each, message and flow with their time over packet's. */
function fidelityCases(prefix: string, run: (f: (typeof FIDELITIES)[number]) => ReturnType<typeof starIncast>): void {
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
      ...(j > 0 ? { msOverPacket: t.ratio(j, 0) } : {}),
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
 * The incast case: `{bench: "net", case: "incast-packet", senders, messageBytes,
 * ms, peakRssMB, …}`, each repeat a child process for the incast and one for
 * its baseline — the same transfer from 1 sender, run just before it (same
 * modules and code path: the runtime's floor) — so `rssOverBaseline`
 * (peak / baseline peak) and `msOverBaseline` compare numbers measured side
 * by side. `ms` is the median over repeats, `peakRssMB` the highest;
 * `meets` is issue #13's target, peak RSS ≤ 450 MB.
 */
export function runIncastBench(): void {
  const runs: { base: IncastMeasure; incast: IncastMeasure }[] = [];
  for (let r = 0; r < INCAST_REPEATS; r++) runs.push({ base: measureIncast(1, INCAST_BYTES), incast: measureIncast(INCAST_SENDERS, INCAST_BYTES) });
  const ms = median(runs.map((x) => x.incast.ms));
  const peakRssMB = Math.max(...runs.map((x) => x.incast.peakRssMB));
  const baselineMs = median(runs.map((x) => x.base.ms));
  const baselineMB = Math.max(...runs.map((x) => x.base.peakRssMB));
  const first = runs[0]!.incast;
  emit({
    bench: 'net',
    case: 'incast-packet',
    senders: INCAST_SENDERS,
    messageBytes: INCAST_BYTES,
    bottleneck: 'ethernet-1g-udp',
    repeats: INCAST_REPEATS,
    ms: round(ms, 0),
    peakRssMB: round(peakRssMB, 0),
    packets: first.packets,
    simulatedS: first.lastByteS,
    baselineSenders: 1,
    baselineMs: round(baselineMs, 1),
    baselineMB: round(baselineMB, 0),
    msOverBaseline: round(ms / baselineMs, 2),
    rssOverBaseline: round(peakRssMB / baselineMB, 3),
    overBaselineMB: round(peakRssMB - baselineMB, 0),
    usPerPacket: round((1000 * ms) / first.packets, 3),
    targetMB: INCAST_TARGET_MB,
    meets: peakRssMB <= INCAST_TARGET_MB,
  });
}
