import { describe, expect, it } from 'vitest';
import { LINK_PRESETS, customizePreset, packetize } from '../../../src/net/index.js';
import { packetCount } from '../../../src/net/framing.js';
import { ackFrames } from '../../../src/net/link/acks.js';
import { everyPacketAnEvent, isFifoLink } from '../../../src/net/link/fifo.js';
import { Port } from '../../../src/net/link/port.js';

// The network's counting formulas, written once (issue #19): packets per message, ACK frames per message, and
// when auto fidelity can use message fidelity. Expectations are literal or from what the simulator builds.

const udp = LINK_PRESETS['ethernet-1g-udp']!;

describe('packets per message (packetCount)', () => {
  it('cuts at the payload, an empty message costing one packet', () => {
    expect(packetCount(0, 1472)).toBe(1);
    expect(packetCount(1, 1472)).toBe(1);
    expect(packetCount(1472, 1472)).toBe(1);
    expect(packetCount(1473, 1472)).toBe(2);
    expect(packetCount(100_000, 1472)).toBe(68); // 67 full packets of 1472 B are 98 624 B
  });

  it('is the length of the train packetize cuts', () => {
    for (const bytes of [0, 1, 1471, 1472, 1473, 30_000, 100_000]) expect(packetCount(bytes, udp.framing.maxPayloadBytes)).toBe(packetize(udp.framing, bytes).wireBytes.length);
  });
});

describe('ACK frames per message (ackFrames)', () => {
  it('one per every-th packet and one for the last, none without ACKs', () => {
    expect(ackFrames(1, 2)).toBe(1);
    expect(ackFrames(4, 2)).toBe(2);
    expect(ackFrames(5, 2)).toBe(3);
    expect(ackFrames(7, 1)).toBe(7);
    expect(ackFrames(7, 0)).toBe(0);
    expect(ackFrames(7, Infinity)).toBe(0);
  });
});

describe('when auto fidelity is exact at message fidelity', () => {
  const lossy = customizePreset(udp, { 'arq.packetErrorRate': 0.01, 'arq.timeoutS': 1e-3, 'arq.maxRetries': 3 });
  const bounded = customizePreset(udp, { 'queue.capacityPackets': 10 });
  const shared = LINK_PRESETS['ieee802154']!;

  it('a lossless point-to-point link with an unbounded queue is FIFO, and a port on it says so', () => {
    expect(isFifoLink(udp)).toBe(true);
    expect(isFifoLink(lossy)).toBe(false);
    expect(isFifoLink(bounded)).toBe(false);
    const node = { name: 'a' } as never;
    expect(new Port(null as never, node, node, udp, null).fifo).toBe(true);
    expect(new Port(null as never, node, node, bounded, null).fifo).toBe(false);
  });

  it('auto makes every packet an event over any link message fidelity cannot plan; packet always; message and flow never', () => {
    expect(everyPacketAnEvent('auto', [udp, udp])).toBe(false);
    for (const other of [lossy, bounded, shared]) expect(everyPacketAnEvent('auto', [udp, other])).toBe(true);
    expect(everyPacketAnEvent('packet', [udp])).toBe(true);
    expect(everyPacketAnEvent('message', [shared])).toBe(false);
    expect(everyPacketAnEvent('flow', [lossy])).toBe(false);
  });
});
