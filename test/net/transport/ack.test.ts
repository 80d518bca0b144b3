import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
import { LINK_PRESETS, Network, customizePreset, presetProblems, type Fidelity, type HopEvent } from '../../../src/net/index.js';
import { EXACT_ACK_SPANS } from '../../../src/net/transport/message.js';
import { runTransfer } from '../../../src/net/experiments/transfer.js';
import { OverrideError, applyOverrides } from '../../../src/net/presets/index.js';
import { presetWith } from '../../../src/cli/actions/transfer.js';

const tcp = LINK_PRESETS['ethernet-1g-tcp']!;
const udp = LINK_PRESETS['ethernet-1g-udp']!;
const L = tcp.latencyS; // 0.5 µs
const data = (1538 * 8) / 1e9; // a full TCP packet: 1460 B + 78 B of headers, 12.304 µs
const ackS = (84 * 8) / 1e9; // a bare TCP ACK: 64 B minimum frame + preamble 8 + IFG 12, 0.672 µs

/** Nodes a and b on one TCP link that acknowledges every packet, routed to each other. */
function pair(fidelity: Fidelity) {
  const env = new Environment();
  const net = new Network(env, { fidelity });
  const a = net.addNode('a', 'worker', tcp.power);
  const b = net.addNode('b', 'server', tcp.power);
  const [ab, ba] = net.connect(a, b, customizePreset(tcp, { 'ack.every': 1 }));
  a.setRoute('*', ab);
  b.setRoute('*', ba);
  return { env, net, a, ba };
}

describe('transport acknowledgements (TCP-like ACK frames, issue #14)', () => {
  it('are preset fields: TCP acknowledges every 2nd packet with 84-byte frames, UDP not at all; overridable and checked', () => {
    expect(tcp.ack).toEqual({ every: 2, wireBytes: 84 });
    expect(udp.ack).toEqual({ every: 0, wireBytes: 0 });
    expect(customizePreset(tcp, { 'ack.every': 1 }).ack).toEqual({ every: 1, wireBytes: 84 });
    // presets built by spreading: applyOverrides may refuse such values itself, this checks presetProblems
    expect(presetProblems({ ...tcp, ack: { every: 1.5, wireBytes: 84 } }).join()).toContain('ack.every: expected a whole number ≥ 0 (packets per ACK), given number 1.5');
    expect(presetProblems(customizePreset(udp, { 'ack.every': 1 })).join()).toContain(
      'ack.every 1 simulates ACKs, but ack.wireBytes 0 gives them no whole size ≥ 1 B: set ack.wireBytes (or ack.every 0)',
    );
    expect(() => applyOverrides(tcp, { 'ack.every': 'often' })).toThrow(OverrideError);
    // the expectation's wording is override.ts's (a number, or since #19 the declared kind: a whole number ≥ 0 …)
    expect(() => applyOverrides(tcp, { 'ack.every': 'often' })).toThrow(/^ack\.every: expected a (whole )?number\b.*, given "often"$/);
  });

  it('one link, 3 packets, an ACK per packet: confirmed one ACK frame and one latency after the delivery, at every fidelity', () => {
    const link = customizePreset(tcp, { 'ack.every': 1 });
    for (const fidelity of ['packet', 'message', 'flow'] as const) {
      const r = runTransfer({ link, bytes: 3 * 1460, senders: 1, fidelity, seed: 1 }, 0);
      expect(r.fidelity).toBe(fidelity);
      expect(r.confirmation).toBe('ack');
      // delivery: 3 packets back to back and the latency, 37.412 µs
      expect(r.completionS[0]).toBeCloseTo(3 * data + L, 15);
      // the last packet's ACK leaves as it arrives: 37.412 + 0.672 + 0.5 = 38.584 µs
      expect(r.confirmedS[0]).toBeCloseTo(3 * data + L + ackS + L, 15);
      expect(r.confirmedS[0]).toBeCloseTo(38.584e-6, 15);
      // three data packets and three ACK frames on the wire
      expect(r.packets).toBe(6);
      expect(r.wireBits).toBe(8 * (3 * 1538 + 3 * 84));
    }
  });

  it('delayed ACK (every 2nd packet): 3 packets make 2 ACKs, the second for the last packet', () => {
    for (const fidelity of ['packet', 'message', 'flow'] as const) {
      const r = runTransfer({ link: tcp, bytes: 3 * 1460, senders: 1, fidelity, seed: 1 }, 0);
      expect(r.confirmedS[0]).toBeCloseTo(3 * data + 2 * L + ackS, 15);
      expect(r.packets).toBe(3 + 2);
    }
  });

  it('UDP keeps reporting no confirmation; TCP with ack.every 0 reports it not modelled', () => {
    expect(runTransfer({ link: udp, bytes: 3000, senders: 1, fidelity: 'packet', seed: 1 }, 0).confirmation).toBe('none');
    const off = runTransfer({ link: customizePreset(tcp, { 'ack.every': 0 }), bytes: 3000, senders: 1, fidelity: 'packet', seed: 1 }, 0);
    expect(off.confirmation).toBe('not-modelled');
    expect(Number.isNaN(off.confirmedS[0])).toBe(true);
    expect(off.packets).toBe(3);
  });

  it('a half-duplex link: the ACKs take the one wire and delay a message queued after them (packet and message fidelity)', () => {
    // a → b, one half-duplex 1 Gb/s link, an ACK per packet; d a data packet's wire time, k an ACK's.
    // Message 1 (2 packets) at 0: p0 [0, d], p1 [d, 2d] (both queued at 0). b queues ACK0 at d + L.
    // Message 2 (1 packet) is queued at d + 2L, behind ACK0; ACK1 is queued at 2d + L, behind message 2.
    // The one wire: ACK0 [2d, 2d + k], m2 [2d + k, 3d + k] (delivered 3d + k + L: k late), ACK1 [3d + k, 3d + 2k]
    // (m1 confirmed 3d + 2k + L); ACK2, queued at 3d + k + L < 3d + 2k, [3d + 2k, 3d + 3k] (m2 confirmed 3d + 3k + L).
    const link = customizePreset(tcp, { 'ack.every': 1, duplex: 'half' });
    const expected = {
      m1Delivered: 2 * data + L,
      m1Confirmed: 3 * data + 2 * ackS + L,
      m2Delivered: 3 * data + ackS + L,
      m2Confirmed: 3 * data + 3 * ackS + L,
    };
    expect(ackS).toBeGreaterThan(L); // the order above assumes it (ACK2 waits for ACK1)
    const full = customizePreset(tcp, { 'ack.every': 1 });
    for (const fidelity of ['packet', 'message'] as const) {
      // message 1 (two packets) at 0, message 2 (one packet) at d + 2L, over `over`
      const twoMessages = (over: typeof link) =>
        runTransfer(
          {
            link: over,
            senders: 1,
            bytes: 0,
            fidelity,
            seed: 1,
            traffic: [
              { src: 'sender/0', dst: 'receiver', bytes: 2 * 1460, startS: 0 },
              { src: 'sender/0', dst: 'receiver', bytes: 1460, startS: data + 2 * L },
            ],
          },
          0,
        );
      const r = twoMessages(link);
      expect(r.completionS[0]).toBeCloseTo(expected.m1Delivered, 15);
      expect(r.confirmedS[0]).toBeCloseTo(expected.m1Confirmed, 15);
      expect(r.completionS[1]).toBeCloseTo(expected.m2Delivered, 15);
      expect(r.confirmedS[1]).toBeCloseTo(expected.m2Confirmed, 15);
      // full duplex: the ACKs go the other way; message 2 follows message 1 directly ([2d, 3d])
      const f = twoMessages(full);
      expect(f.completionS[1]).toBeCloseTo(3 * data + L, 15);
      expect(f.confirmedS[1]).toBeCloseTo(3 * data + L + ackS + L, 15);
    }
  });

  it('packet and message fidelity agree on an incast with ACKs through a switch (every time, every count)', () => {
    const link = customizePreset(tcp, { 'ack.every': 1 });
    const bottleneck = customizePreset(tcp, { duplex: 'half' });
    const runs = (['packet', 'message'] as const).map((fidelity) => runTransfer({ link, bottleneck, bytes: [20_000, 7_000, 33_333, 1_000], senders: 4, fidelity, seed: 1 }, 0));
    const [p, m] = runs as [ReturnType<typeof runTransfer>, ReturnType<typeof runTransfer>];
    for (let i = 0; i < 4; i++) {
      expect(m.completionS[i]).toBeCloseTo(p.completionS[i]!, 12);
      expect(m.confirmedS[i]).toBeCloseTo(p.confirmedS[i]!, 12);
      expect(p.confirmedS[i]).toBeGreaterThan(p.completionS[i]!);
    }
    expect(m.packets).toBe(p.packets);
    expect(m.wireBits).toBe(p.wireBits);
  });

  it('one sender through a fast access link and a half-duplex bottleneck: its own early ACK cuts in before its later packets, as packet fidelity has it', () => {
    // test/net/cost/cost-ack.test.ts works this case out by hand: one ACK frame later than over full duplex
    const link = customizePreset(LINK_PRESETS['ethernet-10g-tcp']!, { 'ack.every': 1 });
    const bottleneck = customizePreset(tcp, { duplex: 'half' });
    const [p, m] = (['packet', 'message'] as const).map((fidelity) => runTransfer({ link, bottleneck, bytes: 20 * 1460, senders: 1, fidelity, seed: 1 }, 0));
    expect(p!.completionS[0]).toBeCloseTo(248.3104e-6 + ackS, 15);
    expect(m!.completionS[0]).toBeCloseTo(p!.completionS[0]!, 15);
    expect(m!.confirmedS[0]).toBeCloseTo(p!.confirmedS[0]!, 15);
  });

  it("reports ACK frames on the hops they cross as `ack` events, apart from the message's tx/rx", () => {
    for (const fidelity of ['packet', 'message', 'flow'] as Fidelity[]) {
      const { env, net, a, ba } = pair(fidelity);
      const acks: HopEvent[] = [];
      const tx: HopEvent[] = [];
      ba.trace.ack.push((e) => acks.push(e));
      ba.trace.tx.push((e) => tx.push(e));
      const m = net.send('a', 'b', 3 * 1460, 'x', null);
      let confirmed = NaN;
      a.trace.confirmed.push((c) => (confirmed = c.confirmedAtS));
      env.run();
      expect(tx).toEqual([]);
      expect(acks.reduce((s, e) => s + e.packets, 0)).toBe(3);
      expect(acks.reduce((s, e) => s + e.wireBytes, 0)).toBe(3 * 84);
      expect(acks.every((e) => e.message.id === m.id)).toBe(true);
      expect(confirmed).toBeCloseTo(3 * data + 2 * L + ackS, 15);
      expect(net.traffic.byHop.get('b→a')?.wireBytes).toBe(3 * 84);
    }
  });

  it('time use: each ACK frame at its place up to EXACT_ACK_SPANS frames a leg; beyond, their exact total as one interval (memory: not one per frame per node)', () => {
    const use = (packets: number) => {
      const { env, net, ba } = pair('message');
      const acks: HopEvent[] = [];
      ba.trace.ack.push((e) => acks.push(e));
      net.send('a', 'b', packets * 1460, 'x', null);
      env.run();
      return { acks, end: env.now, b: net.timeUse.breakdown('b', env.now), a: net.timeUse.breakdown('a', env.now) };
    };
    const small = use(EXACT_ACK_SPANS);
    expect(small.acks[0]!.spans).toHaveLength(2 * EXACT_ACK_SPANS); // spaced by the data: one span per frame
    expect(small.b.transmit).toBeCloseTo(EXACT_ACK_SPANS * ackS, 12);
    const large = use(EXACT_ACK_SPANS + 1);
    expect(large.acks[0]!.spans).toBeUndefined();
    // the same seconds on the wire, the interval ending as the last ACK arrives
    expect(large.b.transmit).toBeCloseTo((EXACT_ACK_SPANS + 1) * ackS, 12);
    // (the sender transmits data meanwhile, which outranks receiving: only the tail past its data shows as receive)
    expect(Object.values(large.a).reduce((x, y) => x + y, 0)).toBeCloseTo(large.end, 12);
    expect(large.end).toBeCloseTo((EXACT_ACK_SPANS + 1) * data + 2 * L + ackS, 12);
  });

  it('docs/validation.md, ns-3 TCP-like framing: ten 1460-byte segments over 5 Mb/s and 2 ms, delivered at 26.032 ms, confirmed at 28.0992 ms', async () => {
    const PPP_TCP =
      'framing.headers=[{layer: PPP, bytes: 2, inFrame: true, source: ns-3 PppHeader}, {layer: IPv4, bytes: 20, inFrame: true, source: RFC 791}, {layer: TCP, bytes: 20, inFrame: true, source: RFC 9293}]';
    const link = await presetWith('ethernet-1g-tcp', ['bandwidthBps=5e6', 'latencyS=2e-3', PPP_TCP, 'framing.minFrameBytes=0', 'ack.wireBytes=42'], '--preset');
    for (const fidelity of ['packet', 'message', 'flow'] as const) {
      const r = runTransfer({ link, bytes: 14600, senders: 1, fidelity, seed: 1 }, 0);
      expect(r.completionS[0]).toBeCloseTo(0.026032, 15);
      expect(r.confirmedS[0]).toBeCloseTo(0.0280992, 15);
      expect(r.packets).toBe(15);
      expect(r.wireBits).toBe(121_840);
    }
  });
});
