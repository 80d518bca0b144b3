import { describe, expect, it } from 'vitest';
import { Environment, RandomStreams } from '../../../src/sim/index.js';
import { LINK_PRESETS, UNMETERED, applyOverrides, buildTree, type Fidelity, type LinkConfig } from '../../../src/net/index.js';
import { TIME_STATES } from '../../../src/net/time-use.js';

const eth1 = LINK_PRESETS['ethernet-1g-udp']!;
const links: LinkConfig[] = [
  eth1,
  LINK_PRESETS['ethernet-10g-udp']!,
  LINK_PRESETS['ethernet-1g-tcp']!, // other payload size: relays reassemble and re-frame
  applyOverrides(eth1, { bandwidthBps: 2e8, latencyS: 4e-6 }),
  applyOverrides(eth1, { duplex: 'half', bandwidthBps: 5e8 }),
  applyOverrides(eth1, { 'setup.timeS': 3e-6, 'setup.bytes': 64 }),
];

/** Random traffic on a tree of random links; every delivery time, and each node's time use, in send order. */
function randomRun(fidelity: Fidelity, seed: number) {
  const rng = new RandomStreams(seed, 0).stream('test');
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.uniform() * xs.length)]!;
  const env = new Environment();
  const P = 7;
  const tree = buildTree(
    env,
    {
      workers: Array.from({ length: P }, () => ({ link: pick(links), power: eth1.power })),
      groupSize: 3,
      uplinks: [0, 1, 2].map(() => ({ link: pick(links), power: UNMETERED })),
      server: { link: pick(links), power: eth1.power },
    },
    { fidelity },
  );
  const net = tree.network;
  const names = [...tree.workers.map((w) => w.name), 'server'];
  const done: number[] = [];
  for (let i = 0; i < 40; i++) {
    const src = pick(names);
    let dst = pick(names);
    while (dst === src) dst = pick(names);
    const bytes = Math.floor(rng.uniform() * 60_000);
    const at = Math.floor(rng.uniform() * 20) * 25e-6;
    env.timeout(at).addCallback(() => {
      const m = net.send(src, dst, bytes, 'r', null);
      net.onDelivery(m.id, () => (done[i] = env.now));
    });
  }
  env.run();
  const time = net.allNodes.map((n) => net.timeUse.breakdown(n.name, env.now));
  return { done, time, end: env.now };
}

describe('message fidelity equals packet fidelity on random FIFO traffic', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: every delivery and every node's time use`, () => {
      const packet = randomRun('packet', seed);
      const message = randomRun('message', seed);
      expect(message.done.length).toBe(40);
      packet.done.forEach((t, i) => expect(Math.abs(message.done[i]! - t) / t, `message ${i}`).toBeLessThan(1e-9));
      packet.time.forEach((p, n) => {
        for (const s of TIME_STATES) expect(Math.abs(message.time[n]![s] - p[s]), `node ${n} ${s}`).toBeLessThan(1e-9 * packet.end);
      });
      // deterministic
      expect(randomRun('message', seed).done).toEqual(message.done);
    });
  }
});
