import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
import { LINK_PRESETS, Network, UNMETERED, customizePreset, type LinkPreset } from '../../../src/net/index.js';
import { costOfPath } from '../../../src/net/cost/cost-model.js';
import { costOf } from '../../../src/net/cost/cost-of.js';

const tcp = LINK_PRESETS['ethernet-1g-tcp']!;
const L = tcp.latencyS;
const d = (1538 * 8) / 1e9; // a full TCP packet on 1 Gb/s
const k = (84 * 8) / 1e9; // an ACK frame

/** One message a → (relays) → b over `links` at packet fidelity: delivery, confirmation and the ledger's joules at delivery. */
function simulate(links: readonly LinkPreset[], bytes: number) {
  const env = new Environment();
  const net = new Network(env, { fidelity: 'packet' });
  const nodes = links.map((l, i) => net.addNode(`n${i}`, i === 0 ? 'worker' : 'switch', i === 0 ? l.power : UNMETERED));
  nodes.push(net.addNode('b', 'server', links.at(-1)!.power));
  links.forEach((l, i) => {
    const [f, r] = net.connect(nodes[i]!, nodes[i + 1]!, l);
    nodes[i]!.setRoute('b', f);
    nodes[i + 1]!.setRoute('n0', r);
  });
  const m = net.send('n0', 'b', bytes, 'x', null);
  let delivered = NaN;
  let confirmed = NaN;
  net.onDelivery(m.id, () => (delivered = env.now));
  nodes[0]!.trace.confirmed.push((c) => (confirmed = c.confirmedAtS));
  env.run();
  return { delivered, confirmed, joules: net.ledger.nodeJ('n0', delivered) + net.ledger.nodeJ('b', delivered), bits: 8 * net.traffic.byNode.get('n0')!.wireBytes };
}

describe('cost model with ACKs and half duplex (issue #14)', () => {
  it('full duplex, 3 packets, an ACK each: confirmed one ACK frame and one latency after the delivery; ACK bits counted apart', () => {
    const link = customizePreset(tcp, { 'ack.every': 1 });
    const c = costOfPath([{ link }], 3 * 1460, link.power, link.power);
    expect(c.seconds).toBeCloseTo(3 * d + L, 15);
    expect(c.confirmedS).toBeCloseTo(3 * d + L + k + L, 15);
    expect(c.ackBits).toBe(3 * 84 * 8);
    expect(c.bits).toBe(3 * 1538 * 8);
  });

  it('one half-duplex hop: the ACKs wait for the whole train, then go back to back (hand-computed), as simulated', () => {
    // data [0, 3d]; ACKs ready at d + L, 2d + L, 3d + L take the wire at 3d, 3d + k, 3d + 2k (k > L): back at 3d + 3k + L
    const link = customizePreset(tcp, { 'ack.every': 1, duplex: 'half' });
    const c = costOf(link, 3 * 1460);
    expect(k).toBeGreaterThan(L);
    expect(c.seconds).toBeCloseTo(3 * d + L, 15);
    expect(c.confirmedS).toBeCloseTo(3 * d + 3 * k + L, 15);
    const sim = simulate([link], 3 * 1460);
    expect(c.confirmedS).toBeCloseTo(sim.confirmed, 15);
    expect(c.joules).toBeCloseTo(sim.joules, 12);
    // full duplex confirms earlier: the ACKs have a wire of their own
    expect(costOf(customizePreset(tcp, { 'ack.every': 1 }), 3 * 1460).confirmedS).toBeCloseTo(3 * d + 2 * L + k, 15);
  });

  it('without ACKs, half duplex costs what full duplex does (one message has the wire to itself)', () => {
    const udp = LINK_PRESETS['ethernet-1g-udp']!;
    const half = customizePreset(udp, { duplex: 'half' });
    for (const hops of [1, 3]) {
      const a = costOfPath(
        Array.from({ length: hops }, () => ({ link: udp })),
        100_000,
        udp.power,
        udp.power,
      );
      const b = costOfPath(
        Array.from({ length: hops }, () => ({ link: half })),
        100_000,
        udp.power,
        udp.power,
      );
      expect(b).toEqual(a);
      expect(b.confirmedS).toBeUndefined();
    }
  });

  it('a relayed path with a half-duplex hop: ACKs past the relay delay the data there; the cost equals packet fidelity', () => {
    // 10 Gb/s access, then a 1 Gb/s half-duplex hop: data queues at the relay, so ACKs of early packets cut in on the slow hop
    const fast = customizePreset(LINK_PRESETS['ethernet-10g-tcp']!, { 'ack.every': 1 });
    const slow = customizePreset(tcp, { 'ack.every': 1, duplex: 'half' });
    const bytes = 20 * 1460;
    const c = costOfPath([{ link: fast }, { link: slow }], bytes, fast.power, slow.power);
    const sim = simulate([fast, slow], bytes);
    expect(c.seconds).toBeCloseTo(sim.delivered, 15);
    expect(c.confirmedS).toBeCloseTo(sim.confirmed, 15);
    expect(c.bits).toBe(sim.bits);
    expect(c.joules).toBeCloseTo(sim.joules, 9);
    // By hand: packets reach the relay every 1.2304 µs from 1.7304 µs on, so all 20 are there by 25.1 µs; the slow hop
    // ends packet 0 at 14.0344 µs and its ACK is queued at b at 14.5344 µs, before packet 11 reaches the relay
    // (15.2648 µs): that one ACK takes the wire before packets 11–19 and delays the delivery by one ACK frame; the
    // other ACKs are queued after the last data packet. Full duplex: 1.7304 + 20 × 12.304 + 0.5 = 248.3104 µs.
    const full = costOfPath([{ link: fast }, { link: customizePreset(tcp, { 'ack.every': 1 }) }], bytes, fast.power, slow.power);
    expect(full.seconds).toBeCloseTo(248.3104e-6, 15);
    expect(c.seconds).toBeCloseTo(248.3104e-6 + k, 15);
  });

  it('full-duplex relayed paths: the closed form equals packet fidelity, delayed ACKs included', () => {
    const fast = LINK_PRESETS['ethernet-10g-tcp']!;
    for (const bytes of [0, 1460, 1461, 50_000]) {
      const c = costOfPath([{ link: fast }, { link: tcp }], bytes, fast.power, tcp.power);
      const sim = simulate([fast, tcp], bytes);
      expect(c.seconds).toBeCloseTo(sim.delivered, 15);
      expect(c.confirmedS).toBeCloseTo(sim.confirmed, 15);
    }
  });
});
