import { Environment, type SimEvent } from '../sim/index.js';
import { LINK_PRESETS, buildStar, type Fidelity } from '../net/index.js';
import { emit, timeMedian } from './harness.js';

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

/** Run the net suite: the same workload at every fidelity, in one process. */
export function runNetBench(): void {
  const results: Record<string, number> = {};
  for (const fidelity of ['packet', 'message', 'flow'] as const) {
    const { ms, result } = timeMedian(() => starIncast(fidelity), fidelity === 'packet' ? 3 : 10);
    results[fidelity] = ms;
    emit({
      bench: 'net', case: fidelity, workers: WORKERS, messageBytes: MESSAGE_BYTES, ms, events: result.events,
      simulatedS: result.simulatedS, ...(fidelity !== 'packet' ? { msOverPacket: Math.round((ms / results['packet']!) * 10000) / 10000 } : {}),
    });
  }
}
