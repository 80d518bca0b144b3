import { describe, expect, it } from 'vitest';
import { runTransfer, type TransferSpec } from '../../../src/net/experiments/transfer.js';
import { parseSizes, parseTraffic, TrafficInputError } from '../../../src/net/experiments/traffic.js';
import { LINK_PRESETS, type LinkPreset } from '../../../src/net/presets/index.js';
import { toyLink } from '../fixtures.js';
import { ieee802154Timing, uncontendedExchangeS } from '../../../src/net/media/ieee802154.js';

// times worked out by hand: a byte per ms, 100 B of payload per packet, so a 100-byte message takes 0.1 s on a link
const toy = toyLink(100);
const spec = (over: Partial<TransferSpec>): TransferSpec => ({ link: toy, bytes: 0, senders: 2, fidelity: 'packet', seed: 1, ...over });
/** Run a traffic matrix of [src, dst, bytes, startS] messages on the toy link (with `over` on top). */
const matrix = (over: Partial<TransferSpec>, ...messages: [string, string, number, number][]) =>
  runTransfer(spec({ ...over, traffic: messages.map(([src, dst, bytes, startS]) => ({ src, dst, bytes, startS })) }), 0);

describe('transfer with unequal sizes and traffic matrices (issue #14, item 6)', () => {
  it('gives each sender its own size on its own link: 200 B in 0.2 s, 100 B in 0.1 s', () => {
    const r = runTransfer(spec({ bytes: [200, 100] }), 0);
    expect(r.flows.map((f) => f.bytes)).toEqual([200, 100]);
    expect(r.completionS[0]).toBeCloseTo(0.2, 12);
    expect(r.completionS[1]).toBeCloseTo(0.1, 12);
    expect(r.lastByteS).toBeCloseTo(0.2, 12);
    expect(r.packets).toBe(3);
    expect(r.wireBits).toBe(8 * 300);
  });

  it('interleaves a heterogeneous incast at the bottleneck FIFO, packet by packet (worked by hand)', () => {
    // sender/0: 200 B (2 packets) at t = 0; sender/1: 100 B (1 packet) at t = 0.05.
    // At the switch: s0p0 arrives 0.1, s1p0 0.15, s0p1 0.2. The bottleneck serves
    // s0p0 0.1–0.2, s1p0 0.2–0.3 (it queued first), s0p1 0.3–0.4.
    const r = matrix({ bottleneck: toy }, ['sender/0', 'receiver', 200, 0], ['sender/1', 'receiver', 100, 0.05]);
    expect(r.completionS[0]).toBeCloseTo(0.4, 12);
    expect(r.completionS[1]).toBeCloseTo(0.3, 12);
    // the last bit left each sender's access link at 0.2 and 0.15
    expect(r.sentS[0]).toBeCloseTo(0.2, 12);
    expect(r.sentS[1]).toBeCloseTo(0.15, 12);
    // a UDP link: nothing acknowledges, so no confirmation time
    expect(r.confirmation).toBe('none');
    expect(r.confirmedS.every((t) => Number.isNaN(t))).toBe(true);
  });

  it('routes sender→sender and receiver→sender messages of a matrix (through the receiver)', () => {
    const r = matrix({}, ['sender/0', 'sender/1', 200, 0], ['receiver', 'sender/0', 100, 1]);
    // s0→receiver: packets arrive 0.1, 0.2; receiver→s1 forwards them 0.1–0.2, 0.2–0.3
    expect(r.completionS[0]).toBeCloseTo(0.3, 12);
    expect(r.sentS[0]).toBeCloseTo(0.2, 12);
    expect(r.completionS[1]).toBeCloseTo(1.1, 12);
    expect(r.packets).toBe(2 + 2 + 1); // two hops for the first message, one for the second
  });

  it('equal sizes as a list equal the single size, at every fidelity', () => {
    for (const fidelity of ['packet', 'message', 'flow'] as const) {
      const one = runTransfer(spec({ bytes: 300, fidelity, bottleneck: toy }), 0);
      const list = runTransfer(spec({ bytes: [300, 300], fidelity, bottleneck: toy }), 0);
      expect(list.completionS).toEqual(one.completionS);
      expect(list.lastByteS).toBe(one.lastByteS);
    }
  });
});

describe('completion at the sender (issue #14, item 3)', () => {
  it('an IEEE 802.15.4 sender is confirmed when the last ACK arrives: delivery + turnaround + ACK airtime + propagation', () => {
    const preset = LINK_PRESETS.ieee802154 as Extract<LinkPreset, { family: 'ieee802154' }>;
    const r = runTransfer({ link: preset, bytes: 50, senders: 1, fidelity: 'auto', seed: 1 }, 0);
    const t = ieee802154Timing(preset);
    expect(r.confirmation).toBe('mac-ack');
    // Imm-Ack PPDU: 6 B SHR + PHR and a 5 B MPDU at 250 kb/s = 352 µs; aTurnaroundTime 12 symbols of 16 µs = 192 µs
    expect(t.ackAirS).toBeCloseTo(352e-6, 15);
    expect(t.turnaroundS).toBeCloseTo(192e-6, 15);
    expect(r.confirmedS[0]! - r.completionS[0]!).toBeCloseTo(t.turnaroundS + t.ackAirS + t.propagationS, 12);
    // one uncontended frame: between the exchange's shortest and longest closed form
    const ex = uncontendedExchangeS(preset, r.wireBits / 8 / r.packets);
    expect(r.confirmedS[0]!).toBeGreaterThanOrEqual(ex.minS - 1e-12);
    expect(r.confirmedS[0]!).toBeLessThanOrEqual(ex.maxS + 1e-12);
  });

  it('every frame of a multi-frame message is acknowledged before the sender is confirmed', () => {
    const preset = LINK_PRESETS.ieee802154 as Extract<LinkPreset, { family: 'ieee802154' }>;
    const r = runTransfer({ link: preset, bytes: [400, 1000], senders: 2, fidelity: 'auto', seed: 3 }, 0);
    for (let i = 0; i < 2; i++) {
      if (Number.isNaN(r.completionS[i]!)) continue; // lost to contention in this seed
      expect(r.confirmedS[i]!).toBeGreaterThan(r.completionS[i]!);
      expect(r.sentS[i]!).toBeLessThanOrEqual(r.completionS[i]!);
    }
  });

  it('a lossy ARQ link, or TCP with its ACKs turned off (ack.every 0), acknowledges unsimulated: confirmation is not modelled', () => {
    const lossy = { ...toy, arq: { packetErrorRate: 0.1, timeoutS: 0.01, maxRetries: 7 } };
    expect(runTransfer(spec({ link: lossy, bytes: 100, senders: 1 }), 0).confirmation).toBe('not-modelled');
    const tcp = LINK_PRESETS['ethernet-1g-tcp']!;
    expect(runTransfer({ link: { ...tcp, ack: { every: 0, wireBytes: 84 } }, bytes: 100, senders: 1, fidelity: 'auto', seed: 1 }, 0).confirmation).toBe('not-modelled');
    // with the preset's ACKs (test/net/transport/ack.test.ts has the timing): confirmed after the delivery
    const acked = runTransfer({ link: tcp, bytes: 100, senders: 1, fidelity: 'auto', seed: 1 }, 0);
    expect(acked.confirmation).toBe('ack');
    expect(acked.confirmedS[0]!).toBeGreaterThan(acked.completionS[0]!);
  });
});

describe('size lists and traffic files: bad input names the place, field, expectation and value', () => {
  const bad = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(TrafficInputError);
      return e as TrafficInputError;
    }
    throw new Error('no error');
  };

  it('parses sizes: one for all senders, or one per sender, in exponent form too', () => {
    expect(parseSizes('1e3', 3)).toEqual([1000, 1000, 1000]);
    expect(parseSizes('1e6,2e6', undefined)).toEqual([1e6, 2e6]);
    expect(bad(() => parseSizes('1,2', 3))).toMatchObject({ where: '--bytes', field: 'number of sizes' });
    expect(bad(() => parseSizes('1,x', undefined))).toMatchObject({ field: 'size 2 of 2', given: '"x"' });
    expect(bad(() => parseSizes('1.5', undefined))).toMatchObject({ field: 'size' });
  });

  it('parses a traffic file with a header, comments and an optional start', () => {
    const t = parseTraffic('src,dst,bytes,start\n# a comment\nsender/0, receiver, 1e3, 0.5\n\nsender/2,sender/0,10\n', 'm.csv', undefined);
    expect(t.senders).toBe(3);
    expect(t.flows).toEqual([
      { src: 'sender/0', dst: 'receiver', bytes: 1000, startS: 0.5 },
      { src: 'sender/2', dst: 'sender/0', bytes: 10, startS: 0 },
    ]);
  });

  it('refuses a short row, an unknown node, a bad size or start, with file:line', () => {
    expect(bad(() => parseTraffic('src,dst,bytes\nsender/0,receiver\n', 'm.csv', undefined))).toMatchObject({ where: 'm.csv:2', field: 'row' });
    expect(bad(() => parseTraffic('sender/0,recever,10\n', 'm.csv', undefined))).toMatchObject({ where: 'm.csv:1', field: 'dst', given: '"recever"' });
    expect(bad(() => parseTraffic('sender/4,receiver,10\n', 'm.csv', 2))).toMatchObject({ field: 'src', expected: 'a node: receiver or sender/0 … sender/1' });
    expect(bad(() => parseTraffic('sender/0,receiver,-1\n', 'm.csv', undefined))).toMatchObject({ field: 'bytes', given: '"-1"' });
    expect(bad(() => parseTraffic('\n\nsender/0,receiver,1,soon\n', 'm.csv', undefined))).toMatchObject({ where: 'm.csv:3', field: 'start' });
    expect(bad(() => parseTraffic('receiver,receiver,1\n', 'm.csv', undefined))).toMatchObject({ field: 'dst' });
    expect(bad(() => parseTraffic('src,dst,bytes\n', 'm.csv', undefined))).toMatchObject({ field: 'rows' });
  });

  it('quotes a long row or value cut, not whole (a megabyte line is not echoed)', () => {
    const long = 'x'.repeat(1e6);
    expect(bad(() => parseTraffic(`sender/0,receiver,1,2,${long}\n`, 'm.csv', undefined))).toMatchObject({ field: 'row', given: `5 ("sender/0,receiver,1,2,${'x'.repeat(97)}…")` });
    expect(bad(() => parseTraffic(`sender/0,${long},1\n`, 'm.csv', undefined))).toMatchObject({ field: 'dst', given: `"${'x'.repeat(119)}…"` });
    expect(bad(() => parseSizes(`1,${long}`, undefined))).toMatchObject({ field: 'size 2 of 2', given: `"${'x'.repeat(119)}…"` });
  });
});
