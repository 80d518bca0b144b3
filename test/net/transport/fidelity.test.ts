import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
import { LINK_PRESETS, Network, UNMETERED, applyOverrides, buildStar, type Fidelity } from '../../../src/net/index.js';
import { ethernetWireBytes, udpEthernetWireBytes, wireS } from '../ethernet-wire.js';
import { collectInbox } from '../fixtures.js';

const eth1 = LINK_PRESETS['ethernet-1g-udp']!;
const eth10 = LINK_PRESETS['ethernet-10g-udp']!;
const slow = applyOverrides(eth1, { bandwidthBps: 1e8, latencyS: 20e-6 });

/** Arrival time of each message at its destination, in send order. */
function run(fidelity: Fidelity, build: (net: Network) => [string, string, number][]): number[] {
  const env = new Environment();
  const net = new Network(env, { fidelity });
  const sends = build(net);
  const times: number[] = sends.map(() => NaN);
  const ids = sends.map(([src, dst, bytes], i) => net.send(src, dst, bytes, `m${i}`, i).id);
  ids.forEach((id, i) => net.onDelivery(id, () => (times[i] = env.now)));
  env.run();
  expect(net.fidelity).toBe(fidelity);
  return times;
}

describe('message fidelity equals packet fidelity on FIFO paths', () => {
  it('to the nanosecond, for back-to-back messages across hops of different rates', () => {
    const build = (net: Network): [string, string, number][] => {
      const [a, s1, s2, b] = [net.addNode('a', 'worker', eth1.power), net.addNode('s1', 'switch', UNMETERED), net.addNode('s2', 'switch', UNMETERED), net.addNode('b', 'server', eth1.power)];
      a.setRoute('*', net.connect(a, s1, eth10)[0]);
      s1.setRoute('b', net.connect(s1, s2, slow)[0]);
      s2.setRoute('b', net.connect(s2, b, eth1)[0]);
      return [
        ['a', 'b', 100_000],
        ['a', 'b', 10],
        ['a', 'b', 3000],
        ['a', 'b', 64_000],
      ];
    };
    const packet = run('packet', build);
    const message = run('message', build);
    packet.forEach((t, i) => expect(Math.abs(message[i]! - t)).toBeLessThan(1e-9));
  });

  it('finishes the last byte of a 64-worker incast at the same time', () => {
    const last = (fidelity: Fidelity) => {
      const env = new Environment();
      const at = { link: eth1, power: eth1.power };
      const star = buildStar(env, { workers: Array.from({ length: 64 }, () => at), server: at }, { fidelity });
      for (const w of star.workers) star.network.send(w.name, 'server', 200_000, 'x', null);
      env.run();
      return env.now;
    };
    expect(Math.abs(last('message') - last('packet'))).toBeLessThan(1e-9);
  });

  it('is chosen automatically on lossless FIFO links, and packet is chosen on lossy ones', () => {
    const env = new Environment();
    const lossy = applyOverrides(eth1, { 'arq.packetErrorRate': 0.01, 'arq.timeoutS': 1e-3, 'arq.maxRetries': 3 });
    for (const [link, want] of [
      [eth1, 'message'],
      [lossy, 'packet'],
    ] as const) {
      const net = new Network(env);
      const a = net.addNode('a', 'worker', eth1.power);
      const b = net.addNode('b', 'server', eth1.power);
      a.setRoute('*', net.connect(a, b, link)[0]);
      expect(net.fidelity).toBe(want);
    }
  });
});

describe('lossy links with ARQ', () => {
  it('retransmit lost packets after the timeout, costing time and counted traffic', () => {
    const lossy = applyOverrides(eth1, { 'arq.packetErrorRate': 0.2, 'arq.timeoutS': 1e-3, 'arq.maxRetries': 10 });
    const env = new Environment();
    const net = new Network(env);
    const a = net.addNode('a', 'worker', eth1.power);
    const b = net.addNode('b', 'server', eth1.power);
    a.setRoute('*', net.connect(a, b, lossy)[0]);
    const msg = net.send('a', 'b', 1472 * 50, 'x', null);
    const inbox = collectInbox(env, b, 1);
    env.run();
    const at = inbox.atS[0] ?? NaN;
    const c = net.traffic.byNode.get('a')!;
    const wire = (msg.train.totalWireBytes * 8) / 1e9;
    expect(c.retransmissions).toBeGreaterThan(0);
    expect(c.packets).toBe(50 + c.retransmissions);
    // every retransmission costs a timeout plus the packet's time again
    expect(at).toBeCloseTo(wire + c.retransmissions * (1e-3 + (1538 * 8) / 1e9) + eth1.latencyS, 12);
  });

  it('drop packets beyond a finite queue and count them', () => {
    const small = applyOverrides(eth1, { 'queue.capacityPackets': 5 });
    const env = new Environment();
    const net = new Network(env);
    const a = net.addNode('a', 'worker', eth1.power);
    const b = net.addNode('b', 'server', eth1.power);
    a.setRoute('*', net.connect(a, b, small)[0]);
    net.send('a', 'b', 1472 * 20, 'x', null);
    env.run();
    const c = net.traffic.byNode.get('a')!;
    expect(c.drops).toBe(20 - 1 - 5); // one on the wire, five waiting
    expect(b.inbox.size).toBe(0); // the message never completes
  });
});

describe('relays between hops that frame differently', () => {
  const twoHop =
    (first: typeof eth1, second: typeof eth1) =>
    (net: Network): [string, string, number][] => {
      const [a, s, b] = [net.addNode('a', 'worker', eth1.power), net.addNode('s', 'gateway', UNMETERED), net.addNode('b', 'server', eth1.power)];
      a.setRoute('*', net.connect(a, s, first)[0]);
      s.setRoute('b', net.connect(s, b, second)[0]);
      return [['a', 'b', 50_000]];
    };

  it('reassemble and re-frame at a segmentation boundary (UDP 1472 B → TCP 1460 B payloads)', () => {
    const tcp1 = LINK_PRESETS['ethernet-1g-tcp']!;
    const build = twoHop(eth10, tcp1);
    const [packet] = run('packet', build);
    const [message] = run('message', build);
    const reassembled = wireS(udpEthernetWireBytes(50_000), eth10.bandwidthBps) + eth10.latencyS;
    expect(packet).toBeCloseTo(reassembled + wireS(ethernetWireBytes(50_000, 20), tcp1.bandwidthBps) + tcp1.latencyS, 12);
    expect(Math.abs(message! - packet!)).toBeLessThan(1e-9);
  });

  it('forward packet by packet with the next hop’s headers when only the headers differ', () => {
    const ppp = applyOverrides(eth1, { 'framing.headers': [{ layer: 'PPP', bytes: 2, inFrame: true, source: 'RFC 1661' }], 'framing.minFrameBytes': 0 });
    const build = twoHop(eth1, ppp);
    const [packet] = run('packet', build);
    const [message] = run('message', build);
    // the PPP frames are shorter, so the second hop never waits: the last packet crosses it right after arriving
    const last = 50_000 - 33 * 1472 + 2; // 1424 B of payload + the 2 B PPP header, no minimum frame
    expect(packet).toBeCloseTo(wireS(udpEthernetWireBytes(50_000), 1e9) + eth1.latencyS + wireS(last, 1e9) + eth1.latencyS, 12);
    expect(Math.abs(message! - packet!)).toBeLessThan(1e-9);
  });
});
