import { describe, expect, it } from 'vitest';
import { Environment, RandomStreams } from '../../../src/sim/index.js';
import { minPayloadBytes } from '../../../src/net/framing.js';
import { LINK_PRESETS, Network, customizePreset, packetize, sendTrain, type Hop, type LinkConfig, type Message, type NetNode, type PowerProfile } from '../../../src/net/index.js';

// Packet fidelity hands a port a whole message (Port.sendTrain), which keeps the packets not yet on the
// wire as one queue entry (issue #13: memory per packet in flight). These check it is exactly the same as
// handing the port every packet one by one.

const power: PowerProfile = { watts: { tx: 2, rx: 3, idle: 1 }, background: 'idle', source: 'test' };
const eth = LINK_PRESETS['ethernet-1g-udp']!;

type Row = readonly unknown[];

/** a → sw → b over `access` then `bottleneck`, every trace event and delivery recorded. */
function line(access: LinkConfig, bottleneck: LinkConfig) {
  const env = new Environment();
  const network = new Network(env, { fidelity: 'packet', streams: new RandomStreams(5, 0) });
  const a = network.addNode('a', 'worker', power);
  const sw = network.addNode('sw', 'switch', power);
  const b = network.addNode('b', 'server', power);
  const [up] = network.connect(a, sw, access);
  const [down] = network.connect(sw, b, bottleneck);
  a.setRoute('*', up);
  sw.setRoute('b', down);
  const log: Row[] = [];
  for (const hop of network.hops) {
    for (const kind of ['tx', 'rx', 'drop'] as const) {
      hop.trace[kind].push((e) => log.push([env.now, kind, hop.name, e.message.id, e.packets, e.wireBytes, e.seconds, e.retransmission ?? null, (e as { reason?: string }).reason ?? null]));
    }
  }
  b.trace.delivered.push((d) => log.push([env.now, 'delivered', d.message.id]));
  return { env, network, a, b, up, log };
}

/** The message `network.send` would make (ids from 1000 on, apart from the network's own). */
function message(id: number, src: NetNode, dst: NetNode, hop: Hop, bytes: number, sentAtS: number): Message {
  return { id, src: src.name, dst: dst.name, label: `m${id}`, payloadBytes: bytes, train: packetize(hop.framing, bytes), body: id, sentAtS };
}

/** Three messages (two at t = 0, one while the first is on the wire), by train or packet by packet. */
function run(access: LinkConfig, bottleneck: LinkConfig, byTrain: boolean): Row[] {
  const { env, a, b, up, log } = line(access, bottleneck);
  const send = (m: Message) => {
    if (byTrain) sendTrain(up, m);
    else m.train.wireBytes.forEach((wireBytes, index) => up.sendPacket({ message: m, index, wireBytes }));
  };
  send(message(1000, a, b, up, 20_000, 0));
  send(message(1001, a, b, up, 3_000, 0));
  env.timeout(50e-6).addCallback(() => send(message(1002, a, b, up, 7_000, env.now)));
  env.run();
  return log;
}

describe('a port handed a whole message (sendTrain)', () => {
  it('traces and delivers exactly as when handed its packets one by one', () => {
    const log = run(eth, eth, true);
    expect(log).toEqual(run(eth, eth, false));
    expect(log.filter((r) => r[1] === 'delivered').map((r) => r[2])).toEqual([1000, 1001, 1002]);
  });

  it('the same with per-message setup bytes (charged before each first packet)', () => {
    const tcp = customizePreset(LINK_PRESETS['ethernet-1g-tcp']!, { 'setup.timeS': 2e-5, 'setup.bytes': 120 });
    const log = run(tcp, eth, true);
    expect(log).toEqual(run(tcp, eth, false));
    expect(log.some((r) => r[1] === 'tx' && r[4] === 0 && r[5] === 120)).toBe(true);
  });

  it('the same on lossy links with retransmissions and give-ups', () => {
    const lossy = customizePreset(eth, { 'arq.packetErrorRate': 0.2, 'arq.maxRetries': 1, 'arq.timeoutS': 1e-5 });
    const log = run(lossy, lossy, true);
    expect(log).toEqual(run(lossy, lossy, false));
    expect(log.some((r) => r[7] === true)).toBe(true);
    expect(log.some((r) => r[1] === 'drop')).toBe(true);
  });

  it('the same on a bounded queue, which drops what does not fit', () => {
    const bounded = customizePreset(eth, { 'queue.capacityPackets': 4 });
    const slow = customizePreset(eth, { bandwidthBps: 1e8, 'queue.capacityPackets': 3 });
    const log = run(bounded, slow, true);
    expect(log).toEqual(run(bounded, slow, false));
    expect(log.filter((r) => r[1] === 'drop' && r[8] === 'queue full').length).toBeGreaterThan(0);
  });

  it('counts the packets of queued messages in queueLength', () => {
    const { env, a, b, up } = line(eth, eth);
    const m1 = message(1000, a, b, up, 10 * 1472, 0);
    const m2 = message(1001, a, b, up, 3 * 1472, 0);
    sendTrain(up, m1);
    expect(up.queueLength).toBe(9); // the first packet is on the wire
    sendTrain(up, m2);
    expect(up.queueLength).toBe(12);
    const perPacket = txTimeOf(m1) / 10;
    env.run(4.5 * perPacket);
    expect(up.queueLength).toBe(8);
    env.run();
    expect(up.queueLength).toBe(0);
  });
});

/** Seconds the train of `m` takes on 1 GbE. */
function txTimeOf(m: Message): number {
  return (8 * m.train.totalWireBytes) / eth.bandwidthBps;
}

describe('minPayloadBytes', () => {
  it('is the smallest payload per packet among links, and cuts a message into the most packets', () => {
    const tcp = LINK_PRESETS['ethernet-1g-tcp']!;
    const lte = LINK_PRESETS['lte']!;
    expect(minPayloadBytes([eth])).toBe(eth.framing.maxPayloadBytes);
    // literal payloads: 1500 B MTU less IPv4 and UDP (1472) or TCP with timestamps (1460: 12 B less)
    expect(eth.framing.maxPayloadBytes).toBe(1472);
    expect(minPayloadBytes([eth, tcp])).toBe(1460);
    expect(minPayloadBytes([tcp, eth, lte])).toBe(Math.min(1460, lte.framing.maxPayloadBytes));
    expect(minPayloadBytes([])).toBe(Infinity);
  });
});
