/**
 * The closed-form LTE upload cost against Huang et al. (MobiSys 2012)'s numbers, written out: promotion 260 ms at
 * 1.21 W, transfer at α_u·r_u + β = 0.43839 W/Mbps · 5.64 Mb/s + 1.28804 W, the full 11.6 s tail at 1.06 W, and
 * 35 ms one way; each packet carries ≤ 1472 B of payload and 35 B of PDCP 2 + RLC 2 + MAC 3 + IPv4 20 + UDP 8.
 */
import { describe, expect, it } from 'vitest';
import { costOfLteUpload } from '../../../src/net/cost/lte-cost.js';
import { LINK_PRESETS } from '../../../src/net/presets/index.js';
import type { LtePreset } from '../../../src/net/presets/lte.js';

const lte = LINK_PRESETS['lte'] as LtePreset;
const rate = 5.64e6;
const fixedJ = 0.26 * 1.21 + 11.6 * 1.06; // promotion + the tail the upload leaves behind
const transferW = 0.43839 * 5.64 + 1.28804;

describe('LTE upload cost (an idle UE alone in its cell)', () => {
  it('charges a one-packet upload: promotion + wire bits at the UE rate + latency; the RRC energy + α_u·r_u + β while sending', () => {
    const wire = 1000 + 35;
    const c = costOfLteUpload(lte, 1000);
    expect(c.packets).toBe(1);
    expect(c.bits).toBe(8 * wire);
    expect(c.seconds).toBeCloseTo(0.26 + (8 * wire) / rate + 0.035, 12);
    expect(c.joules).toBeCloseTo(fixedJ + transferW * ((8 * wire) / rate), 12);
  });

  it('splits 10 000 B into ⌈10 000 / 1472⌉ = 7 packets and caps the rate at the cell’s when that is lower', () => {
    const wire = 10_000 + 7 * 35;
    const c = costOfLteUpload(lte, 10_000);
    expect([c.packets, c.bits]).toEqual([7, 8 * wire]);
    expect(c.seconds).toBeCloseTo(0.26 + (8 * wire) / rate + 0.035, 12);
    // a cell of 1 Mb/s: the UE gets 1 Mb/s, and its transfer power follows that rate
    const slowCell = costOfLteUpload({ ...lte, cellUplinkBps: 1e6 }, 10_000);
    expect(slowCell.seconds).toBeCloseTo(0.26 + (8 * wire) / 1e6 + 0.035, 12);
    expect(slowCell.joules).toBeCloseTo(fixedJ + (0.43839 * 1 + 1.28804) * ((8 * wire) / 1e6), 12);
  });
});
