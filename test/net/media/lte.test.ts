import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
import { Network } from '../../../src/net/network.js';
import { UNMETERED } from '../../../src/net/power.js';
import { udpEthernetPackets, wireS } from '../ethernet-wire.js';
import type { Delivery } from '../../../src/net/message.js';
import type { NetNode } from '../../../src/net/node.js';
import { describePreset } from '../../../src/net/presets/describe.js';
import { applyOverrides } from '../../../src/net/presets/override.js';
import { ETHERNET_PRESETS } from '../../../src/net/presets/ethernet.js';
import { LTE_PRESETS, ltePowerProfile, type LtePreset } from '../../../src/net/presets/lte.js';
import { attachLteCell } from '../../../src/net/media/lte.js';

const lte = LTE_PRESETS.find((p) => p.name === 'lte')!;
/** Wire bytes of an N-byte message over LTE: packets of ≤ 1472 B, each + PDCP 2 + RLC 2 + MAC 3 + IPv4 20 + UDP 8 = 35 B, no padding. */
const lteWireBytes = (N: number) => N + 35 * Math.max(1, Math.ceil(N / 1472));

/** A cell with `k` UEs (ue/0…) around an unmetered eNodeB; deliveries recorded per destination. */
function cell(k: number, preset: LtePreset = lte) {
  const env = new Environment();
  const network = new Network(env);
  const enb = network.addNode('enb', 'gateway', UNMETERED);
  const ues: NetNode[] = Array.from({ length: k }, (_, i) => network.addNode(`ue/${i}`, 'worker', ltePowerProfile(preset)));
  const lteCell = attachLteCell(network, enb, ues, preset);
  const delivered = new Map<string, Delivery[]>();
  for (const node of [enb, ...ues]) {
    delivered.set(node.name, []);
    node.trace.delivered.push((d) => delivered.get(node.name)!.push(d));
  }
  return { env, network, enb, ues, lteCell, delivered };
}

const mbps = (bps: number) => bps / 1e6;
/** P = α_u·r_u + α_d·r_d + β (r in Mbit/s). */
const transferW = (p: LtePreset, upBps: number, downBps: number) => p.powerModel.alphaUpWPerMbps * mbps(upBps) + p.powerModel.alphaDownWPerMbps * mbps(downBps) + p.powerModel.betaW;

describe('LTE preset', () => {
  it('cites a source for every numeric field', () => {
    for (const preset of LTE_PRESETS) {
      const numeric = describePreset(preset).filter((row) => row.value !== '' && Number.isFinite(Number(row.value)));
      expect(numeric.length).toBeGreaterThan(15);
      for (const row of numeric) expect(row.source, `${preset.name}: ${row.field}`).not.toBe('');
    }
  });

  it('keeps BasePreset fields consistent with the LTE fields', () => {
    expect(lte.bandwidthBps).toBe(lte.uplinkBps);
    expect(lte.power).toEqual(ltePowerProfile(lte));
    expect(lte.power.background).toBe('idle');
    expect(lte.power.watts.idle).toBe(lte.rrc.idleW);
    expect(lte.framing.maxPayloadBytes + 20 + 8).toBe(1500);
    expect(lte.medium).toBe('shared');
  });
});

describe('an LTE UE uploading from RRC_IDLE', () => {
  const N = 100_000;
  const W = lteWireBytes(N);
  const r = Math.min(lte.uplinkBps, lte.cellUplinkBps);
  const Ttx = wireS(W, r);
  const { promotionS: Tp, promotionW: Pp, tailS: Ttail, tailW: Ptail, idleW } = lte.rrc;

  it('is delivered after promotion + transfer + latency and costs P_promo·T_promo + (α_u·r_u + β)·T_tx + P_tail·T_tail', () => {
    const { env, network, delivered, lteCell } = cell(1);
    network.send('ue/0', 'enb', N, 'grad', null);
    env.run();
    expect(network.fidelity).toBe('packet');
    expect(delivered.get('enb')![0]!.deliveredAtS).toBeCloseTo(Tp + Ttx + lte.latencyS, 12);
    // the run ends when the tail timer drops the UE back to RRC_IDLE
    expect(env.now).toBeCloseTo(Tp + Ttx + Ttail, 12);
    const E = Pp * Tp + transferW(lte, r, 0) * Ttx + Ptail * Ttail;
    expect(network.ledger.nodeJ('ue/0', env.now)).toBeCloseTo(E, 10);
    // queried later, RRC_IDLE draws the idle power for the remaining time
    expect(network.ledger.nodeJ('ue/0', env.now + 100)).toBeCloseTo(E + idleW * 100, 10);
    const c = lteCell.rrc('ue/0');
    expect(c.state).toBe('idle');
    expect(c.promotions).toBe(1);
    expect(c.seconds.promotion).toBeCloseTo(Tp, 12);
    expect(c.seconds.transfer).toBeCloseTo(Ttx, 12);
    expect(c.seconds.tail).toBeCloseTo(Ttail, 12);
  });

  it("reports the uplink busy for the transfer time, and its energy once (the RRC machine's, not the hop traces')", () => {
    const { env, network, delivered } = cell(1);
    const hop = network.node('ue/0').hopTo('enb');
    expect(hop.selfMetered).toBe(true);
    expect(() => network.ledger.watch(hop)).toThrow(/meters its own energy/);
    const msg = network.send('ue/0', 'enb', N, 'grad', null);
    env.run();
    const transferS = delivered.get('enb')![0]!.deliveredAtS - msg.sentAtS;
    const busyS = network.traffic.byHop.get('ue/0→enb')!.busyS;
    expect(busyS).toBeGreaterThan(0);
    expect(busyS).toBeLessThanOrEqual(transferS);
    // alone in the cell, the packets are served back to back at the full rate
    expect(busyS).toBeCloseTo(Ttx, 12);
    expect(network.ledger.nodeJ('ue/0', env.now)).toBeCloseTo(Pp * Tp + transferW(lte, r, 0) * Ttx + Ptail * Ttail, 10);
  });

  it('counts the tail so far when energy is queried mid-tail', () => {
    const { env, network, lteCell } = cell(1);
    network.send('ue/0', 'enb', N, 'grad', null);
    const t = Tp + Ttx + 3;
    env.run(t);
    // the ledger's query alone (through the cell's settler) brings the tail up to t
    expect(network.ledger.nodeJ('ue/0', t)).toBeCloseTo(Pp * Tp + transferW(lte, r, 0) * Ttx + Ptail * 3, 10);
    expect(lteCell.rrc('ue/0').state).toBe('tail');
    const rows = network.ledger.breakdown('ue/0', t);
    expect(rows.find((row) => row.state === 'tail')!.seconds).toBeCloseTo(3, 12);
    expect(rows.find((row) => row.state === 'tx')!.seconds).toBeCloseTo(Ttx, 12);
    expect(rows.find((row) => row.state === 'idle')!.seconds).toBeCloseTo(0, 12);
    // the rest of the tail is charged when it ends
    env.run();
    expect(network.ledger.nodeJ('ue/0', env.now)).toBeCloseTo(Pp * Tp + transferW(lte, r, 0) * Ttx + Ptail * Ttail, 10);
  });
});

describe('the LTE tail', () => {
  const N = 20_000;
  const Ttx = wireS(lteWireBytes(N), lte.uplinkBps);
  const { promotionS: Tp, tailS } = lte.rrc;

  function twoUploads(gapS: number) {
    const c = cell(1);
    c.network.send('ue/0', 'enb', N, 'first', 1);
    const secondAtS = Tp + Ttx + gapS;
    c.env.timeout(secondAtS).addCallback(() => c.network.send('ue/0', 'enb', N, 'second', 2));
    c.env.run();
    return { ...c, secondAtS, second: c.delivered.get('enb')![1]! };
  }

  it('spares a second upload the promotion when it comes within the tail', () => {
    const { second, secondAtS, lteCell } = twoUploads(tailS / 2);
    expect(second.message.body).toBe(2);
    expect(second.deliveredAtS).toBeCloseTo(secondAtS + Ttx + lte.latencyS, 12);
    const c = lteCell.rrc('ue/0');
    expect(c.promotions).toBe(1);
    // the first tail was cut short at the second upload, the second ran in full
    expect(c.seconds.tail).toBeCloseTo(tailS / 2 + tailS, 9);
  });

  it('makes a second upload after the tail pay the promotion again', () => {
    const { second, secondAtS, lteCell } = twoUploads(tailS + 1);
    expect(second.deliveredAtS).toBeCloseTo(secondAtS + Tp + Ttx + lte.latencyS, 12);
    const c = lteCell.rrc('ue/0');
    expect(c.promotions).toBe(2);
    expect(c.seconds.tail).toBeCloseTo(2 * tailS, 9);
    expect(c.seconds.idle).toBeCloseTo(1, 9);
  });
});

describe('an LTE cell shared by K UEs', () => {
  const N = 50_000;
  const W = lteWireBytes(N);

  for (const K of [1, 2, 8]) {
    it(`finishes K = ${K} equal simultaneous uploads at promotion + 8·size / min(per-UE rate, capacity / K) + latency`, () => {
      const { env, network, delivered } = cell(K);
      for (let i = 0; i < K; i++) network.send(`ue/${i}`, 'enb', N, 'grad', i);
      env.run();
      const share = Math.min(lte.uplinkBps, lte.cellUplinkBps / K);
      // equivalently K·size / min(capacity, K·per-UE rate): the cell is work-conserving
      const Ttx = wireS(W, share);
      expect(Ttx).toBeCloseTo(wireS(K * W, Math.min(lte.cellUplinkBps, K * lte.uplinkBps)), 12);
      const got = delivered.get('enb')!;
      expect(got.map((d) => d.message.body).sort()).toEqual(Array.from({ length: K }, (_, i) => i));
      for (const d of got) expect(d.deliveredAtS).toBeCloseTo(lte.rrc.promotionS + Ttx + lte.latencyS, 12);
      // each UE draws the power of the rate it actually gets
      const E = lte.rrc.promotionW * lte.rrc.promotionS + transferW(lte, share, 0) * Ttx + lte.rrc.tailW * lte.rrc.tailS;
      for (let i = 0; i < K; i++) expect(network.ledger.nodeJ(`ue/${i}`, env.now)).toBeCloseTo(E, 10);
      // each uplink is busy for its time in service at its share
      for (let i = 0; i < K; i++) expect(network.traffic.byHop.get(`ue/${i}→enb`)!.busyS).toBeCloseTo(Ttx, 12);
    });
  }

  it('hands the share of a UE that finishes early to the UEs still sending', () => {
    // a cell no faster than one UE: two senders get half each
    const narrow = applyOverrides(lte, { cellUplinkBps: lte.uplinkBps });
    const { env, network, delivered } = cell(2, narrow);
    const full = narrow.framing.maxPayloadBytes;
    network.send('ue/0', 'enb', 20 * full, 'long', 'long');
    network.send('ue/1', 'enb', 10 * full, 'short', 'short');
    env.run();
    const packetS = wireS(full + 35, narrow.uplinkBps); // a full packet + 35 B of LTE, IPv4 and UDP headers
    const at = (body: string) => delivered.get('enb')!.find((d) => d.message.body === body)!.deliveredAtS;
    // 10 packets each at r/2, then the long upload's last 10 alone at r
    expect(at('short')).toBeCloseTo(narrow.rrc.promotionS + 20 * packetS + narrow.latencyS, 12);
    expect(at('long')).toBeCloseTo(narrow.rrc.promotionS + 30 * packetS + narrow.latencyS, 12);
  });
});

describe('LTE downlink', () => {
  it('promotes an idle UE for data from the eNodeB and charges α_d·r_d + β while it receives', () => {
    const { env, network, delivered, lteCell } = cell(1);
    const N = 200_000;
    network.send('enb', 'ue/0', N, 'model', null);
    env.run();
    const r = Math.min(lte.downlinkBps, lte.cellDownlinkBps);
    const Trx = wireS(lteWireBytes(N), r);
    expect(delivered.get('ue/0')![0]!.deliveredAtS).toBeCloseTo(lte.rrc.promotionS + Trx + lte.latencyS, 12);
    const E = lte.rrc.promotionW * lte.rrc.promotionS + transferW(lte, 0, r) * Trx + lte.rrc.tailW * lte.rrc.tailS;
    expect(network.ledger.nodeJ('ue/0', env.now)).toBeCloseTo(E, 10);
    expect(network.ledger.breakdown('ue/0', env.now).find((row) => row.state === 'rx')!.seconds).toBeCloseTo(Trx, 12);
    expect(lteCell.rrc('ue/0').promotions).toBe(1);
    expect(network.traffic.byHop.get('enb→ue/0')!.packets).toBe(136); // ⌈200 000 / 1472⌉
  });
});

describe('an LTE cell behind a wired server', () => {
  it('forwards each packet through the eNodeB as it arrives', () => {
    const { env, network, enb } = cell(1);
    const eth = ETHERNET_PRESETS.find((p) => p.name === 'ethernet-1g-udp')!;
    const server = network.addNode('server', 'server', UNMETERED);
    const [toServer, fromServer] = network.connect(enb, server, eth);
    enb.setRoute('server', toServer);
    server.setRoute('*', fromServer);
    const N = 30_000;
    network.send('ue/0', 'server', N, 'grad', null);
    let deliveredAtS = NaN;
    server.trace.delivered.push((d) => (deliveredAtS = d.deliveredAtS));
    env.run();
    const Ttx = wireS(lteWireBytes(N), lte.uplinkBps);
    // the eNodeB forwards each IP packet with Ethernet's link headers instead of LTE's
    const last = udpEthernetPackets(N).at(-1)!;
    // the Ethernet link is idle whenever an LTE packet reaches the eNodeB
    expect(deliveredAtS).toBeCloseTo(lte.rrc.promotionS + Ttx + lte.latencyS + wireS(last, eth.bandwidthBps) + eth.latencyS, 12);
  });
});

describe('attaching an LTE cell', () => {
  it('refuses a UE attached twice and names it', () => {
    const env = new Environment();
    const network = new Network(env);
    const enb = network.addNode('enb', 'gateway', UNMETERED);
    const ue = network.addNode('ue/0', 'worker', lte.power);
    expect(() => attachLteCell(network, enb, [ue, ue], lte)).toThrow('UE "ue/0" is attached twice');
  });
});
