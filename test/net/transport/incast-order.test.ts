import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
import { LINK_PRESETS, UNMETERED, applyOverrides, buildRing, buildStar, buildTree, type Fidelity } from '../../../src/net/index.js';
import { TIME_STATES } from '../../../src/net/time-use.js';

const eth1 = LINK_PRESETS['ethernet-1g-udp']!;
const eth10 = LINK_PRESETS['ethernet-10g-udp']!;

interface Outcome {
  readonly done: number[];
  readonly time: Record<string, Record<string, number>>;
  readonly energy: Record<string, number>;
}

/** Every sender's completion (in sender order), each node's time use at the end, and each node's energy. */
function incast(fidelity: Fidelity, senders: number, bytes: (i: number) => number, link: (i: number) => typeof eth1 = () => eth1, startS: (i: number) => number = () => 0): Outcome {
  const env = new Environment();
  const star = buildStar(env, { workers: Array.from({ length: senders }, (_, i) => ({ link: link(i), power: eth1.power })), server: { link: eth1, power: eth1.power } }, { fidelity });
  const done = star.workers.map(() => NaN);
  star.workers.forEach((w, i) => {
    env.timeout(startS(i)).addCallback(() => {
      const m = star.network.send(w.name, 'server', bytes(i), 'x', null);
      star.network.onDelivery(m.id, () => (done[i] = env.now));
    });
  });
  env.run();
  expect(star.network.fidelity).toBe(fidelity);
  const time: Record<string, Record<string, number>> = {};
  const energy: Record<string, number> = {};
  for (const n of star.network.allNodes) {
    time[n.name] = star.network.timeUse.breakdown(n.name, env.now);
    energy[n.name] = star.network.ledger.nodeJ(n.name, env.now);
  }
  return { done, time, energy };
}

function expectSame(a: Outcome, b: Outcome): void {
  a.done.forEach((t, i) => expect(Math.abs(b.done[i]! - t) / t).toBeLessThan(1e-9));
  for (const node of Object.keys(a.time)) {
    for (const state of TIME_STATES) expect(Math.abs(b.time[node]![state]! - a.time[node]![state]!)).toBeLessThan(1e-9 * Math.max(...a.done));
    expect(Math.abs(b.energy[node]! - a.energy[node]!)).toBeLessThanOrEqual(1e-9 * Math.abs(a.energy[node]!));
  }
}

describe('message fidelity interleaves messages that meet at a FIFO port as packet fidelity does', () => {
  it('a 2-sender incast, worked out packet by packet', () => {
    // 3 full packets each (1538 wire bytes, s = 12.304 µs on 1 Gb/s), latency L = 0.5 µs per link.
    // Packet j of both workers reaches the switch at (j+1)s + L; the switch→server FIFO is never idle
    // from s + L on and serves w0p0, w1p0, w0p1, w1p1, w0p2, w1p2: the k-th ends at s + L + k s.
    const s = (1538 * 8) / 1e9; // a full UDP packet (1472 B + 66 B of headers) on 1 Gb/s
    const L = eth1.latencyS;
    for (const fidelity of ['packet', 'message'] as const) {
      const { done } = incast(fidelity, 2, () => 3 * 1472);
      expect(done[0]).toBeCloseTo(s + L + 5 * s + L, 15);
      expect(done[1]).toBeCloseTo(s + L + 6 * s + L, 15);
    }
    // message fidelity used to serve w0's whole message first: w0 at 4s + 2L
    expect(incast('message', 2, () => 3 * 1472).done[0]).toBeGreaterThan(4 * s + 2 * L + s);
  });

  it('a 2-sender incast with a late, faster sender, worked out packet by packet', () => {
    // w0 on 1 Gb/s sends 4 packets at 0; w1 on 10 Gb/s sends 2 packets at 2s. At the switch:
    // w0 packets ready at s+L, 2s+L, 3s+L, 4s+L; w1's at 2s + s/10 + L, 2s + 2s/10 + L.
    // FIFO: w0p0 [s+L, 2s+L], w0p1 [2s+L, 3s+L], w1p0 [3s+L, 4s+L], w1p1 [4s+L, 5s+L], w0p2 [5s+L, 6s+L], w0p3 [6s+L, 7s+L].
    const s = (1538 * 8) / 1e9; // a full UDP packet (1472 B + 66 B of headers) on 1 Gb/s
    const L = eth1.latencyS;
    for (const fidelity of ['packet', 'message'] as const) {
      const { done } = incast(
        fidelity,
        2,
        (i) => (i === 0 ? 4 : 2) * 1472,
        (i) => (i === 0 ? eth1 : eth10),
        (i) => (i === 0 ? 0 : 2 * s),
      );
      expect(done[1]).toBeCloseTo(5 * s + 2 * L, 15);
      expect(done[0]).toBeCloseTo(7 * s + 2 * L, 15);
    }
  });

  for (const senders of [2, 16, 64]) {
    it(`every sender's completion, time use and energy of a ${senders}-sender incast equal packet fidelity's`, () => {
      const bytes = (i: number) => 20_000 + 7_919 * i;
      expectSame(incast('packet', senders, bytes), incast('message', senders, bytes));
    });
  }

  it('with heterogeneous links and staggered starts', () => {
    const slow = applyOverrides(eth1, { bandwidthBps: 3e8, latencyS: 3e-6 });
    const link = (i: number) => [eth1, eth10, slow][i % 3]!;
    const bytes = (i: number) => 10_000 + 13_001 * (i % 5);
    const start = (i: number) => (i % 4) * 37e-6;
    expectSame(incast('packet', 12, bytes, link, start), incast('message', 12, bytes, link, start));
  });

  it('on a tree, with messages sent while others are in flight, to every destination', () => {
    const run = (fidelity: Fidelity) => {
      const env = new Environment();
      const at = { link: eth1, power: eth1.power };
      const tree = buildTree(env, { workers: Array.from({ length: 6 }, () => at), groupSize: 3, uplinks: { link: eth10, power: UNMETERED }, server: at }, { fidelity });
      const net = tree.network;
      const done: number[] = [];
      const sends: [string, string, number, number][] = [
        ['worker/0', 'server', 60_000, 0],
        ['worker/1', 'server', 30_000, 0],
        ['worker/4', 'server', 45_000, 20e-6],
        ['server', 'worker/2', 50_000, 10e-6],
        ['worker/3', 'worker/0', 25_000, 55e-6],
        ['worker/5', 'worker/1', 9_000, 300e-6],
        ['server', 'worker/5', 70_000, 301e-6],
        ['worker/2', 'server', 1_000, 302e-6],
      ];
      sends.forEach(([src, dst, b, t0], i) =>
        env.timeout(t0).addCallback(() => {
          const m = net.send(src, dst, b, 'x', null);
          net.onDelivery(m.id, () => (done[i] = env.now));
        }),
      );
      env.run();
      return done;
    };
    const packet = run('packet');
    const message = run('message');
    packet.forEach((t, i) => expect(Math.abs(message[i]! - t) / t).toBeLessThan(1e-9));
  });
});

describe('message fidelity on a ring, where trains chase each other round a cycle of ports', () => {
  it('gives every message the time packet fidelity gives it, and the same twice', () => {
    const run = (fidelity: Fidelity) => {
      const env = new Environment();
      const ring = buildRing(env, { workers: Array.from({ length: 8 }, () => ({ link: eth1, power: eth1.power })) }, { fidelity });
      const done: number[] = [];
      let k = 0;
      for (let i = 0; i < 8; i++) {
        for (const d of [1, 2, 3, 4, 5]) {
          const idx = k++;
          env.timeout(((i * 7 + d * 3) % 5) * 9e-6).addCallback(() => {
            const m = ring.network.send(`worker/${i}`, `worker/${(i + d) % 8}`, 3_000 + 4_409 * d + 101 * i, 'x', null);
            ring.network.onDelivery(m.id, () => (done[idx] = env.now));
          });
        }
      }
      env.run();
      return done;
    };
    const packet = run('packet');
    const message = run('message');
    expect(message).toEqual(run('message'));
    packet.forEach((t, i) => expect(Math.abs(message[i]! - t) / t).toBeLessThan(1e-9));
  });
});
