import { describe, expect, it } from 'vitest';
import { Environment } from '../../src/sim/index.js';
import { Network } from '../../src/net/network.js';
import { UNMETERED } from '../../src/net/power.js';
import { TrafficStats } from '../../src/net/traffic.js';
import { ETHERNET_PRESETS } from '../../src/net/presets/ethernet.js';

const eth = ETHERNET_PRESETS.find((p) => p.name === 'ethernet-1g-udp')!;

function pair() {
  const env = new Environment();
  const network = new Network(env);
  const a = network.addNode('a', 'worker', UNMETERED);
  const b = network.addNode('b', 'server', UNMETERED);
  const [ab, ba] = network.connect(a, b, eth);
  a.setRoute('b', ab);
  b.setRoute('a', ba);
  return { env, network, ab };
}

describe('TrafficStats', () => {
  it('counts what a node sends on its outgoing hops and what arrives on its incoming ones, a relay in both', () => {
    const env = new Environment();
    const network = new Network(env);
    const [a, s, b] = [network.addNode('a', 'worker', UNMETERED), network.addNode('s', 'switch', UNMETERED), network.addNode('b', 'server', UNMETERED)];
    a.setRoute('*', network.connect(a, s, eth)[0]);
    s.setRoute('b', network.connect(s, b, eth)[0]);
    network.send('a', 'b', 5000, 'm', null);
    env.run();
    // 5000 B = 3 × 1472 + 584 in 4 packets, + 66 B of headers each: 3 × 1538 + 650 = 5264 B on the wire
    for (const [map, node] of [
      ['byNode', 'a'],
      ['byNode', 's'],
      ['toNode', 's'],
      ['toNode', 'b'],
    ] as const) {
      expect(network.traffic[map].get(node), `${map} ${node}`).toMatchObject({ wireBytes: 5264, packets: 4 });
    }
    expect(network.traffic.byNode.has('b')).toBe(false);
    expect(network.traffic.toNode.has('a')).toBe(false);
  });

  it('counts only the messages its filter accepts, and nothing after unsubscribing', () => {
    const { env, network, ab } = pair();
    const odd = new TrafficStats((e) => e.message.id % 2 === 1);
    const unsubscribe = odd.watch(ab);
    network.send('a', 'b', 3000, 'm0', null);
    network.send('a', 'b', 5000, 'm1', null);
    env.run();
    const W = 3 * 1538 + (584 + 66); // 5000 B = 3 × 1472 + 584, + 66 B of headers a packet
    expect(odd.byHop.get('a→b')!.wireBytes).toBe(W);
    expect(odd.byNode.get('a')!.packets).toBe(4);
    expect(odd.byHop.get('a→b')!.busyS).toBeCloseTo((W * 8) / eth.bandwidthBps, 15);
    // the network's own, unfiltered stats see both messages
    expect(network.traffic.byHop.get('a→b')!.wireBytes).toBe(W + 2 * 1538 + (56 + 66)); // 3000 B = 2 × 1472 + 56
    unsubscribe();
    network.send('a', 'b', 1000, 'm2', null);
    network.send('a', 'b', 1000, 'm3', null);
    env.run();
    expect(odd.byHop.get('a→b')!.wireBytes).toBe(W);
  });
});
