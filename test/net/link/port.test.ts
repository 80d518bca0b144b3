import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
import { LINK_PRESETS, Network, buildStar, netErrors, type Delivery, type PowerProfile } from '../../../src/net/index.js';
import { collectInbox } from '../fixtures.js';

const eth = LINK_PRESETS['ethernet-1g-udp']!;
const ethLink = eth;
const power: PowerProfile = { watts: { tx: 2, rx: 3, idle: 1 }, background: 'idle', source: 'test' };
const star = (env: Environment, P: number) => buildStar(env, { workers: Array.from({ length: P }, () => ({ link: ethLink, power })), server: { link: ethLink, power } });

function deliverAll(env: Environment, network: Network, node: string, count: number): Delivery[] {
  const inbox = collectInbox(env, network.node(node), count);
  env.run();
  return inbox.deliveries;
}

describe('a point-to-point link', () => {
  it('delivers a message of n packets over an idle link at latency + Σ wire bits / bandwidth', () => {
    const env = new Environment();
    const network = new Network(env);
    const a = network.addNode('a', 'worker', power);
    const b = network.addNode('b', 'server', power);
    const [ab] = network.connect(a, b, ethLink);
    a.setRoute('*', ab);
    const msg = network.send('a', 'b', 10_000, 'grad', null);
    expect(msg.train.wireBytes.length).toBe(7);
    const [delivery] = deliverAll(env, network, 'b', 1);
    // 10 000 B = 6 × 1472 + 1168, each packet + 66 B of headers: 6 × 1538 + 1234 = 10 462 B on the wire
    const wireBits = 8 * (6 * 1538 + 1234);
    expect(delivery!.deliveredAtS).toBeCloseTo(eth.latencyS + wireBits / eth.bandwidthBps, 15);
    expect(delivery!.message.body).toBeNull();
  });

  it('queues a second message FIFO behind the first', () => {
    const env = new Environment();
    const network = new Network(env);
    const a = network.addNode('a', 'worker', power);
    const b = network.addNode('b', 'server', power);
    a.setRoute('*', network.connect(a, b, ethLink)[0]);
    network.send('a', 'b', 5000, 'first', 1);
    network.send('a', 'b', 100, 'second', 2);
    const [d1, d2] = deliverAll(env, network, 'b', 2);
    expect(d1!.message.body).toBe(1);
    const t1 = (8 * (3 * 1538 + (584 + 66))) / eth.bandwidthBps; // 5000 B = 3 × 1472 + 584, + 66 B of headers each
    const t2 = (8 * (100 + 66)) / eth.bandwidthBps;
    expect(d2!.deliveredAtS).toBeCloseTo(t1 + t2 + eth.latencyS, 15);
  });
});

describe('the parameter-server star', () => {
  it('serialises simultaneous uploads on the server link (the shared FIFO bottleneck)', () => {
    const env = new Environment();
    const P = 8;
    const s = star(env, P);
    for (const w of s.workers) s.network.send(w.name, 'server', 1000, 'grad', w.name);
    const deliveries = deliverAll(env, s.network, 'server', P);
    const tx = (8 * (1000 + 66)) / eth.bandwidthBps; // one packet: 1000 B + 66 B of headers
    // every packet reaches the switch at tx + L; the switch then sends them one after another
    deliveries.forEach((d, i) => expect(d.deliveredAtS).toBeCloseTo(tx + eth.latencyS + (i + 1) * tx + eth.latencyS, 15));
    expect(deliveries.map((d) => d.message.body)).toEqual(s.workers.map((w) => w.name));
  });

  it('meters interface energy as idle·t + (tx − idle)·T_tx + (rx − idle)·T_rx', () => {
    const env = new Environment();
    const s = star(env, 2);
    s.network.send('worker/0', 'server', 4000, 'grad', null);
    deliverAll(env, s.network, 'server', 1);
    const wire = (8 * (2 * 1538 + (1056 + 66))) / eth.bandwidthBps; // 4000 B = 2 × 1472 + 1056, + 66 B of headers each
    const t = env.now;
    expect(s.network.ledger.nodeJ('worker/0', t)).toBeCloseTo(1 * t + (2 - 1) * wire, 15);
    expect(s.network.ledger.nodeJ('server', t)).toBeCloseTo(1 * t + (3 - 1) * wire, 15);
    expect(s.network.ledger.nodeJ('worker/1', t)).toBeCloseTo(t, 15);
    s.network.ledger.addCompute('worker/1', 0.5, 4);
    expect(s.network.ledger.roleJ('worker', t)).toBeCloseTo(2 * t + wire + 2, 12);
  });

  it('names the node when a route is missing', () => {
    const env = new Environment();
    const network = new Network(env);
    network.addNode('a', 'worker', power);
    network.addNode('b', 'server', power);
    expect(() => network.send('a', 'b', 1, 'x', null)).toThrow(netErrors.noRoute('a', 'b'));
  });
});
