import { describe, expect, it } from 'vitest';
import { Environment, type SimEvent } from '../../../src/sim/index.js';
// Imported module by module (not via src/net/index.js) so these tests do not depend on unrelated modules.
import { LINK_PRESETS } from '../../../src/net/presets/index.js';
import { UNMETERED, type PowerProfile } from '../../../src/net/power.js';
import { udpEthernetPackets, udpEthernetWireBytes, wireS } from '../ethernet-wire.js';
import type { Delivery } from '../../../src/net/message.js';
import type { Network } from '../../../src/net/network.js';
import type { Attachment } from '../../../src/net/topology/star.js';
import { buildSwitch, topologyErrors } from '../../../src/net/topology/switch.js';
import { buildTree } from '../../../src/net/topology/tree.js';
import { buildRing } from '../../../src/net/topology/ring.js';

const eth = LINK_PRESETS['ethernet-1g-udp']!;
const power: PowerProfile = { watts: { tx: 2, rx: 3, idle: 1 }, background: 'idle', source: 'test' };
const att: Attachment = { link: eth, power };
const L = eth.latencyS;
const tx = (bytes: number) => wireS(bytes, eth.bandwidthBps);
/** Wire time of a message's whole packet train on one link. */
const T = (payload: number) => tx(udpEthernetWireBytes(payload));
/** Wire time of its first (largest) packet: the store-and-forward delay each extra hop adds. */
const first = (payload: number) => tx(udpEthernetPackets(payload)[0]!);
const fidelities = ['message', 'packet'] as const;

/** Run until every (src, dst, bytes) message has arrived; deliveries in send order. */
function transfer(env: Environment, network: Network, sends: readonly [string, string, number][]): Delivery[] {
  const out: Delivery[] = [];
  sends.forEach(([src, dst, bytes], i) => {
    const label = `t/${i}`;
    network.send(src, dst, bytes, label, i);
    env.process(
      (function* (): Generator<SimEvent<any>, void, any> {
        out[i] = yield network.node(dst).inbox.get((d) => d.message.label === label);
      })(),
    );
  });
  env.run();
  return out;
}

const hopNames = (network: Network, src: string, dst: string) => network.path(src, dst).map((h) => h.name);

describe('the full-bisection switch', () => {
  it.each(fidelities)('carries disjoint pairs at once, each as fast as alone (%s)', (fidelity) => {
    const env = new Environment();
    const s = buildSwitch(env, { workers: Array.from({ length: 8 }, () => att) }, { fidelity });
    const B = 10_000;
    const sends: [string, string, number][] = [0, 1, 2, 3].map((i) => [`worker/${i}`, `worker/${7 - i}`, B]);
    const ds = transfer(env, s.network, sends);
    // two store-and-forward hops: the train's wire time, two latencies, and one packet's wire time at the switch
    for (const d of ds) expect(d.deliveredAtS).toBeCloseTo(T(B) + 2 * L + first(B), 12);
  });

  it.each(fidelities)("queues several senders on the receiver's access link (%s)", (fidelity) => {
    const env = new Environment();
    const s = buildSwitch(env, { workers: Array.from({ length: 3 }, () => att) }, { fidelity });
    const B = 5000;
    const ds = transfer(env, s.network, [
      ['worker/1', 'worker/0', B],
      ['worker/2', 'worker/0', B],
    ]);
    expect(Math.max(...ds.map((d) => d.deliveredAtS))).toBeCloseTo(2 * T(B) + 2 * L + first(B), 12);
  });

  it('routes end node → switch → end node, with an optional server', () => {
    const env = new Environment();
    const withServer = buildSwitch(env, { workers: [att, att], server: att });
    expect(hopNames(withServer.network, 'worker/0', 'worker/1')).toEqual(['worker/0→switch', 'switch→worker/1']);
    expect(hopNames(withServer.network, 'server', 'worker/1')).toEqual(['server→switch', 'switch→worker/1']);
    expect(withServer.server?.role).toBe('server');
    expect(withServer.switchNode.name).toBe('switch');
    const without = buildSwitch(new Environment(), { workers: [att, att] });
    expect(without.server).toBeUndefined();
    expect(without.network.allNodes.map((n) => n.name)).toEqual(['switch', 'worker/0', 'worker/1']);
  });

  it('gives each worker its own access link configuration', () => {
    const env = new Environment();
    const slow: Attachment = { link: { ...eth, bandwidthBps: 1e8 }, power };
    const s = buildSwitch(env, { workers: [att, slow] });
    expect(s.network.path('worker/1', 'worker/0')[0]!.bandwidthBps).toBe(1e8);
    expect(s.network.path('worker/0', 'worker/1').map((h) => h.bandwidthBps)).toEqual([1e9, 1e8]);
  });

  it('refuses an empty worker list and a shared-medium attachment', () => {
    expect(() => buildSwitch(new Environment(), { workers: [] })).toThrow(topologyErrors.noWorkers('switch'));
    const radio: Attachment = { link: { ...eth, name: 'some-radio', medium: 'shared' }, power };
    expect(() => buildSwitch(new Environment(), { workers: [att, radio] })).toThrow(topologyErrors.sharedMedium('switch', 'worker/1', 'some-radio'));
    expect(() => buildRing(new Environment(), { workers: [radio, att] })).toThrow(topologyErrors.sharedMedium('ring', 'worker/0', 'some-radio'));
  });
});

describe('the two-level tree', () => {
  it('puts worker i under edge ⌊i/g⌋, the last edge taking the remainder', () => {
    const env = new Environment();
    const t = buildTree(env, { workers: Array.from({ length: 5 }, () => att), groupSize: 2, uplinks: { link: eth, power: UNMETERED }, server: att });
    expect(t.edges.map((e) => e.name)).toEqual(['edge/0', 'edge/1', 'edge/2']);
    expect(t.groups.map((g) => g.map((w) => w.name))).toEqual([['worker/0', 'worker/1'], ['worker/2', 'worker/3'], ['worker/4']]);
    expect(t.edges.every((e) => e.role === 'switch')).toBe(true);
  });

  it('routes by shortest path: 3 hops to the server, 2 within a group, 4 across', () => {
    const env = new Environment();
    const t = buildTree(env, { workers: Array.from({ length: 4 }, () => att), groupSize: 2, uplinks: att, server: att });
    const n = t.network;
    expect(hopNames(n, 'worker/1', 'server')).toEqual(['worker/1→edge/0', 'edge/0→core', 'core→server']);
    expect(hopNames(n, 'server', 'worker/3')).toEqual(['server→core', 'core→edge/1', 'edge/1→worker/3']);
    expect(hopNames(n, 'worker/0', 'worker/1')).toEqual(['worker/0→edge/0', 'edge/0→worker/1']);
    expect(hopNames(n, 'worker/0', 'worker/2')).toEqual(['worker/0→edge/0', 'edge/0→core', 'core→edge/1', 'edge/1→worker/2']);
  });

  it.each(fidelities)('pipelines a message over 3 hops: T + 3L + 2·(first packet) (%s)', (fidelity) => {
    const env = new Environment();
    const t = buildTree(env, { workers: [att, att], groupSize: 1, uplinks: att, server: att }, { fidelity });
    const B = 7000;
    const [d] = transfer(env, t.network, [['worker/1', 'server', B]]);
    expect(d!.deliveredAtS).toBeCloseTo(T(B) + 3 * L + 2 * first(B), 12);
  });

  it('takes one uplink per edge (heterogeneous), makes gateways, and checks the count', () => {
    const env = new Environment();
    const gw: PowerProfile = { watts: { idle: 5 }, background: 'idle', source: 'test' };
    const t = buildTree(env, {
      workers: Array.from({ length: 4 }, () => att),
      groupSize: 2,
      uplinks: [
        { link: eth, power: gw },
        { link: { ...eth, bandwidthBps: 1e8 }, power: gw },
      ],
      edgeRole: 'gateway',
      server: att,
    });
    expect(t.edges.map((e) => e.role)).toEqual(['gateway', 'gateway']);
    expect(t.edges[0]!.power).toBe(gw);
    expect(t.network.path('worker/3', 'server')[1]!.bandwidthBps).toBe(1e8);
    expect(() => buildTree(env, { workers: [att, att, att], groupSize: 2, uplinks: [att], server: att })).toThrow(topologyErrors.uplinkCount(1, 2));
    expect(() => buildTree(env, { workers: [att], groupSize: 0, uplinks: att, server: att })).toThrow(topologyErrors.groupSize(0));
  });
});

describe('the ring', () => {
  it('routes the shorter way round, ties clockwise', () => {
    for (const P of [5, 6]) {
      const r = buildRing(new Environment(), { workers: Array.from({ length: P }, () => att) });
      for (let i = 0; i < P; i++) {
        for (let j = 0; j < P; j++) {
          if (i === j) continue;
          const d = (j - i + P) % P;
          const path = r.network.path(`worker/${i}`, `worker/${j}`);
          expect(path.length).toBe(Math.min(d, P - d));
          const second = path[0]!.to.name;
          expect(second).toBe(`worker/${d <= P / 2 ? (i + 1) % P : (i - 1 + P) % P}`);
        }
      }
    }
  });

  it('joins two workers by one full-duplex link, and one worker by none', () => {
    const two = buildRing(new Environment(), { workers: [att, att] });
    expect(two.network.hops.map((h) => h.name)).toEqual(['worker/0→worker/1', 'worker/1→worker/0']);
    expect(buildRing(new Environment(), { workers: [att] }).network.hops).toEqual([]);
  });

  it("transmits on each worker's own link configuration in both directions", () => {
    const slow: Attachment = { link: { ...eth, bandwidthBps: 1e8 }, power };
    const r = buildRing(new Environment(), { workers: [att, slow, att, att] });
    expect(r.clockwise.map((p) => [p.name, p.bandwidthBps])).toEqual([
      ['worker/0→worker/1', 1e9],
      ['worker/1→worker/2', 1e8],
      ['worker/2→worker/3', 1e9],
      ['worker/3→worker/0', 1e9],
    ]);
    expect(r.counterClockwise.map((p) => [p.name, p.bandwidthBps])).toEqual([
      ['worker/0→worker/3', 1e9],
      ['worker/1→worker/0', 1e8],
      ['worker/2→worker/1', 1e9],
      ['worker/3→worker/2', 1e9],
    ]);
  });

  it.each(fidelities)('carries a message k hops in T + kL + (k−1)·(first packet) (%s)', (fidelity) => {
    const env = new Environment();
    const r = buildRing(env, { workers: Array.from({ length: 6 }, () => att) }, { fidelity });
    const B = 4000;
    const [d] = transfer(env, r.network, [['worker/0', 'worker/3', B]]);
    expect(d!.deliveredAtS).toBeCloseTo(T(B) + 3 * L + 2 * first(B), 12);
  });
});
