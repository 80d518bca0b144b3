import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
import { LINK_PRESETS, Network, buildStar, type Fidelity, type LinkConfig, type PowerProfile } from '../../../src/net/index.js';
import { udpEthernetWireBytes, wireS } from '../ethernet-wire.js';
import { idleTrainTimes } from '../../../src/net/link/fifo-train.js';
import { FlowTransport, flowTransport } from '../../../src/net/transport/flow.js';
import { maxMinRates } from '../../../src/net/transport/max-min.js';

const eth = LINK_PRESETS['ethernet-1g-udp']!;
const power: PowerProfile = { watts: { tx: 2, rx: 3, idle: 1 }, background: 'idle', source: 'test' };
const MB = 1_000_000;

interface StarRun {
  readonly env: Environment;
  readonly network: Network;
  /** Delivery time of each worker's message (s), by worker index. */
  readonly deliveredS: number[];
}

/** A star of P workers on `workerLink` (server on `serverLink`); worker i sends `bytes` to the server at `sendAtS[i]` (default 0). */
function runStar(
  fidelity: Fidelity,
  P: number,
  bytes: number,
  options: { workerLink?: LinkConfig; serverLink?: LinkConfig; sendAtS?: readonly number[]; onTransport?: (t: FlowTransport) => void } = {},
): StarRun {
  const env = new Environment();
  const spec = {
    workers: Array.from({ length: P }, () => ({ link: options.workerLink ?? eth, power })),
    server: { link: options.serverLink ?? eth, power },
  };
  const factory = (e: Environment, n: Network) => {
    const t = new FlowTransport(e, n);
    options.onTransport?.(t);
    return t;
  };
  const { network, server, workers } = buildStar(env, spec, { fidelity, flowTransport: factory });
  const deliveredS = workers.map(() => NaN);
  server.trace.delivered.push((d) => (deliveredS[d.message.body as number] = d.deliveredAtS));
  workers.forEach((w, i) => {
    const at = options.sendAtS?.[i] ?? 0;
    if (at === 0) network.send(w.name, 'server', bytes, 'grad', i);
    else env.timeout(at).addCallback(() => network.send(w.name, 'server', bytes, 'grad', i));
  });
  env.run();
  expect(deliveredS.every((t) => Number.isFinite(t))).toBe(true);
  return { env, network, deliveredS };
}

describe('max-min fair rates (progressive filling)', () => {
  it('gives A = 2, B = 8, C = 2 on links of 10 and 4 when A crosses both', () => {
    expect(maxMinRates([10, 4], [[0, 1], [0], [1]])).toEqual([2, 8, 2]);
  });

  it('shares a parking lot: the long flow gets the tightest fair share, the rest fill what is left', () => {
    // link 0 (1): long flow + flow 1 → 0.5 each; link 1 (2): long flow uses 0.5, flows 2 and 3 split 1.5.
    expect(maxMinRates([1, 2], [[0, 1], [0], [1], [1]])).toEqual([0.5, 0.5, 0.75, 0.75]);
    // three unit links in a row, one flow across all, one local flow per link: all 1/2.
    expect(maxMinRates([1, 1, 1], [[0, 1, 2], [0], [1], [2]])).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('gives every flow on one link an equal share, and a lone flow the whole link', () => {
    expect(maxMinRates([9], [[0], [0], [0]])).toEqual([3, 3, 3]);
    expect(maxMinRates([5, 7], [[1]])).toEqual([7]);
  });

  it('charges a link crossed twice for both crossings', () => {
    expect(maxMinRates([6], [[0, 0], [0]])).toEqual([2, 2]);
  });

  it('is a feasible allocation where every flow has a saturated bottleneck it is largest on', () => {
    const capacities = [3, 5, 2, 7, 4];
    const flows = [[0, 1], [1, 2, 3], [3], [0, 4], [4, 3, 1], [2], [3, 4]];
    const rates = maxMinRates(capacities, flows);
    const used = capacities.map((_, l) => flows.reduce((s, f, i) => s + f.filter((x) => x === l).length * rates[i]!, 0));
    used.forEach((u, l) => expect(u).toBeLessThanOrEqual(capacities[l]! * (1 + 1e-12)));
    flows.forEach((f, i) => {
      const bottleneck = f.some((l) => used[l]! >= capacities[l]! * (1 - 1e-12) && flows.every((g, k) => !g.includes(l) || rates[k]! <= rates[i]! * (1 + 1e-12)));
      expect(bottleneck).toBe(true);
    });
  });

  it('refuses a flow with no link, an unknown link and a non-positive capacity', () => {
    expect(() => maxMinRates([1], [[]])).toThrow(/flow 0 crosses no link/);
    expect(() => maxMinRates([1], [[1]])).toThrow(/names link 1/);
    expect(() => maxMinRates([0], [[0]])).toThrow(/link 0 has capacity 0/);
  });
});

describe('flow fidelity: a single message on an idle path', () => {
  it('arrives exactly when packet fidelity delivers it over a 2-hop star path', () => {
    const flow = runStar('flow', 1, MB);
    const packet = runStar('packet', 1, MB);
    expect(Math.abs(flow.deliveredS[0]! - packet.deliveredS[0]!)).toBeLessThan(1e-12);
  });

  it('pipelines the last full-size packet, not the short last one: Σ tx + tx_full + L1 + L2 on equal hops', () => {
    const { deliveredS } = runStar('flow', 1, MB);
    // 1 MB = 679 × 1472 + 512: 679 packets of 1538 B on the wire, then one of 578 B
    const full = 1538;
    const expected = wireS(679 * full + 578, eth.bandwidthBps) + wireS(full, eth.bandwidthBps) + 2 * eth.latencyS;
    expect(Math.abs(deliveredS[0]! - expected)).toBeLessThan(1e-12);
  });

  it.each([
    ['a slow access link', { ...eth, bandwidthBps: 1e8 }, eth],
    ['a slow server link', eth, { ...eth, bandwidthBps: 1e8, latencyS: 3e-6 }],
    ['per-message setup on both hops', { ...eth, setup: { timeS: 2e-5, bytes: 300 } }, { ...eth, setup: { timeS: 1e-5, bytes: 100 } }],
  ])('matches packet fidelity to 1e-12 s with %s', (_, workerLink, serverLink) => {
    for (const bytes of [0, 1000, 1472 * 3, MB]) {
      const flow = runStar('flow', 1, bytes, { workerLink, serverLink });
      const packet = runStar('packet', 1, bytes, { workerLink, serverLink });
      expect(Math.abs(flow.deliveredS[0]! - packet.deliveredS[0]!)).toBeLessThan(1e-12);
    }
  });

  it('matches packet fidelity over three hops of different rates', () => {
    const line = (fidelity: Fidelity): number => {
      const env = new Environment();
      const network = new Network(env, { fidelity, flowTransport });
      const nodes = ['a', 'b', 'c', 'd'].map((n) => network.addNode(n, 'worker', power));
      const rates = [4e8, 1e9, 2.5e8];
      for (let i = 0; i < 3; i++) {
        const link = { ...eth, bandwidthBps: rates[i]!, latencyS: (i + 1) * 1e-6 };
        nodes[i]!.setRoute('*', network.connect(nodes[i]!, nodes[i + 1]!, link)[0]);
      }
      let at = NaN;
      nodes[3]!.trace.delivered.push((d) => (at = d.deliveredAtS));
      network.send('a', 'd', 123_456, 'x', null);
      env.run();
      return at;
    };
    expect(Math.abs(line('flow') - line('packet'))).toBeLessThan(1e-12);
  });

  it('computes the idle store-and-forward times packet by packet', () => {
    const env = new Environment();
    const { network } = buildStar(env, { workers: [{ link: eth, power }], server: { link: eth, power } });
    const path = network.path('worker/0', 'server');
    const t = idleTrainTimes([100, 100], path);
    const tx = wireS(100, eth.bandwidthBps);
    expect(t.lastBitS[0]).toBeCloseTo(2 * tx, 18);
    expect(t.lastBitS[1]).toBeCloseTo(3 * tx + eth.latencyS, 18);
    expect(t.arrivalS).toBeCloseTo(3 * tx + 2 * eth.latencyS, 18);
  });
});

describe('flow fidelity: incast on the star', () => {
  it.each([2, 8, 32])('finishes the last byte of %i simultaneous 1 MB uploads within 3 %% of packet fidelity', (P) => {
    const flow = runStar('flow', P, MB);
    const packet = runStar('packet', P, MB);
    const lastFlow = Math.max(...flow.deliveredS);
    const lastPacket = Math.max(...packet.deliveredS);
    expect(Math.abs(lastFlow - lastPacket) / lastPacket).toBeLessThan(0.03);
    // flow fidelity: every upload drains together at the shared server link
    for (const t of flow.deliveredS) expect(t).toBe(lastFlow);
    // packet fidelity interleaves at the switch: uploads finish one after another, none after the last
    for (const t of packet.deliveredS) expect(t).toBeLessThanOrEqual(lastPacket);
  });

  it('slows a running flow when another starts mid-way, and speeds it back up when that one drains', () => {
    const T = wireS(udpEthernetWireBytes(MB), eth.bandwidthBps);
    const t1 = T / 4;
    let transport: FlowTransport | undefined;
    const sampled: { messageId: number; rateBps: number }[][] = [];
    const env0 = runStar('flow', 1, MB);
    const tail = env0.deliveredS[0]! - T; // alone: drain at T, then the pipeline tail
    const run = runStar('flow', 2, MB, {
      sendAtS: [0, t1],
      onTransport: (t) => {
        transport = t;
      },
    });
    expect(transport).toBeDefined();
    // alone until t1, then half the server link each until flow 0 drains at t1 + 2(T − t1)
    const drain0 = t1 + 2 * (T - t1);
    // flow 1 then has T − (T − t1) = t1 seconds' worth of bytes left at full rate
    const drain1 = drain0 + t1;
    expect(run.deliveredS[0]).toBeCloseTo(drain0 + tail, 12);
    expect(run.deliveredS[1]).toBeCloseTo(drain1 + tail, 12);
    expect(run.deliveredS[0]).toBeGreaterThan(env0.deliveredS[0]!);

    // rates seen from inside a run
    const env = new Environment();
    const { network, workers } = buildStar(
      env,
      {
        workers: [
          { link: eth, power },
          { link: eth, power },
        ],
        server: { link: eth, power },
      },
      { fidelity: 'flow', flowTransport: (e, n) => (transport = new FlowTransport(e, n)) },
    );
    network.send(workers[0]!.name, 'server', MB, 'a', 0);
    for (const at of [t1 / 2, t1 + 1e-6]) {
      env.timeout(at).addCallback(() => sampled.push(transport!.flows().map(({ messageId, rateBps }) => ({ messageId, rateBps }))));
    }
    env.timeout(t1).addCallback(() => network.send(workers[1]!.name, 'server', MB, 'b', 1));
    env.run();
    expect(sampled).toEqual([
      [{ messageId: 0, rateBps: 1e9 }],
      [
        { messageId: 0, rateBps: 5e8 },
        { messageId: 1, rateBps: 5e8 },
      ],
    ]);
  });

  it('is deterministic: the same sends give the same times', () => {
    const send = [0, 1e-4, 1e-4, 3e-4, 0, 2e-3];
    const a = runStar('flow', 6, 300_000, { sendAtS: send });
    const b = runStar('flow', 6, 300_000, { sendAtS: send });
    expect(a.deliveredS).toEqual(b.deliveredS);
  });
});

describe('flow fidelity: traces and energy', () => {
  it.each([
    ['no setup', eth],
    ['per-message setup bytes', { ...eth, setup: { timeS: 1e-5, bytes: 250 } }],
  ])('charges the same wire seconds, bytes, packets and joules as packet fidelity (%s)', (_, link) => {
    const P = 8;
    const observed = (['flow', 'packet'] as const).map((fidelity) => {
      const env = new Environment();
      const { network, server, workers } = buildStar(env, { workers: Array.from({ length: P }, () => ({ link, power })), server: { link, power } }, { fidelity, flowTransport });
      const txS = new Map<string, number>();
      const rxS = new Map<string, number>();
      for (const hop of network.hops) {
        hop.trace.tx.push((e) => txS.set(hop.name, (txS.get(hop.name) ?? 0) + e.seconds));
        hop.trace.rx.push((e) => rxS.set(hop.name, (rxS.get(hop.name) ?? 0) + e.seconds));
      }
      let last = 0;
      server.trace.delivered.push((d) => (last = Math.max(last, d.deliveredAtS)));
      workers.forEach((w, i) => network.send(w.name, 'server', 250_000, 'grad', i));
      env.run();
      return { network, txS, rxS, last };
    });
    const [flow, packet] = observed as [(typeof observed)[0], (typeof observed)[0]];
    expect([...flow.txS.keys()]).toEqual([...packet.txS.keys()]);
    for (const [name, s] of packet.txS) expect(flow.txS.get(name)).toBeCloseTo(s, 15);
    for (const [name, s] of packet.rxS) expect(flow.rxS.get(name)).toBeCloseTo(s, 15);
    for (const [name, c] of packet.network.traffic.byHop) {
      const f = flow.network.traffic.byHop.get(name)!;
      expect(f.wireBytes).toBe(c.wireBytes);
      expect(f.packets).toBe(c.packets);
    }
    const t = Math.max(flow.last, packet.last);
    for (const node of packet.network.allNodes) {
      expect(flow.network.ledger.nodeJ(node.name, t)).toBeCloseTo(packet.network.ledger.nodeJ(node.name, t), 12);
    }
  });

  it('emits tx before rx on each hop and the last rx with the delivery', () => {
    const env = new Environment();
    const { network, server } = buildStar(env, { workers: [{ link: eth, power }], server: { link: eth, power } }, { fidelity: 'flow', flowTransport });
    const log: { what: string; atS: number; packets?: number }[] = [];
    for (const hop of network.hops) {
      hop.trace.tx.push((e) => log.push({ what: `tx ${hop.name}`, atS: env.now, packets: e.packets }));
      hop.trace.rx.push((e) => log.push({ what: `rx ${hop.name}`, atS: env.now, packets: e.packets }));
    }
    server.trace.delivered.push(() => log.push({ what: 'delivered', atS: env.now }));
    network.send('worker/0', 'server', MB, 'grad', null);
    env.run();
    const n = 680; // 1 MB = 679 full packets of 1472 B + one of 512 B
    expect(log.map((l) => l.what)).toEqual(['tx worker/0→switch', 'rx worker/0→switch', 'tx switch→server', 'rx switch→server', 'delivered']);
    expect(log.slice(0, 4).map((l) => l.packets)).toEqual([n, n, n, n]);
    for (let i = 1; i < log.length; i++) expect(log[i]!.atS).toBeGreaterThanOrEqual(log[i - 1]!.atS);
    expect(log[3]!.atS).toBe(log[4]!.atS);
    // the sender's last bit leaves when the flow drains, as in packet fidelity on an idle path
    expect(log[0]!.atS).toBeCloseTo(wireS(udpEthernetWireBytes(MB), eth.bandwidthBps), 15);
  });

  it('refuses a lossy hop, naming it', () => {
    const env = new Environment();
    const lossy: LinkConfig = { ...eth, arq: { packetErrorRate: 0.1, timeoutS: 1e-3, maxRetries: 3 } };
    const { network } = buildStar(env, { workers: [{ link: lossy, power }], server: { link: eth, power } }, { fidelity: 'flow', flowTransport });
    expect(() => network.send('worker/0', 'server', 1000, 'grad', null)).toThrow(/hop worker\/0→switch is not a lossless FIFO link/);
  });
});
