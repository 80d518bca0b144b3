import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { estimateMemory, heapPlan, HEAP_FLOOR, HEAP_HEADROOM } from '../../../src/scenario/estimate/memory.js';
import { ACK_FRAME_BYTES, IEEE802154_BYTES_PER_PACKET, LEG_BYTES_PER_PACKET, MESSAGE_BYTES, QUEUED_BYTES_PER_PACKET, TRAIN_BYTES_PER_PACKET } from '../../../src/net/memory-costs.js';
import { packetStateItems } from '../../../src/scenario/estimate/packet-memory.js';
import { parseScenario } from '../../../src/scenario/load.js';

const scenarioFrom = (raw: Record<string, unknown>) => parseScenario(stringify(raw), 'test.yaml');
const PROBE = join(import.meta.dirname, 'memory-packet-probe.mjs');

/** The probe's measurement (compiled code: `npm test` builds first). */
function probe(...args: (string | number)[]) {
  const r = spawnSync(process.execPath, ['--expose-gc', PROBE, ...args.map(String)], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { packets: number; heapAboveBaseMB: number; arrayBufferBytesPerPacket: number; buffersAboveBaseMB: number };
}

const dense = (network: Record<string, unknown>, count = 8, features = 100_000) =>
  scenarioFrom({
    name: 'p',
    network,
    workers: { count, batchSize: 4 },
    model: { kind: 'logistic-regression', features, trainSamples: 256, testSamples: 16 },
    training: { iterations: 1 },
    schemes: [{ name: 'dense', uplink: { compressor: { kind: 'identity' } } }],
  });

describe('memory estimate: packets in flight', () => {
  it('counts every packet of the messages alive at once, one train per distinct size, at the measured bytes of each fidelity and medium', () => {
    const scheme = dense({}).schemes[0]!;
    const items = (network: Record<string, unknown>) => packetStateItems(dense(network), scheme);
    // 8 dense uploads of 400 kB, cut into 1472-byte Ethernet payloads (272 packets each), all one size: one train
    expect(items({ fidelity: 'packet' }).map((x) => x.bytes)).toEqual([8 * 272 * QUEUED_BYTES_PER_PACKET, 272 * TRAIN_BYTES_PER_PACKET]);
    // message fidelity also plans every packet's times on both legs (worker → switch → server)
    expect(items({ fidelity: 'message' }).map((x) => x.bytes)).toEqual([8 * MESSAGE_BYTES, 272 * TRAIN_BYTES_PER_PACKET, 8 * 272 * 2 * LEG_BYTES_PER_PACKET]);
    expect(items({ fidelity: 'message' }).map((x) => x.jsHeap)).toEqual([true, undefined, undefined]);
    expect(items({ fidelity: 'flow' }).map((x) => x.bytes)).toEqual([8 * MESSAGE_BYTES, 272 * TRAIN_BYTES_PER_PACKET]);
    // auto over 802.15.4 is packet fidelity: 116-byte payloads, a MAC frame per packet (its train counted in)
    const radio = items({ workerLink: { preset: 'ieee802154' } });
    expect(radio).toHaveLength(1);
    expect(radio[0]!.bytes).toBe(8 * Math.ceil(400_000 / 116) * IEEE802154_BYTES_PER_PACKET);
    // TCP presets: an ACK frame for every second packet (1460-byte payloads: 274 packets, 137 ACK frames a message)
    const tcp = { preset: 'ethernet-1g-tcp' };
    expect(items({ fidelity: 'packet', workerLink: tcp, serverLink: tcp }).map((x) => x.bytes)).toEqual([Math.ceil(8 * 274 * 1.5 * QUEUED_BYTES_PER_PACKET), 274 * TRAIN_BYTES_PER_PACKET]);
    // at message fidelity each message lists its ACK frames' sizes, and plans data and ACK packets on both legs
    expect(items({ fidelity: 'message', workerLink: tcp, serverLink: tcp }).map((x) => x.bytes)).toEqual([
      8 * MESSAGE_BYTES,
      274 * TRAIN_BYTES_PER_PACKET + 8 * 137 * ACK_FRAME_BYTES,
      Math.ceil(8 * 274 * 1.5 * 2 * LEG_BYTES_PER_PACKET),
    ]);
    // messages whose sizes differ from worker to worker (CAT's T, delta-varint indices) keep a train each
    const cat = dense({ fidelity: 'message' });
    const identity = scheme.uplink.compressor;
    if (identity.kind !== 'identity') throw new Error(`expected the dense scheme's identity compressor, got ${identity.kind}`);
    const varying = {
      ...scheme,
      uplink: {
        ...scheme.uplink,
        encoding: { ...scheme.uplink.encoding, indices: 'delta-varint' as const },
        compressor: { kind: 'topk' as const, k: 50_000, precision: identity.precision },
      },
    };
    expect(packetStateItems(cat, varying as typeof scheme)[1]!.bytes).toBe(8 * Math.ceil(400_000 / 1472) * TRAIN_BYTES_PER_PACKET);
    // and the estimate carries them, the JS part as heap
    const e = estimateMemory(dense({ workerLink: { preset: 'ieee802154' } }));
    expect(e.items.find((x) => x.what.includes('packets in flight'))).toMatchObject({ bytes: radio[0]!.bytes, jsHeap: true });
    expect(e.jsHeapBytes + e.bufferBytes).toBe(e.totalBytes);
    expect(e.jsHeapBytes).toBeGreaterThan(radio[0]!.bytes);
  });

  it('bounds what a 64-sender incast keeps at packet fidelity, within a factor 2', () => {
    // 64 senders × 1 MB through a switch to one receiver (the switch queue holds ~98 % of the packets at the probe's instant)
    const eth = probe(64, 1_000_000, 'ethernet-1g-udp', 'packet');
    const bound = eth.packets * QUEUED_BYTES_PER_PACKET;
    expect(eth.heapAboveBaseMB * 1e6).toBeLessThanOrEqual(bound);
    expect(eth.heapAboveBaseMB * 1e6).toBeGreaterThan(bound / 2);
    const radio = probe(64, 100_000, 'ieee802154');
    expect(radio.heapAboveBaseMB * 1e6).toBeLessThanOrEqual(radio.packets * IEEE802154_BYTES_PER_PACKET);
    expect(radio.heapAboveBaseMB * 1e6).toBeGreaterThan((radio.packets * IEEE802154_BYTES_PER_PACKET) / 2);
  });

  it('bounds what messages keep at message fidelity: a few kB each whatever their length, trains and ACK sizes outside the heap', () => {
    // 64 senders × 4 MB over TCP (2740 packets, 1370 ACK frames each), all one size: one train between them
    const tcp = probe(64, 4_000_000, 'ethernet-1g-tcp', 'message');
    expect(tcp.heapAboveBaseMB * 1e6).toBeLessThanOrEqual(64 * MESSAGE_BYTES);
    expect(tcp.heapAboveBaseMB * 1e6).toBeGreaterThan((64 * MESSAGE_BYTES) / 4);
    // as sent: the one train and the ACK frame sizes
    const perPacket = TRAIN_BYTES_PER_PACKET / 64 + ACK_FRAME_BYTES / 2;
    expect(tcp.arrayBufferBytesPerPacket).toBeLessThanOrEqual(perPacket);
    expect(tcp.arrayBufferBytesPerPacket).toBeGreaterThan(perPacket / 2);
    // once planned: every packet's times on both legs (sender → switch → receiver), ACK legs too
    const planned = perPacket + 1.5 * 2 * LEG_BYTES_PER_PACKET;
    const estimate = 64 * MESSAGE_BYTES + tcp.packets * planned;
    expect((tcp.heapAboveBaseMB + tcp.buffersAboveBaseMB) * 1e6).toBeLessThanOrEqual(estimate);
    expect((tcp.heapAboveBaseMB + tcp.buffersAboveBaseMB) * 1e6).toBeGreaterThan(estimate / 2);
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
