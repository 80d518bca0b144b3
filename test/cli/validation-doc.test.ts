import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The commands of docs/validation.md, with the numbers the page gives (worked out there by hand).
const CLI = join(import.meta.dirname, '../../dist/src/cli/main.js');
const json = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args, '--json'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const PPP =
  'framing.headers=[{layer: PPP, bytes: 2, inFrame: true, source: ns-3 PppHeader}, {layer: IPv4, bytes: 20, inFrame: true, source: RFC 791}, {layer: UDP, bytes: 8, inFrame: true, source: RFC 768}]';
const NONE = 'framing={maxPayloadBytes: 1500, minFrameBytes: 0, headers: []}';
const F = ['--set', NONE, '--set', 'latencyS=1e-4'];
const FB = ['--set-bottleneck', NONE, '--set-bottleneck', 'latencyS=1e-4'];
const means = (xs: { mean: number }[]) => xs.map((x) => x.mean);

describe('docs/validation.md: packet level', () => {
  it('point to point: 1 MB over 5 Mb/s and 2 ms with PPP framing arrives at 1.63464 s at every fidelity', () => {
    for (const fidelity of ['packet', 'message', 'flow']) {
      const out = json(
        'transfer',
        '--preset',
        'ethernet-1g-udp',
        '--set',
        'bandwidthBps=5e6',
        '--set',
        'latencyS=2e-3',
        '--set',
        PPP,
        '--set',
        'framing.minFrameBytes=0',
        '--bytes',
        '1000000',
        '--fidelity',
        fidelity,
      );
      expect(out.completionS[0].mean, fidelity).toBeCloseTo(1.63464, 12);
      expect(out.wireBits.mean).toBe(8163200);
      expect(out.packets.mean).toBe(680);
    }
    const echo = json('transfer', '--preset', 'ethernet-1g-udp', '--set', 'bandwidthBps=5e6', '--set', 'latencyS=2e-3', '--set', PPP, '--set', 'framing.minFrameBytes=0', '--bytes', '1024');
    expect(echo.completionS[0].mean).toBeCloseTo(3.6864e-3, 15);
  });

  it('incast: 4 × 100 packets through a 100 Mb/s bottleneck, sender i done at w + 10 µs + (397 + i) w + 10 µs', () => {
    const w = (1502 * 8) / 1e8;
    for (const fidelity of ['packet', 'message']) {
      const out = json(
        'transfer',
        '--preset',
        'ethernet-1g-udp',
        '--set',
        'bandwidthBps=1e8',
        '--set',
        'latencyS=1e-5',
        '--set',
        PPP,
        '--set',
        'framing.minFrameBytes=0',
        '--bottleneck-preset',
        'ethernet-1g-udp',
        '--set-bottleneck',
        'bandwidthBps=1e8',
        '--set-bottleneck',
        'latencyS=1e-5',
        '--set-bottleneck',
        PPP,
        '--set-bottleneck',
        'framing.minFrameBytes=0',
        '--bytes',
        '147200',
        '--senders',
        '4',
        '--fidelity',
        fidelity,
      );
      means(out.completionS).forEach((t, i) => expect(t, `${fidelity} sender/${i}`).toBeCloseTo(w + 1e-5 + (397 + i) * w + 1e-5, 12));
    }
  });

  it('IEEE 802.15.4, one sender: delivery 2.464 ms plus 0–7 backoff periods of 320 µs; the ACK 544 µs later', () => {
    const out = json('transfer', '--preset', 'ieee802154', '--bytes', '50', '--runs', '100');
    expect(out.completionS[0].min).toBeGreaterThanOrEqual(2.464e-3 - 1e-12);
    expect(out.completionS[0].max).toBeLessThanOrEqual(4.704e-3 + 1e-12);
    expect(out.confirmedS[0].min - out.completionS[0].min).toBeCloseTo(544e-6, 12);
  });

  // The independent reference (scripts/validation/ieee802154_csma_mc.py, from the standard and ns-3's lr-wpan), 1000
  // runs: messages delivered, channel-access failures and busy CCAs per run. Bounds: a few standard errors of
  // 1000 runs beside the reference's own, plus the differences the page explains (ns-3's foreign-ACK retransmission).
  it.each([
    [50, 8, 0.821, 1.43, 22.02],
    [500, 4, 0.212, 4.91, 48.06],
  ])('IEEE 802.15.4 contention, %i B from %i senders at once: as the independent CSMA-CA reference', (bytes, senders, delivered, failures, busy) => {
    const out = json('transfer', '--preset', 'ieee802154', '--bytes', String(bytes), '--senders', String(senders), '--runs', '1000');
    const got = out.completionS.reduce((n: number, c: { n: number }) => n + c.n, 0) / (senders * 1000);
    expect(Math.abs(got - delivered)).toBeLessThan(0.03);
    expect(Math.abs(out.medium.channelAccessFailures.mean - failures)).toBeLessThan(0.1 * failures + 0.05);
    expect(Math.abs(out.medium.busyCcas.mean / busy - 1)).toBeLessThan(0.05);
  });
});

describe('docs/validation.md: flow level (fluid: SimGrid CM02; packet pipeline: + one 1500-B packet per extra hop)', () => {
  const tail = 12e-6;
  it('star: four 1 MB flows on 1 Gb/s end at 32.2 ms; 1 MB and 2 MB at 16.2 and 24.2 ms', () => {
    for (const [pipeline, extra] of [
      ['fluid', 0],
      ['packet', tail],
    ] as const) {
      const equal = json(
        'transfer',
        '--preset',
        'ethernet-1g-udp',
        ...F,
        '--bottleneck-preset',
        'ethernet-1g-udp',
        ...FB,
        '--bytes',
        '1e6',
        '--senders',
        '4',
        '--fidelity',
        'flow',
        '--flow-pipeline',
        pipeline,
      );
      for (const t of means(equal.completionS)) expect(t, pipeline).toBeCloseTo(0.0322 + extra, 12);
      const unequal = json('transfer', '--preset', 'ethernet-1g-udp', ...F, '--bottleneck-preset', 'ethernet-1g-udp', ...FB, '--bytes', '1e6,2e6', '--fidelity', 'flow', '--flow-pipeline', pipeline);
      expect(means(unequal.completionS), pipeline).toEqual([expect.closeTo(0.0162 + extra, 12), expect.closeTo(0.0242 + extra, 12)]);
    }
  });

  it('ring all-reduce of 4 MB on a ring of 4: 6 × 8.1 ms; butterfly of 1 MB: 2 (or 3) rounds of 8.2 ms (+ 12 µs with packets)', () => {
    for (const [fidelity, pipeline, extra] of [
      ['flow', 'fluid', 0],
      ['flow', 'packet', tail],
      ['packet', 'packet', tail],
    ] as const) {
      const ring = json('collective', 'ring-allreduce', '--workers', '4', '--bytes', '4e6', '--topology', 'ring', ...F, '--fidelity', fidelity, '--flow-pipeline', pipeline);
      expect(ring.endS).toBeCloseTo(0.0486, 12);
      expect(ring.byLink['worker/0→worker/1'].wireBytes).toBe(6e6);
      const bf = json('collective', 'recursive-doubling', '--workers', '4', '--bytes', '1e6', '--topology', 'switch', ...F, '--fidelity', fidelity, '--flow-pipeline', pipeline);
      expect(bf.endS, `${fidelity} ${pipeline}`).toBeCloseTo(2 * (0.0082 + extra), 12);
    }
    const bf8 = json('collective', 'recursive-doubling', '--workers', '8', '--bytes', '1e6', '--topology', 'switch', ...F, '--fidelity', 'flow', '--flow-pipeline', 'fluid');
    expect(bf8.endS).toBeCloseTo(3 * 0.0082, 12);
  });
});
