import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { estimateMemory, heapPlan, HEAP_FLOOR, HEAP_HEADROOM } from '../../src/run/memory.js';
import { IEEE802154_BYTES_PER_PACKET, QUEUED_BYTES_PER_PACKET, TRAIN_BYTES_PER_PACKET, packetStateBytes } from '../../src/run/packet-memory.js';
import { parseScenario } from '../../src/scenario/load.js';

const scenarioFrom = (raw: Record<string, unknown>) => parseScenario(stringify(raw), 'test.yaml');
const PROBE = join(import.meta.dirname, 'memory-packet-probe.mjs');

/** The probe's measurement (compiled code: `npm test` builds first). */
function probe(...args: (string | number)[]) {
  const r = spawnSync(process.execPath, ['--expose-gc', PROBE, ...args.map(String)], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { packets: number; heapAboveBaseMB: number };
}

const dense = (network: Record<string, unknown>, count = 8, features = 100_000) => scenarioFrom({
  name: 'p', network, workers: { count, batchSize: 4 },
  model: { kind: 'logistic-regression', features, trainSamples: 256, testSamples: 16 },
  schemes: [{ name: 'dense', uplink: { compressor: { kind: 'identity' } } }],
});

describe('memory estimate: packets in flight', () => {
  it('counts every packet of the messages alive at once, at the measured bytes per packet of each fidelity and medium', () => {
    // 8 dense uploads of 400 kB, cut into 1472-byte Ethernet payloads (272 packets each)
    const packet = packetStateBytes(dense({ fidelity: 'packet' }), dense({}).schemes[0]!);
    expect(packet.bytes).toBe(8 * 272 * (TRAIN_BYTES_PER_PACKET + QUEUED_BYTES_PER_PACKET));
    const message = packetStateBytes(dense({ fidelity: 'message' }), dense({}).schemes[0]!);
    expect(message.bytes).toBe(8 * 272 * TRAIN_BYTES_PER_PACKET);
    // auto over 802.15.4 is packet fidelity: 116-byte payloads, a MAC frame per packet
    const radio = packetStateBytes(dense({ workerLink: { preset: 'ieee802154' } }), dense({}).schemes[0]!);
    expect(radio.bytes).toBe(8 * Math.ceil(400_000 / 116) * IEEE802154_BYTES_PER_PACKET);
    // TCP presets: an ACK frame for every second packet (1460-byte payloads: 274 packets)
    const tcp = { preset: 'ethernet-1g-tcp' };
    const acked = packetStateBytes(dense({ fidelity: 'packet', workerLink: tcp, serverLink: tcp }), dense({}).schemes[0]!);
    expect(acked.bytes).toBe(Math.ceil(8 * 274 * 1.5 * (TRAIN_BYTES_PER_PACKET + QUEUED_BYTES_PER_PACKET)));
    // and the estimate carries it as JS heap
    const e = estimateMemory(dense({ workerLink: { preset: 'ieee802154' } }));
    expect(e.items.find((x) => x.what.includes('packets in flight'))).toMatchObject({ bytes: radio.bytes, jsHeap: true });
    expect(e.jsHeapBytes + e.bufferBytes).toBe(e.totalBytes);
    expect(e.jsHeapBytes).toBeGreaterThan(radio.bytes);
  });

  it('bounds what a 64-sender incast keeps at packet fidelity, within a factor 2', () => {
    // 64 senders × 1 MB through a switch to one receiver (the switch queue holds ~98 % of the packets at the probe's instant)
    const eth = probe(64, 1_000_000, 'ethernet-1g-udp', 'packet');
    const bound = eth.packets * (TRAIN_BYTES_PER_PACKET + QUEUED_BYTES_PER_PACKET);
    expect(eth.heapAboveBaseMB * 1e6).toBeLessThanOrEqual(bound);
    expect(eth.heapAboveBaseMB * 1e6).toBeGreaterThan(bound / 2);
    const radio = probe(64, 100_000, 'ieee802154');
    expect(radio.heapAboveBaseMB * 1e6).toBeLessThanOrEqual(radio.packets * IEEE802154_BYTES_PER_PACKET);
    expect(radio.heapAboveBaseMB * 1e6).toBeGreaterThan((radio.packets * IEEE802154_BYTES_PER_PACKET) / 2);
  });
});

describe('V8 heap plan', () => {
  const e = estimateMemory(dense({ workerLink: { preset: 'ieee802154' } }, 64, 1_000_000));
  const need = HEAP_HEADROOM * e.jsHeapBytes;

  it('fits, raises the heap to what the JS objects need (or what the machine leaves), or refuses below the floor', () => {
    expect(heapPlan('h.yaml', e, 100e9, need)).toEqual({ kind: 'fits' });
    expect(heapPlan('h.yaml', e, 100e9, need - 1)).toEqual({ kind: 'raise', heapMB: Math.ceil(need / 2 ** 20) });
    // less room than the headroom asks, more than the floor: the heap gets the room
    const room = 1.5 * e.jsHeapBytes;
    expect(heapPlan('h.yaml', e, e.bufferBytes + room, 0)).toEqual({ kind: 'raise', heapMB: Math.ceil(room / 2 ** 20) });
    expect(heapPlan('h.yaml', e, e.bufferBytes + HEAP_FLOOR * e.jsHeapBytes, 0).kind).toBe('raise');
    const refused = heapPlan('h.yaml', e, e.bufferBytes + HEAP_FLOOR * e.jsHeapBytes - 1, 100e9);
    expect(refused.kind).toBe('refuse');
    const message = (refused as { message: string }).message;
    expect(message).toMatch(/^h\.yaml: the run keeps an estimated .* of JS objects, which need a V8 heap of at least .*; nothing was run\./);
    expect(message).toContain('packets in flight');
    expect(message).toContain('workers.count (P = 64)');
    expect(message).toContain('network.fidelity');
  });
});
