import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
// Imported module by module (not via src/net/index.js) so these tests do not depend on unrelated modules.
import { LINK_PRESETS } from '../../../src/net/presets/index.js';
import type { PowerProfile } from '../../../src/net/power.js';
import { udpEthernetPackets, udpEthernetWireBytes, wireS } from '../ethernet-wire.js';
import type { Delivery } from '../../../src/net/message.js';
import { buildStar, type Attachment } from '../../../src/net/topology/star.js';
import { buildSwitch } from '../../../src/net/topology/switch.js';
import { buildTree } from '../../../src/net/topology/tree.js';
import { buildRing } from '../../../src/net/topology/ring.js';
import {
  binomialTree,
  broadcast,
  collectiveErrors,
  gather,
  hierarchicalTree,
  recursiveDoubling,
  ringAllGather,
  ringAllReduce,
  treeBroadcast,
  treeReduce,
  type ChunkOps,
  type Combiner,
  type SizeOf,
} from '../../../src/net/collectives/index.js';

const eth = LINK_PRESETS['ethernet-1g-udp']!;
const power: PowerProfile = { watts: { tx: 2, rx: 3, idle: 1 }, background: 'idle', source: 'test' };
const att: Attachment = { link: eth, power };
const L = eth.latencyS;
const tx = (bytes: number) => wireS(bytes, eth.bandwidthBps);
/** Wire bytes of a message of `payload` bytes. */
const W = (payload: number) => udpEthernetWireBytes(payload);
/** Wire time of its packet train on one link. */
const T = (payload: number) => tx(W(payload));
/** Wire time of its first (largest) packet: the store-and-forward delay of each further hop. */
const first = (payload: number) => tx(udpEthernetPackets(payload)[0]!);
const fidelities = ['message', 'packet'] as const;
const many = (n: number) => Array.from({ length: n }, () => att);

/** Dense float32 vectors as plain number arrays: 4 bytes per element, summed elementwise. */
const dense: ChunkOps<number[]> = {
  bytes: (v) => 4 * v.length,
  combine: (a, b) => a.map((x, i) => x + b[i]!),
  split: (v, parts) => {
    const n = Math.ceil(v.length / parts);
    return Array.from({ length: parts }, (_, k) => v.slice(k * n, (k + 1) * n));
  },
  join: (chunks) => chunks.flat(),
};
/** A fixed-size message carrying a number; combining sums. */
const scalar = (bytes: number): Combiner<number> => ({ bytes: () => bytes, combine: (a, b) => a + b });
/** Strings, to check the order of combination: combine concatenates. */
const concat = (bytes: number): Combiner<string> => ({ bytes: () => bytes, combine: (a, b) => a + b });

describe('ring all-reduce', () => {
  for (const fidelity of fidelities) {
    for (const P of [2, 4, 8]) {
      it(`takes 2(P−1) × (latency + one chunk's train) and sums every element, P = ${P} (${fidelity})`, () => {
        const env = new Environment();
        const ring = buildRing(env, { workers: many(P) }, { fidelity });
        const n = P * 500; // chunks of 500 floats = 2000 B = 2 packets
        const bodies = ring.workers.map((_, i) => Array.from({ length: n }, (_, j) => i * 1000 + j));
        const proc = env.process(ringAllReduce(ring.network, ring.workers, bodies, dense));
        env.run();
        const r = proc.value;
        const C = 2000;
        expect(r.durationS).toBeCloseTo(2 * (P - 1) * (L + T(C)), 12);
        const expected = Array.from({ length: n }, (_, j) => (1000 * (P * (P - 1))) / 2 + P * j);
        for (const result of r.results) expect(result).toEqual(expected);
        for (const w of ring.workers) {
          // 2(P−1) chunks of body/P each: 2(P−1)/P of the body's payload, framed
          expect(r.payloadBytesByNode.get(w.name)).toBe((2 * (P - 1) * 4 * n) / P);
          expect(r.byNode.get(w.name)!.wireBytes).toBe(2 * (P - 1) * W(C));
          expect(r.byNode.get(w.name)!.packets).toBe(2 * (P - 1) * 2);
          expect(r.doneAtS.get(w.name)).toBeCloseTo(r.endS, 12);
        }
        // only the clockwise links carry traffic (for P = 2, both directions of the one link are "clockwise")
        expect([...r.byLink.keys()].sort()).toEqual(ring.clockwise.map((p) => p.name).sort());
        for (const p of ring.clockwise) expect(r.byLink.get(p.name)!.wireBytes).toBe(2 * (P - 1) * W(C));
        expect(r.messages).toBe(2 * (P - 1) * P);
      });
    }
  }

  it('returns the body for a single participant', () => {
    const env = new Environment();
    const ring = buildRing(env, { workers: many(1) });
    const proc = env.process(ringAllReduce(ring.network, ring.workers, [[1, 2, 3]], dense));
    env.run();
    expect(proc.value.results).toEqual([[1, 2, 3]]);
    expect(proc.value.durationS).toBe(0);
    expect(proc.value.messages).toBe(0);
  });

  it('refuses a split into the wrong number of chunks, and a body count that does not match', () => {
    const env = new Environment();
    const ring = buildRing(env, { workers: many(3) });
    expect(() => ringAllReduce(ring.network, ring.workers, [[1]], dense)).toThrow(collectiveErrors.bodyCount('ring all-reduce', 1, 3));
    const proc = env.process(ringAllReduce(ring.network, ring.workers, [[1], [2], [3]], { ...dense, split: (v) => [v] }));
    expect(() => env.run()).toThrow(collectiveErrors.splitCount(1, 3));
    expect(proc.isOk).toBe(false);
  });
});

describe('recursive doubling', () => {
  for (const P of [2, 4, 8]) {
    it(`gives every node the sum of all after log2 P rounds, each a two-hop exchange, P = ${P}`, () => {
      const env = new Environment();
      const s = buildSwitch(env, { workers: many(P) });
      const B = 3000;
      const proc = env.process(
        recursiveDoubling(
          s.network,
          s.workers,
          s.workers.map((_, i) => 2 ** i),
          scalar(B),
        ),
      );
      env.run();
      const r = proc.value;
      expect(r.rounds).toBe(Math.log2(P));
      expect(r.results).toEqual(s.workers.map(() => 2 ** P - 1));
      // partners form a permutation each round: no two messages share a link
      expect(r.durationS).toBeCloseTo(Math.log2(P) * (T(B) + 2 * L + first(B)), 12);
      for (const w of s.workers) expect(r.payloadBytesByNode.get(w.name)).toBe(Math.log2(P) * B);
    });
  }

  it('works for P = 6 by folding 2·(6 − 4) nodes into 4, doubling, then unfolding', () => {
    const env = new Environment();
    const s = buildSwitch(env, { workers: many(6) });
    const proc = env.process(
      recursiveDoubling(
        s.network,
        s.workers,
        s.workers.map((_, i) => 2 ** i),
        scalar(100),
      ),
    );
    env.run();
    const r = proc.value;
    expect(r.results).toEqual(Array(6).fill(63)); // each body counted exactly once
    expect(r.rounds).toBe(4);
    // fold: 0→1, 2→3; doubling: 4 nodes × 2 rounds; unfold: 1→0, 3→2
    expect(r.messages).toBe(2 + 4 * 2 + 2);
    expect(r.payloadBytesByNode.get('worker/0')).toBe(100);
    expect(r.payloadBytesByNode.get('worker/1')).toBe(100 * 3);
    expect(r.payloadBytesByNode.get('worker/4')).toBe(100 * 2);
  });

  for (const P of [3, 5, 6, 7, 8]) {
    it(`combines lower rank first, so every node ends with the same result, P = ${P}`, () => {
      const env = new Environment();
      const s = buildSwitch(env, { workers: many(P) });
      const letters = s.workers.map((_, i) => 'abcdefgh'[i]!);
      const proc = env.process(recursiveDoubling(s.network, s.workers, letters, concat(10)));
      env.run();
      expect(proc.value.results).toEqual(Array(P).fill(letters.join('')));
    });
  }
});

describe('ring all-gather', () => {
  it.each(fidelities)('gives everyone every body when sizes differ (%s)', (fidelity) => {
    const env = new Environment();
    const sizes = [100, 3000, 50, 7000, 1500];
    const P = sizes.length;
    const ring = buildRing(env, { workers: many(P) }, { fidelity });
    const bodies = sizes.map((bytes, from) => ({ from, bytes }));
    const size: SizeOf<{ bytes: number }> = { bytes: (b) => b.bytes };
    const proc = env.process(ringAllGather(ring.network, ring.workers, bodies, size));
    env.run();
    const r = proc.value;
    for (const have of r.results) expect(have).toEqual(bodies);
    ring.workers.forEach((w, i) => {
      // node i forwards every body except its successor's
      const sent = sizes.filter((_, j) => j !== (i + 1) % P);
      expect(r.byNode.get(w.name)!.wireBytes).toBe(sent.reduce((a, b) => a + W(b), 0));
      expect(r.payloadBytesByNode.get(w.name)).toBe(sent.reduce((a, b) => a + b, 0));
    });
  });

  it('takes (P−1) × (latency + one body) with equal sizes', () => {
    const env = new Environment();
    const P = 6;
    const B = 2500;
    const ring = buildRing(env, { workers: many(P) });
    const proc = env.process(
      ringAllGather(
        ring.network,
        ring.workers,
        ring.workers.map((w) => w.name),
        { bytes: () => B },
      ),
    );
    env.run();
    expect(proc.value.durationS).toBeCloseTo((P - 1) * (L + T(B)), 12);
    expect(proc.value.results[3]).toEqual(ring.workers.map((w) => w.name));
  });
});

describe('gather and broadcast on the parameter-server star', () => {
  const star = (env: Environment, P: number, fidelity: 'message' | 'packet') => buildStar(env, { workers: many(P), server: att }, { fidelity });

  it.each(fidelities)("gather: the server's link serialises P trains: P·T + 2L + first packet (%s)", (fidelity) => {
    const env = new Environment();
    const P = 4;
    const B = 5000;
    const s = star(env, P, fidelity);
    const proc = env.process(
      gather(
        s.network,
        s.server,
        s.workers,
        s.workers.map((_, i) => i),
        { bytes: () => B },
      ),
    );
    env.run();
    const r = proc.value;
    expect(r.received).toEqual([0, 1, 2, 3]);
    expect(r.durationS).toBeCloseTo(P * T(B) + 2 * L + first(B), 12);
    expect(r.byLink.get('switch→server')!.wireBytes).toBe(P * W(B));
    expect(r.byNode.get('switch')!.wireBytes).toBe(P * W(B));
    for (const w of s.workers) expect(r.byNode.get(w.name)!.wireBytes).toBe(W(B));
  });

  it.each(fidelities)("broadcast: P unicasts queue on the server's link: P·T + 2L + first packet (%s)", (fidelity) => {
    const env = new Environment();
    const P = 4;
    const B = 5000;
    const s = star(env, P, fidelity);
    const model = { weights: 'w' };
    const proc = env.process(broadcast(s.network, s.server, s.workers, model, { bytes: () => B }));
    env.run();
    const r = proc.value;
    expect(r.received.every((b) => b === model)).toBe(true);
    expect(r.durationS).toBeCloseTo(P * T(B) + 2 * L + first(B), 12);
    r.arrivedAtS.forEach((t, k) => expect(t).toBeCloseTo((k + 1) * T(B) + 2 * L + first(B), 12));
    expect(r.byNode.get('server')!.wireBytes).toBe(P * W(B));
    expect(r.payloadBytesByNode.get('server')).toBe(P * B);
  });
});

describe('tree reduce and tree broadcast', () => {
  it('binomial reduce over the server and 7 workers sums every body once', () => {
    const env = new Environment();
    const s = buildSwitch(env, { workers: many(7), server: att });
    const tree = binomialTree(s.server!, s.workers);
    expect(tree.children.get('server')!.map((n) => n.name)).toEqual(['worker/3', 'worker/1', 'worker/0']);
    expect(tree.children.get('worker/3')!.map((n) => n.name)).toEqual(['worker/5', 'worker/4']);
    const bodies = new Map(s.workers.map((w, i) => [w.name, 2 ** i]));
    const proc = env.process(treeReduce(s.network, tree, bodies, scalar(1000)));
    env.run();
    const r = proc.value;
    expect(r.result).toBe(127);
    expect(r.messages).toBe(7);
    for (const w of s.workers) expect(r.payloadBytesByNode.get(w.name)).toBe(1000);
    expect(r.payloadBytesByNode.has('server')).toBe(false);
  });

  it("combines a node's own body first, then its children in tree order", () => {
    const env = new Environment();
    const s = buildSwitch(env, { workers: many(3), server: att });
    const tree = binomialTree(s.server!, s.workers); // server: [worker/1, worker/0]; worker/1: [worker/2]
    const bodies = new Map([
      ['server', 'a'],
      ['worker/0', 'b'],
      ['worker/1', 'c'],
      ['worker/2', 'd'],
    ]);
    const proc = env.process(treeReduce(s.network, tree, bodies, concat(10)));
    env.run();
    expect(proc.value.result).toBe('acdb');
  });

  it.each(fidelities)('reduces through aggregating gateways on the two-level tree: 3T + 3L + first packet (%s)', (fidelity) => {
    const env = new Environment();
    const t = buildTree(env, { workers: many(4), groupSize: 2, uplinks: att, edgeRole: 'gateway', server: att }, { fidelity });
    const tree = hierarchicalTree(t.server, t.groups, t.edges);
    const B = 4000;
    const bodies = new Map(t.workers.map((w, i) => [w.name, i + 1]));
    const proc = env.process(treeReduce(t.network, tree, bodies, scalar(B)));
    env.run();
    const r = proc.value;
    expect(r.result).toBe(10);
    // one hop into each gateway (T + L), then the two gateways' messages share core→server over two hops
    expect(r.durationS).toBeCloseTo(3 * T(B) + 3 * L + first(B), 12);
    expect(r.byLink.get('core→server')!.wireBytes).toBe(2 * W(B));
    const edgeDone = t.edges.map((e) => r.doneAtS.get(e.name)!);
    expect(Math.max(...edgeDone)).toBeCloseTo(r.endS, 12);
    // both gateways' packets interleave on core→server at every fidelity but flow (so at both run here, message and
    // packet; packet by packet, as a FIFO serves them): the first gateway's message is through one packet of the second's before the end
    expect(r.endS - edgeDone[0]!).toBeCloseTo(tx(udpEthernetPackets(B).at(-1)!), 12);
  });

  it('reduces through group leaders when no heads are given', () => {
    const env = new Environment();
    const t = buildTree(env, { workers: many(5), groupSize: 2, uplinks: att, server: att });
    const tree = hierarchicalTree(t.server, t.groups);
    expect(tree.children.get('server')!.map((n) => n.name)).toEqual(['worker/0', 'worker/2', 'worker/4']);
    const proc = env.process(treeReduce(t.network, tree, new Map(t.workers.map((w, i) => [w.name, 10 ** i])), scalar(64)));
    env.run();
    expect(proc.value.result).toBe(11111);
    expect(proc.value.messages).toBe(5); // worker/1→0, worker/3→2, then the three heads → server
  });

  it('refuses a leaf without a body and a node with two parents', () => {
    const env = new Environment();
    const s = buildSwitch(env, { workers: many(2), server: att });
    const tree = binomialTree(s.server!, s.workers);
    expect(() => treeReduce(s.network, tree, new Map([['worker/0', 1]]), scalar(1))).toThrow(collectiveErrors.missingBody('tree reduce', 'worker/1'));
    expect(() => hierarchicalTree(s.server!, [[s.workers[0]!], [s.workers[0]!]])).toThrow(collectiveErrors.treeShape('worker/0', 'has more than one parent'));
  });

  it('binomial broadcast gives every node the body, each sending once per child', () => {
    const env = new Environment();
    const s = buildSwitch(env, { workers: many(7), server: att });
    const tree = binomialTree(s.server!, s.workers);
    const body = { model: 1 };
    const B = 2000;
    const proc = env.process(treeBroadcast(s.network, tree, body, { bytes: () => B }));
    env.run();
    const r = proc.value;
    expect([...r.received.keys()].sort()).toEqual(s.workers.map((w) => w.name).sort());
    expect([...r.received.values()].every((b) => b === body)).toBe(true);
    expect(r.payloadBytesByNode.get('server')).toBe(3 * B);
    expect(r.payloadBytesByNode.get('worker/3')).toBe(2 * B);
    expect(r.payloadBytesByNode.get('worker/0')).toBeUndefined();
    // a worker only forwards after the whole body arrived
    expect(r.arrivedAtS.get('worker/5')!).toBeGreaterThan(r.arrivedAtS.get('worker/3')!);
  });
});

describe('isolation of concurrent collectives', () => {
  it('keeps labels apart, reports only its own messages, and leaves other traffic in the inbox', () => {
    const env = new Environment();
    const s = buildSwitch(env, { workers: many(4) });
    const subscribers = new Map(s.network.hops.map((h) => [h, [h.trace.tx.length, h.trace.drop.length]]));
    const before = s.network.traffic.snapshot();
    s.network.send('worker/1', 'worker/0', 500, 'other', 'unrelated');
    const a = env.process(recursiveDoubling(s.network, s.workers, [1, 2, 3, 4], scalar(3000), { tag: 'a' }));
    const b = env.process(ringAllGather(s.network, s.workers, ['w', 'x', 'y', 'z'], { bytes: () => 1000 }, { tag: 'b' }));
    env.run();
    expect(a.value.results).toEqual([10, 10, 10, 10]);
    expect(b.value.results[2]).toEqual(['w', 'x', 'y', 'z']);
    const all = s.network.traffic.since(before);
    for (const [node, count] of all.byNode) {
      const own = (a.value.byNode.get(node)?.wireBytes ?? 0) + (b.value.byNode.get(node)?.wireBytes ?? 0);
      const unrelated = node === 'worker/1' || node === 'switch' ? W(500) : 0;
      expect(count.wireBytes).toBe(own + unrelated);
    }
    expect(a.value.byNode.get('worker/0')!.wireBytes).toBeGreaterThan(0);
    expect(b.value.byNode.get('worker/0')!.wireBytes).toBeGreaterThan(0);
    const inbox = s.workers[0]!.inbox;
    expect(inbox.size).toBe(1);
    const left = inbox.get();
    env.run();
    expect((left.value as Delivery).message.body).toBe('unrelated');
    // finished calls have unsubscribed from every hop
    for (const hop of s.network.hops) expect([hop.trace.tx.length, hop.trace.drop.length]).toEqual(subscribers.get(hop));
  });

  it('refuses a tag already in use by a running collective, and frees it when done', () => {
    const env = new Environment();
    const s = buildSwitch(env, { workers: many(2) });
    env.process(recursiveDoubling(s.network, s.workers, [1, 2], scalar(10), { tag: 'x' }));
    const clash = env.process(recursiveDoubling(s.network, s.workers, [1, 2], scalar(10), { tag: 'x' }));
    expect(() => env.run()).toThrow(collectiveErrors.tagInUse('x'));
    expect(clash.isOk).toBe(false);
    env.run();
    const again = env.process(recursiveDoubling(s.network, s.workers, [3, 4], scalar(10), { tag: 'x' }));
    env.run();
    expect(again.value.results).toEqual([7, 7]);
    expect(again.value.tag).toBe('x');
  });
});
