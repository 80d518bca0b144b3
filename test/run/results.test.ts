import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run/run.js';
import { readIterationTimeline } from '../../reports/trace.js';
import { dense3, tmp as tmpIn } from './fixtures.js';

const tmp = () => tmpIn('results');
const readCsv = (dir: string, file: string) => {
  const [head, ...lines] = readFileSync(join(dir, file), 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
};

describe('run results', () => {
  it('writes links.csv and nodes.csv that add up to the metrics', async () => {
    const dir = tmp();
    const result = await runScenario(dense3(), dir);
    const last = result.rows.at(-1)!;
    const nodes = readCsv(dir, 'nodes.csv');
    const workerJ = nodes.filter((n) => n['role'] === 'worker').reduce((s, n) => s + Number(n['joules']), 0);
    expect(workerJ).toBeCloseTo(last.energy_worker_j, 9);
    const links = readCsv(dir, 'links.csv');
    const up = links.filter((l) => /^worker\/\d+→switch$/.test(l['link']!)).reduce((s, l) => s + Number(l['wire_bytes']), 0);
    expect(up).toBe(last.wire_bytes_up);
    for (const l of links) expect(Number(l['utilization'])).toBeLessThanOrEqual(1);
  });

  /**
   * Wire bytes and packets of the tx events in trace.ndjson (written from the hop traces, not from the
   * counters metrics.csv comes from) on the links whose name matches.
   */
  const traced = (dir: string, link: RegExp) => {
    const events = readFileSync(join(dir, 'trace.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
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
    const dir = tmp();
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
    const dir = tmp();
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

  it('writes time.csv: each node’s compute, transmit, receive, waiting and idle sum to the run time', async () => {
    const dir = tmp();
    const result = await runScenario(dense3(), dir);
    const end = result.rows.at(-1)!.time_s;
    const time = readCsv(dir, 'time.csv');
    const nodes = readCsv(dir, 'nodes.csv');
    const names = [...new Set(time.map((r) => r['node']!))];
    expect(names).toEqual(['switch', 'server', 'worker/0', 'worker/1', 'worker/2']);
    for (const node of names) {
      const rows = time.filter((r) => r['node'] === node);
      expect(rows.map((r) => r['state'])).toEqual(['overlap', 'compute', 'transmit', 'receive', 'waiting', 'idle']);
      const seconds = (state: string) => Number(rows.find((r) => r['state'] === state)!['seconds']);
      expect(rows.reduce((sum, r) => sum + Number(r['seconds']), 0)).toBeCloseTo(end, 12);
      const energy = (state: string) => Number(nodes.find((r) => r['node'] === node && r['state'] === state)?.['seconds'] ?? 0);
      // compute outranks everything; transmit and receive lose only what a higher state covers
      expect(seconds('compute')).toBeCloseTo(energy('compute'), 12);
      expect(seconds('transmit')).toBeLessThanOrEqual(energy('tx') + 1e-12);
      expect(seconds('receive')).toBeLessThanOrEqual(energy('rx') + 1e-12);
      if (node.startsWith('worker')) {
        // a worker's gradient crosses the switch before the server has it: it waits
        expect(seconds('waiting')).toBeGreaterThan(0);
        expect(seconds('transmit')).toBeCloseTo(energy('tx'), 12);
      }
    }
  });

  it('writes a trace of every transmission and compute step when asked', async () => {
    const s = dense3();
    const dir = tmp();
    await runScenario({ ...s, training: { ...s.training, iterations: 2 }, output: { ...s.output, trace: true } }, dir);
    const events = readFileSync(join(dir, 'trace.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.filter((e) => e.event === 'compute').length).toBe(2 * 3 + 2); // 3 workers and the server, twice
    expect(events.some((e) => e.event === 'tx' && e.link === 'worker/0→switch')).toBe(true);
    // every message is delivered once, on its sender's row, after its time in flight
    const delivered = events.filter((e) => e.event === 'deliver');
    expect(delivered.filter((e) => e.node === 'worker/0' && e.dst === 'server').map((e) => e.label)).toEqual(['up/1', 'up/2']);
    expect(delivered.filter((e) => e.node === 'server').length).toBe(2 * 3);
    for (const d of delivered) expect(d.seconds).toBeGreaterThan(0);
    const timeline = await readIterationTimeline(dir, 2);
    const inFlight = timeline!.bars.filter((b) => b.activity === 'in flight');
    expect(inFlight.map((b) => `${b.node} ${b.message}`).sort()).toEqual(['server down/2', 'server down/2', 'server down/2', 'worker/0 up/2', 'worker/1 up/2', 'worker/2 up/2']);
    const times = events.map((e) => e.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(events.some((e) => e.event === 'ack')).toBe(false); // UDP preset: no transport ACKs
  });

  it('traces transport ACK frames on a TCP link: one per second packet and one for the last, on every hop of the way back', async () => {
    const s = dense3();
    const tcp = { preset: 'ethernet-1g-tcp', set: {} };
    const dir = tmp();
    await runScenario(
      {
        ...s,
        model: { ...s.model, features: 1000 } as typeof s.model,
        network: { ...s.network, workerLink: tcp, serverLink: tcp },
        training: { ...s.training, iterations: 1 },
        output: { ...s.output, trace: true },
      },
      dir,
    );
    const events = readFileSync(join(dir, 'trace.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // end to end: the receiver's ACKs cross the reverse path, hop by hop, back to the sender
    const message = events.find((e) => e.event === 'deliver' && e.node === 'worker/0' && e.label === 'up/1').message;
    const data = events.filter((e) => e.event === 'rx' && e.link === 'switch→server' && e.message === message).reduce((n, e) => n + e.packets, 0);
    for (const link of ['server→switch', 'switch→worker/0']) {
      const acks = events.filter((e) => e.event === 'ack' && e.link === link && e.message === message);
      expect(data).toBeGreaterThan(2);
      expect(
        acks.reduce((n, e) => n + e.packets, 0),
        link,
      ).toBe(Math.floor(data / 2) + (data % 2)); // every 2nd, and the last
      for (const a of acks) expect(a.wire_bytes / a.packets, link).toBe(84);
    }
  });
});
