import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
import { LINK_PRESETS, Network, UNMETERED, applyOverrides, type FlowPipeline } from '../../../src/net/index.js';
import { FlowTransport } from '../../../src/net/transport/flow.js';

const eth = applyOverrides(LINK_PRESETS['ethernet-1g-udp']!, { latencyS: 0 });
const fast = applyOverrides(eth, { bandwidthBps: 1e10 });
const narrow = applyOverrides(eth, { bandwidthBps: 6e8 });

/**
 * The classic 3-flow max-min example: a1 and a2 hang off s1, b off s2, c off s2;
 * s1→s2 is 1 Gb/s and s2→c 0.6 Gb/s, access links 10 Gb/s.
 * f1: a1→c (s1→s2, s2→c), f2: a2→s2 (s1→s2), f3: b→c (s2→c).
 * Max-min: s2→c is the bottleneck (0.6 / 2): f1 = f3 = 0.3 Gb/s; then s1→s2 leaves f2 = 1 − 0.3 = 0.7 Gb/s.
 */
function threeFlows(pipeline: FlowPipeline | undefined, latencyS = 0, viaNetworkOption = false) {
  const env = new Environment();
  let transport: FlowTransport | undefined;
  const net = new Network(
    env,
    viaNetworkOption
      ? { fidelity: 'flow', ...(pipeline === undefined ? {} : { flowPipeline: pipeline }) }
      : { fidelity: 'flow', flowTransport: (e, n) => (transport = new FlowTransport(e, n, pipeline === undefined ? {} : { pipeline })) },
  );
  const lat = (c: typeof eth) => (latencyS === 0 ? c : applyOverrides(c, { latencyS }));
  const [a1, a2, b, s1, s2, c] = ['a1', 'a2', 'b', 's1', 's2', 'c'].map((n) => net.addNode(n, n.startsWith('s') ? 'switch' : 'worker', UNMETERED));
  a1!.setRoute('*', net.connect(a1!, s1!, lat(fast))[0]);
  a2!.setRoute('*', net.connect(a2!, s1!, lat(fast))[0]);
  b!.setRoute('*', net.connect(b!, s2!, lat(fast))[0]);
  s1!.setRoute('*', net.connect(s1!, s2!, lat(eth))[0]);
  s2!.setRoute('c', net.connect(s2!, c!, lat(narrow))[0]);
  const V = 150_000;
  const sends = [net.send('a1', 'c', V, 'f1', null), net.send('a2', 's2', V, 'f2', null), net.send('b', 'c', V, 'f3', null)];
  const done = sends.map(() => NaN);
  sends.forEach((m, i) => net.onDelivery(m.id, () => (done[i] = env.now)));
  let rates: number[] = [];
  env.timeout(1e-9).addCallback(() => (rates = transport?.flows().map((f) => f.rateBps) ?? []));
  env.run();
  return { done, rates, bits: sends.map((m) => 8 * m.train.totalWireBytes), net };
}

describe('flow fidelity, fluid pipeline (SimGrid CM02 with cross-traffic off)', () => {
  it('gives the hand-computed max-min rates and completions of the 3-flow example', () => {
    const { done, rates, bits } = threeFlows('fluid');
    expect(rates[0]).toBeCloseTo(0.3e9, 3);
    expect(rates[1]).toBeCloseTo(0.7e9, 3);
    expect(rates[2]).toBeCloseTo(0.3e9, 3);
    // equal volumes: f2 drains first; then s1→s2 carries f1 alone, s2→c still splits 0.6 between f1 and f3
    expect(bits[0]).toBe(bits[1]);
    expect(done[1]).toBeCloseTo(bits[1]! / 0.7e9, 15);
    expect(done[0]).toBeCloseTo(bits[0]! / 0.3e9, 15);
    expect(done[2]).toBeCloseTo(bits[2]! / 0.3e9, 15);
  });

  it('pays the path latency before the drain, and no store-and-forward tail', () => {
    const L = 7e-6;
    const { done, bits } = threeFlows('fluid', L);
    // f1 crosses 3 links (3L), f2 and f3 2 links (2L): f2, f3 join at 2L, f1 at 3L.
    // [2L, 3L]: f2 alone on s1→s2 gets 1 Gb/s (access links are 10 Gb/s), f3 alone on s2→c 0.6 Gb/s.
    // From 3L: f1 = f3 = 0.3, f2 = 0.7 Gb/s until f2 drains.
    const left2 = bits[1]! - 1e9 * L;
    const t2 = 3 * L + left2 / 0.7e9;
    expect(done[1]).toBeCloseTo(t2, 14);
    // then f1 and f3 keep 0.3 each on s2→c; f3 had a head start of 0.6e9·L bits
    const left3 = bits[2]! - 0.6e9 * L - 0.3e9 * (t2 - 3 * L);
    expect(done[2]).toBeCloseTo(t2 + left3 / 0.3e9, 14);
    // once f3 drains, f1 has s2→c to itself (0.6 Gb/s)
    const left1 = bits[0]! - 0.3e9 * (done[2]! - 3 * L);
    expect(done[0]).toBeCloseTo(done[2]! + left1 / 0.6e9, 14);
  });

  it('is not the default: the packet pipeline adds the store-and-forward delay of the hops before the bottleneck', () => {
    const fluid = threeFlows('fluid').done;
    const packet = threeFlows(undefined).done;
    const full = 1538 * 8;
    // f1 crosses a1→s1 (10 Gb/s), s1→s2 (1 Gb/s), s2→c (0.6 Gb/s, the bottleneck): its first packet
    // reaches the bottleneck after one packet at 10 Gb/s and one at 1 Gb/s; the fluid has no such delay
    expect(packet[0]! - fluid[0]!).toBeCloseTo(full / 1e10 + full / 1e9, 12);
    for (const i of [1, 2]) expect(packet[i]! - fluid[i]!).toBeGreaterThan(0);
    // NetworkOptions.flowPipeline picks the same models
    expect(threeFlows('fluid', 0, true).done).toEqual(fluid);
    expect(threeFlows(undefined, 0, true).done).toEqual(packet);
    expect(threeFlows('packet', 0, true).done).toEqual(packet);
  });
});
