import { Environment, type SimEvent } from '../sim/index.js';
import { LINK_PRESETS, buildStar, type Fidelity } from '../net/index.js';
import { emit, pairedMedians } from './harness.js';

const WORKERS = 64;
const MESSAGE_BYTES = 1_000_000;

/** The workload: a 64-worker 1 GbE star, every worker sends 1 MB to the server at t = 0. */
export function starIncast(fidelity: Fidelity): { events: number; simulatedS: number } {
  const env = new Environment();
  const eth = LINK_PRESETS['ethernet-1g-udp']!;
  const attachment = { link: eth, power: eth.power };
  const star = buildStar(env, { workers: Array.from({ length: WORKERS }, () => attachment), server: attachment }, { fidelity });
  for (const w of star.workers) star.network.send(w.name, 'server', MESSAGE_BYTES, 'incast', null);
  let simulatedS = 0;
  env.process(
    (function* (): Generator<SimEvent<any>, void, any> {
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
 * message ≤ 1/20 = 0.05).
 */
export function runNetBench(): void {
  const fidelities = ['packet', 'message', 'flow'] as const;
  const t = pairedMedians(fidelities.map((f) => () => starIncast(f)), ROUNDS);
  fidelities.forEach((fidelity, j) => {
    const result = t.results[j] as ReturnType<typeof starIncast>;
    emit({
      bench: 'net', case: fidelity, workers: WORKERS, messageBytes: MESSAGE_BYTES, ms: t.ms[j] as number, events: result.events,
      simulatedS: result.simulatedS, rounds: ROUNDS, ...(j > 0 ? { msOverPacket: t.ratio(j, 0) } : {}),
    });
  });
}
