import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../../../src/net/presets/override.js';
import { IEEE802154_PRESETS, ieee802154Problems } from '../../../src/net/presets/ieee802154.js';
import { chunkSuccessRate, friisLossDb, logDistanceLossDb, noiseFloorDbm, oqpskBitErrorRate, snrForPacketErrorRateDb } from '../../../src/net/media/ieee802154.js';
import { runTransfer } from '../../../src/net/experiments/transfer.js';

import { expectSuccessRate } from '../fixtures.js';
import { bench, drain, sendAt } from './ieee802154-bench.js';

const base = IEEE802154_PRESETS.find((p) => p.name === 'ieee802154')!;
const SYM = base.phy.symbolS;
/** No backoff choice (BE stays 0), so every CCA starts when the frame is handed over. */
const noBackoff = (set: Record<string, unknown> = {}) => applyOverrides(base, { 'mac.macMinBE': 0, 'mac.macMaxBE': 0, ...set });

describe('the O-QPSK error model (IEEE 802.15.4-2006 Annex E, as ns-3 LrWpanErrorModel)', () => {
  it('evaluates the 16-ary orthogonal BER sum and (1 − BER)^n per chunk', () => {
    // the sum by hand at SINR = 1 (0 dB): 8/15 · 1/16 · Σ_{k=2..16} (−1)^k C(16,k) e^{20(1/k − 1)}
    let sum = 0;
    let c = 1;
    for (let k = 1; k <= 16; k++) {
      c = (c * (17 - k)) / k;
      if (k >= 2) sum += (-1) ** k * c * Math.exp(20 * (1 / k - 1));
    }
    expect(oqpskBitErrorRate(1)).toBeCloseTo((sum * 8) / 15 / 16, 15);
    expect(oqpskBitErrorRate(1)).toBeCloseTo(1.615e-4, 6);
    expect(chunkSuccessRate(1, 160)).toBeCloseTo((1 - oqpskBitErrorRate(1)) ** 160, 15);
    // falls steeply: BER ≈ 7.5·10⁻² at −5 dB (where ns-3 gives up at the SHR), ~10⁻⁸ at +3 dB
    expect(oqpskBitErrorRate(10 ** -0.5)).toBeCloseTo(7.517e-2, 4);
    expect(oqpskBitErrorRate(10 ** 0.3)).toBeLessThan(1e-7);
    for (let db = -10; db < 10; db += 0.5) expect(oqpskBitErrorRate(10 ** ((db + 0.5) / 10))).toBeLessThanOrEqual(oqpskBitErrorRate(10 ** (db / 10)));
  });

  it("puts the noise floor where a −85 dBm frame has PER 1 % on a 20-octet PSDU (the standard's sensitivity)", () => {
    const r = base.reception;
    const noise = noiseFloorDbm(r.noiseBandwidthHz, r.noiseFigureDb);
    expect(noise).toBeCloseTo(-174 + 10 * Math.log10(2e6) + r.noiseFigureDb, 12);
    const snr = 10 ** ((r.sensitivityDbm - noise) / 10);
    expect(1 - chunkSuccessRate(snr, 160)).toBeCloseTo(0.01, 3);
    expect(snrForPacketErrorRateDb(20, 0.01)).toBeCloseTo(0.4, 2);
  });

  it('takes received power from 0 dBm and log-distance path loss (Friis at 1 m, n = 3)', () => {
    const r = base.reception;
    expect([r.txPowerDbm, r.sensitivityDbm, r.pathLossExponent, r.referenceDistanceM, r.distanceM]).toEqual([0, -85, 3, 1, 10]);
    expect(r.referenceLossDb).toBeCloseTo(friisLossDb(1, 2.4425e9), 2);
    expect(r.referenceLossDb).toBeCloseTo(40.2, 1);
    expect(logDistanceLossDb(10, 1, 40.2, 3)).toBeCloseTo(70.2, 12);
    expect(logDistanceLossDb(0.5, 1, 40.2, 3)).toBe(40.2);
    const b = bench(applyOverrides(base, { 'reception.distancesM': [2, 20] }), 3);
    const rx = b.medium.reception!;
    expect(rx.receivedDbm('node/0', 'hub')).toBeCloseTo(-(40.2 + 30 * Math.log10(2)), 1);
    expect(rx.receivedDbm('hub', 'node/1')).toBeCloseTo(-(40.2 + 30 * Math.log10(20)), 1);
    expect(rx.distanceM('hub', 'node/2')).toBeCloseTo(10, 12); // past the list: reception.distanceM
    // the members at equal angles: 0°, 120°, 240°
    expect(rx.distanceM('node/0', 'node/1')).toBeCloseTo(Math.sqrt(4 + 400 + 2 * 2 * 20 * 0.5), 9);
  });

  it('refuses reception fields it cannot use', () => {
    // built by spreading, not applyOverrides, which may refuse such values itself: this checks the preset's own checks
    const withReception = (set: Record<string, unknown>) => ({ ...base, reception: { ...base.reception, ...set } }) as typeof base;
    expect(ieee802154Problems(withReception({ model: 'capture' }))).toEqual(['reception.model: expected "sinr" or "collision", given "capture"']);
    expect(ieee802154Problems(withReception({ distancesM: [5, -1] }))).toEqual(['reception.distancesM: expected a list of finite numbers > 0 (m), given [5, -1] (item 2: number -1)']);
    expect(ieee802154Problems(withReception({ distanceM: 0 }))).toEqual(['reception.distanceM: expected a finite number > 0 (m), given number 0']);
  });
});

describe('capture: the receiver locks onto the first frame it detects', () => {
  // node/0 hands its frame over at 0: CCA on symbols [0, 8], turnaround, frame from symbol 20 (SHR to 30).
  // node/1 hands its frame over at symbol `offset`: its CCA ends before node/0's frame starts (offset ≤ 12),
  // so it transmits from symbol offset + 20 — inside node/0's frame, unheard by the CCA.
  const race = (distancesM: number[], offsetSymbols: number) => {
    const p = noBackoff({ 'reception.distancesM': distancesM, 'mac.macMaxFrameRetries': 0, 'arq.maxRetries': 0 });
    const b = bench(p, 2);
    sendAt(b, 0, 'node/0', 'hub', 100);
    sendAt(b, offsetSymbols * SYM, 'node/1', 'hub', 100);
    const got = drain(b, b.hub);
    return { b, got: got.map((d) => d.message.src), n0: b.medium.stats.byNode.get('node/0')!, n1: b.medium.stats.byNode.get('node/1')! };
  };

  it('keeps the earlier, stronger frame and loses the later, weaker one', () => {
    // node/0 at 2 m (−49 dBm at the hub), node/1 at 20 m (−79 dBm): SINR 30 dB for node/0
    for (const offset of [5, 11]) {
      const { got, n0, n1, b } = race([2, 20], offset);
      expect(got).toEqual(['node/0']);
      expect([n0.acked, n0.captures, n0.collisions]).toEqual([1, 1, 0]);
      expect([n1.acked, n1.collisions, n1.noAckFailures]).toEqual([0, 1, 1]);
      expect(b.outcomes.find((o) => o.from === 'node/1')).toMatchObject({ status: 'dropped', cause: 'no-ack' });
    }
  });

  it('the opposite: a later, stronger frame destroys the earlier, weaker one once it is locked, and is lost with it', () => {
    // node/1 starts at symbol 31, after the hub locked onto node/0 at symbol 30: node/0 decodes at −30 dB
    const { got, n0, n1 } = race([20, 2], 11);
    expect(got).toEqual([]);
    expect([n0.collisions, n1.collisions, n0.captures + n1.captures]).toEqual([1, 1, 0]);
  });

  it("the opposite: a later, stronger frame that starts within the earlier one's SHR takes the receiver and survives", () => {
    // node/1 starts at symbol 25: at the end of node/0's SHR (30) its SINR is −30 dB, below −5 dB,
    // so the hub does not lock and locks onto node/1 at 35 instead (ns-3 LrWpanPhy::EndPreamble)
    const { got, n0, n1 } = race([20, 2], 5);
    expect(got).toEqual(['node/1']);
    expect([n0.acked, n0.collisions]).toEqual([0, 1]);
    expect([n1.acked, n1.captures]).toEqual([1, 1]);
  });

  it("with reception 'collision', loses both in every one of these cases", () => {
    for (const [d, offset] of [
      [[2, 20], 11],
      [[20, 2], 11],
      [[20, 2], 5],
    ] as const) {
      const p = noBackoff({ 'reception.distancesM': [...d], 'mac.macMaxFrameRetries': 0, 'arq.maxRetries': 0, 'reception.model': 'collision' });
      const b = bench(p, 2);
      sendAt(b, 0, 'node/0', 'hub', 100);
      sendAt(b, offset * SYM, 'node/1', 'hub', 100);
      expect(drain(b, b.hub)).toEqual([]);
      expect(b.medium.stats.total.collisions).toBe(2);
    }
  });

  it('keeps one of two equally strong frames sent at once with the probability the error curve gives at SINR ≈ 0 dB', () => {
    // both at 10 m start at symbol 20: the hub locks onto node/0 (registered first) at the end of the SHR;
    // node/1's frame is interference only. node/0 survives the 224 symbols after its SHR at SINR P/(P + N).
    const p = noBackoff({ 'mac.macMaxFrameRetries': 0, 'arq.maxRetries': 0 });
    const r = p.reception;
    const pMw = 10 ** ((r.txPowerDbm - logDistanceLossDb(10, 1, r.referenceLossDb, 3)) / 10);
    const nMw = 10 ** (noiseFloorDbm(r.noiseBandwidthHz, r.noiseFigureDb) / 10);
    const bits = (117 - 5) * 8;
    const expected = chunkSuccessRate(pMw / (pMw + nMw), bits);
    expect(expected).toBeGreaterThan(0.5);
    expect(expected).toBeLessThan(0.95);
    expectSuccessRate(600, expected, (run) => {
      const b = bench(p, 2, run);
      for (const m of ['node/0', 'node/1']) b.network.send(m, 'hub', 100, 'x', null);
      const got = drain(b, b.hub).map((d) => d.message.src);
      expect(got.includes('node/1')).toBe(false);
      expect(b.medium.stats.byNode.get('node/1')!.collisions).toBe(1);
      return got.includes('node/0');
    });
  });
});

describe('SINR reception on the channel', () => {
  it('lets a short ACK survive a weaker frame that starts during it (the CCA fell in the turnaround gap)', () => {
    // as the 'collision' test in ieee802154.test.ts: node/1 transmits from symbol 274 into the hub's ACK
    // (symbols 266–288). At node/0 the ACK (10 m) is 9 dB above node/1 (20 m away across the hub): it survives.
    // node/1's frame reaches the hub while it sends the ACK: lost (receiver busy), then retried.
    const p = noBackoff({ 'mac.upperLayerRetries': 10 });
    const b = bench(p, 2);
    sendAt(b, 0, 'node/0', 'hub', 100);
    sendAt(b, 30 * SYM, 'node/1', 'hub', 100);
    const got = drain(b, b.hub);
    const n0 = b.medium.stats.byNode.get('node/0')!;
    const n1 = b.medium.stats.byNode.get('node/1')!;
    expect([n0.ackCollisions, n0.ackCaptures, n0.duplicates, n0.transmissions]).toEqual([0, 1, 0, 1]);
    expect(n1.receiverBusy).toBeGreaterThanOrEqual(1);
    expect(got.map((d) => d.message.src).sort()).toEqual(['node/0', 'node/1']);
    expect(b.outcomes.find((o) => o.from === 'node/0')!.doneS).toBeCloseTo(288 * SYM, 12);
  });

  it('does not detect a frame below the sensitivity: a member out of range never gets through', () => {
    // 60 m: 0 − 40.2 − 30·log10(60) = −93.6 dBm < −85 dBm
    const p = applyOverrides(base, { 'reception.distanceM': 60 });
    const b = bench(p, 1);
    b.network.send('node/0', 'hub', 50, 'x', null);
    expect(drain(b, b.hub)).toEqual([]);
    const n0 = b.medium.stats.byNode.get('node/0')!;
    expect([n0.weakSignal, n0.noAckFailures]).toEqual([p.mac.macMaxFrameRetries + 1, 1]);
  });

  it('loses frames to noise at the edge of range, at the rate the error curve gives', () => {
    // at 31 m: 0 − 40.2 − 30·log10(31) = −84.9 dBm, just above the −85 dBm sensitivity, SNR ≈ 0.5 dB.
    // A full frame (133 B, 128 after the SHR) and its ACK (11 B, 6 after the SHR) survive with (1 − BER)^bits each.
    const d = 31;
    const p = applyOverrides(base, { 'reception.distanceM': d, 'mac.macMaxFrameRetries': 0, 'arq.maxRetries': 0 });
    const r = p.reception;
    const snr = 10 ** ((-logDistanceLossDb(d, 1, r.referenceLossDb, 3) - noiseFloorDbm(r.noiseBandwidthHz, r.noiseFigureDb)) / 10);
    const expected = chunkSuccessRate(snr, 128 * 8) * chunkSuccessRate(snr, 6 * 8);
    expect(expected).toBeGreaterThan(0.5);
    expect(expected).toBeLessThan(0.99);
    expectSuccessRate(800, expected, (run) => {
      const b = bench(p, 1, run);
      b.network.send('node/0', 'hub', p.framing.maxPayloadBytes, 'x', null);
      b.env.run();
      return b.outcomes[0]!.status === 'acked';
    });
  });

  it("draws from the receivers' seeded streams: the same run gives the same outcomes", () => {
    const outcomes = (run: number) => {
      const b = bench(base, 6, run);
      for (let i = 0; i < 6; i++) b.network.send(`node/${i}`, 'hub', 300, 'x', null);
      b.env.run();
      return [b.outcomes.map((o) => [o.from, o.status, o.doneS]), b.medium.counters()];
    };
    expect(outcomes(3)).toEqual(outcomes(3));
  });

  it("loses fewer frames to contention than 'collision' reception, so fewer retries and an earlier completion", () => {
    const runs = 60;
    const measure = (model: 'sinr' | 'collision') => {
      const p = applyOverrides(base, { 'reception.model': model });
      let retries = 0,
        collisions = 0,
        captures = 0,
        done = 0,
        frames = 0;
      for (let run = 0; run < runs; run++) {
        const b = bench(p, 8, run);
        for (let i = 0; i < 8; i++) b.network.send(`node/${i}`, 'hub', 100, 'x', null);
        b.env.run();
        const t = b.medium.stats.total;
        retries += t.retries;
        collisions += t.collisions;
        captures += t.captures;
        for (const o of b.outcomes)
          if (o.status === 'acked') {
            done += o.doneS - o.enqueuedS;
            frames++;
          }
      }
      return { retries, collisions, captures, meanS: done / frames };
    };
    const sinr = measure('sinr');
    const collision = measure('collision');
    expect(sinr.captures).toBeGreaterThan(0);
    expect(collision.captures).toBe(0);
    expect(sinr.retries).toBeLessThan(collision.retries);
    expect(sinr.collisions).toBeLessThan(collision.collisions);
    expect(sinr.meanS).toBeLessThan(collision.meanS);
  });

  it('reports captures and weak signals among the medium counters of a transfer, for either model', () => {
    const sinr = runTransfer({ link: base, bytes: 300, senders: 4, fidelity: 'auto', seed: 1 }, 0);
    expect(Object.keys(sinr.medium)).toEqual(expect.arrayContaining(['captures', 'ackCaptures', 'weakSignal', 'ackWeakSignal', 'retries', 'channelAccessFailures']));
    const collision = runTransfer({ link: applyOverrides(base, { 'reception.model': 'collision' }), bytes: 300, senders: 4, fidelity: 'auto', seed: 1 }, 0);
    expect([collision.medium['captures'], collision.medium['weakSignal']]).toEqual([0, 0]);
  });
});

describe('energy-detection CCA (reception.ccaThresholdDbm)', () => {
  // node/0 transmits on symbols 20–254; node/1 is handed a frame at symbol 30 and runs CCAs back to back
  const probe = (set: Record<string, unknown>) => {
    const p = noBackoff(set);
    const b = bench(p, 2);
    sendAt(b, 0, 'node/0', 'hub', 100);
    sendAt(b, 30 * SYM, 'node/1', 'hub', 100);
    drain(b, b.hub);
    return b.medium.stats.byNode.get('node/1')!;
  };

  it('by default senses every transmission, however far (one collision domain)', () => {
    const n1 = probe({ 'reception.distanceM': 25 });
    expect([n1.busyCcas, n1.channelAccessFailures, n1.transmissions]).toEqual([5, 1, 0]);
  });

  it('hides members too far apart to sense each other: the hidden sender transmits into the frame', () => {
    // at 25 m on opposite sides the members are 50 m apart: −91 dBm at each other, below −75 dBm and the −85 dBm sensitivity
    const n1 = probe({ 'reception.distanceM': 25, 'reception.ccaThresholdDbm': -75 });
    expect(n1.busyCcas).toBe(0);
    expect(n1.transmissions).toBeGreaterThanOrEqual(1);
    expect(n1.collisions).toBeGreaterThanOrEqual(1);
  });

  it('finds the channel busy while the node is locked onto a frame below the threshold (as ns-3)', () => {
    // at 10 m the members are 20 m apart: −79 dBm, under −75 dBm but above the sensitivity, so node/1 locks onto node/0's frame
    const n1 = probe({ 'reception.ccaThresholdDbm': -75 });
    expect([n1.busyCcas, n1.channelAccessFailures, n1.transmissions]).toEqual([5, 1, 0]);
  });

  it('applies to SINR reception only', () => {
    expect(ieee802154Problems(applyOverrides(base, { 'reception.model': 'collision', 'reception.ccaThresholdDbm': -75 }))).toEqual([
      "reception.ccaThresholdDbm applies to reception.model 'sinr' only: set it to null, or the model to 'sinr'",
    ]);
  });
});
