import { afterEach, describe, expect, it, vi } from 'vitest';
import { fidelityCases, incastLines, type IncastMeasure } from '../../src/bench/net.js';
import { pairedRepeats } from '../../src/bench/harness.js';

// The lines the net suite prints, from scripted timings: nothing here is timed against a real clock.

afterEach(() => vi.restoreAllMocks());

function captureLines(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(JSON.parse(String(chunk)) as Record<string, unknown>), true));
  return lines;
}

describe('the fidelity cases', () => {
  it('compare message and flow with packet of the same prefix, each round’s time over packet’s, as ratio and as msOverPacket', () => {
    const lines = captureLines();
    // performance.now() advances only while a fidelity "runs": its n-th call costs 100 or 200 ms in turn at packet, 1/20 of that at message, twice that at flow
    let clock = 0;
    const calls = { packet: 0, message: 0, flow: 0 };
    const factor = { packet: 1, message: 1 / 20, flow: 2 };
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    fidelityCases('broadcast-', (f) => {
      clock += 100 * (1 + (calls[f]++ % 2)) * factor[f];
      return { events: 7, simulatedS: 0.5 };
    });
    expect(lines.map((l) => [l['case'], l['baseline'], l['ratio'], l['msOverPacket']])).toEqual([
      ['broadcast-packet', undefined, undefined, undefined],
      ['broadcast-message', 'broadcast-packet', 0.05, 0.05],
      ['broadcast-flow', 'broadcast-packet', 2, 2],
    ]);
    // 12 calls of each (1 warm-up, 11 rounds): 100, 200, 100, … at packet → the 11 timed ones are six 200s and five 100s
    expect(lines.map((l) => l['ms'])).toEqual([200, 10, 400]);
    expect(lines[0]).toMatchObject({ bench: 'net', workers: 64, messageBytes: 1_000_000, events: 7, simulatedS: 0.5, rounds: 11 });
  });
});

describe('the incast lines', () => {
  const measure = (ms: number, peakRssMB: number): IncastMeasure => ({ ms, peakRssMB, lastByteS: 20.5, packets: 1000 });

  it('print the 1-sender baseline, then the incast with its ratio as the median of the per-repeat ratios', async () => {
    const base = [measure(10, 50), measure(12, 52), measure(11, 51)];
    const incast = [measure(100, 400), measure(96, 420), measure(121, 410)];
    const t = await pairedRepeats([() => base.shift()!, () => incast.shift()!], 3, (m) => m.ms);
    const [baseline, line] = incastLines(t);
    expect(baseline).toEqual({
      bench: 'net',
      case: 'incast-packet-1-sender',
      baselineOf: 'incast-packet',
      senders: 1,
      messageBytes: 10_000_000,
      bottleneck: 'ethernet-1g-udp',
      repeats: 3,
      ms: 11,
      peakRssMB: 52,
      packets: 1000,
      simulatedS: 20.5,
    });
    // per repeat 100/10, 96/12, 121/11 = 10, 8, 11 → 10 (the ratio of the medians would be 100/11 = 9.09)
    expect(line).toMatchObject({ case: 'incast-packet', ms: 100, baseline: 'incast-packet-1-sender', ratio: 10, msOverBaseline: 10, baselineMs: 11, baselineMB: 52 });
    // 420 / 52 and 420 − 52; 420 MB is within issue #13's 450
    expect(line).toMatchObject({ peakRssMB: 420, rssOverBaseline: 8.077, overBaselineMB: 368, usPerPacket: 100, targetMB: 450, meets: true });
  });
});
