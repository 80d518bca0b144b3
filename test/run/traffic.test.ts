import { describe, expect, it } from 'vitest';
import { runScenario, type SchemeSummary } from '../../src/run/run.js';
import { workerWire } from '../../src/run/traffic.js';
import type { TrafficCount } from '../../src/net/index.js';
import { dense3, LOGISTIC_4, RING_AR_AND_AG, scenario, tmp, traceEvents } from './fixtures.js';

const BODY = `${LOGISTIC_4}training: { iterations: 5, learningRate: 1, evalEvery: 1 }
`;

/** Wire bytes and packets on the hops whose ends match (links.csv names hops `from→to`). */
function onHops(s: SchemeSummary, match: (from: string, to: string) => boolean) {
  let bytes = 0;
  let packets = 0;
  for (const l of s.links) {
    const [from, to] = l.link.split('→') as [string, string];
    if (!match(from, to)) continue;
    bytes += l.wire_bytes;
    packets += l.packets;
  }
  return { bytes, packets };
}

const count = (wireBytes: number, packets: number): TrafficCount => ({ wireBytes, packets, busyS: 0, retransmissions: 0, drops: 0 });

describe('the workers’ wire traffic from the per-node counters', () => {
  it('sums what the listed workers sent (up) and received (down), and nothing of other nodes', () => {
    const byNode = new Map([
      ['worker/0', count(100, 2)],
      ['worker/1', count(50, 1)],
      ['server', count(7000, 70)],
    ]);
    const toNode = new Map([
      ['worker/0', count(300, 3)],
      ['worker/1', count(300, 3)],
      ['server', count(150, 3)],
    ]);
    expect(workerWire({ byNode, toNode }, ['worker/0', 'worker/1'])).toEqual({ wireBytesUp: 150, packetsUp: 3, wireBytesDown: 600, packetsDown: 6 });
  });

  it('counts a worker that has sent or received nothing yet as 0', () => {
    const byNode = new Map([['worker/0', count(10, 1)]]);
    expect(workerWire({ byNode, toNode: new Map() }, ['worker/0', 'worker/1'])).toEqual({ wireBytesUp: 10, packetsUp: 1, wireBytesDown: 0, packetsDown: 0 });
  });
});

describe('wire bytes and packets per role (run/traffic.ts)', () => {
  it('serverless: up is what the workers sent, down what they received, both > 0, payload as wire', async () => {
    const r = await runScenario(scenario(`${BODY}${RING_AR_AND_AG}`), tmp('traffic'));
    for (const s of r.schemes) {
      const last = s.final!;
      const isWorker = (n: string) => n.startsWith('worker/');
      const got = onHops(s, (_, to) => isWorker(to));
      const sent = onHops(s, (from) => isWorker(from));
      expect(last.wire_bytes_down).toBeGreaterThan(0);
      expect(last.wire_bytes_up).toBeGreaterThan(0);
      expect(last.wire_bytes_down).toBe(got.bytes);
      expect(last.packets_down).toBe(got.packets);
      expect(last.wire_bytes_up).toBe(sent.bytes);
      expect(last.packets_up).toBe(sent.packets);
      // payload in the same sense: every byte one worker sends another receives, framing on top
      expect(last.payload_bytes_down).toBe(last.payload_bytes_up);
      expect(last.payload_bytes_down).toBeLessThan(last.wire_bytes_down);
    }
    // d = 64, P = 4, 5 iterations. ar: 2(P − 1) chunks of d/P fp32 values a worker, 2 · 3 · 16 · 4 B = 384 B, four workers;
    // ag: k = 8 raw32 pairs (64 B) a message, each worker sends P − 1 = 3 (its own and two forwarded)
    expect(r.schemes.map((s) => [s.name, s.final!.payload_bytes_up, s.final!.payload_bytes_down])).toEqual([
      ['ar', 5 * 4 * 384, 5 * 4 * 384],
      ['ag', 5 * 4 * 3 * 64, 5 * 4 * 3 * 64],
    ]);
  });

  it('parameter server: up is what the server received, down what it sent', async () => {
    const r = await runScenario(
      scenario(`${BODY}network: { topology: parameter-server-star }
schemes:
  - name: ps
    uplink: { compressor: { kind: topk, k: 8 }, errorFeedback: true }
`),
      tmp('traffic'),
    );
    const s = r.schemes[0]!;
    const toServer = onHops(s, (_, to) => to === 'server');
    const fromServer = onHops(s, (from) => from === 'server');
    expect(toServer.bytes).toBeGreaterThan(0);
    expect(s.final!.wire_bytes_up).toBe(toServer.bytes);
    expect(s.final!.packets_up).toBe(toServer.packets);
    expect(s.final!.wire_bytes_down).toBe(fromServer.bytes);
    expect(s.final!.packets_down).toBe(fromServer.packets);
  });

  /**
   * Wire bytes and packets of the tx events in trace.ndjson (written from the hop traces, not from the
   * counters metrics.csv comes from) on the links whose name matches.
   */
  const traced = (dir: string, link: RegExp) => {
    const events = traceEvents(dir);
    const tx = events.filter((e) => e.event === 'tx' && link.test(e.link));
    return {
      wireBytes: tx.reduce((s, e) => s + e.wire_bytes, 0),
      packets: tx.reduce((s, e) => s + e.packets, 0),
      retransmitted: tx.filter((e) => e.retransmission).reduce((s, e) => s + e.packets, 0),
    };
  };

  it('counts the parameter server’s wire bytes and packets on the wire, retransmissions included', async () => {
    const base = dense3();
    const lossy = { ...base.network.workerLink, set: { 'arq.packetErrorRate': 0.2, 'arq.timeoutS': 1e-5, 'arq.maxRetries': 50 } };
    const dir = tmp('traffic');
    const result = await runScenario({ ...base, network: { ...base.network, workerLink: lossy }, output: { ...base.output, trace: true } }, dir);
    const last = result.rows.at(-1)!;
    const up = traced(dir, /^worker\/\d+→switch$/);
    expect(up.retransmitted).toBeGreaterThan(0);
    expect(last.wire_bytes_up).toBe(up.wireBytes);
    // each of the 3 × 30 one-packet messages once, and the lost packets again
    expect(last.packets_up).toBe(3 * 30 + up.retransmitted);
    const down = traced(dir, /^switch→worker\/\d+$/);
    expect(last.wire_bytes_down).toBe(down.wireBytes);
    expect(last.packets_down).toBe(down.packets);
  });

  it('counts the parameter server’s downlink on the workers’ radio links behind a gateway, not the server’s wired one', async () => {
    const dir = tmp('traffic');
    const base = dense3();
    const radio = { preset: 'ieee802154', set: { 'mac.upperLayerRetries': 20 } };
    const run = { ...base, network: { ...base.network, workerLink: { ...base.network.workerLink, ...radio } }, output: { ...base.output, trace: true } };
    const result = await runScenario(run as typeof base, dir);
    const last = result.rows.at(-1)!;
    const down = traced(dir, /→worker\/\d+$/);
    expect(down.wireBytes).toBeGreaterThan(0);
    expect(last.wire_bytes_down).toBe(down.wireBytes);
    expect(last.packets_down).toBe(down.packets);
    // the server's own (Ethernet) link carried other framing: counting it instead would not match
    expect(traced(dir, /^server→/).wireBytes).not.toBe(down.wireBytes);
    expect(last.wire_bytes_up).toBe(traced(dir, /^worker\/\d+→/).wireBytes);
  });
});
