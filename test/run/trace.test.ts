import { describe, expect, it } from 'vitest';
import { readIterationTimeline } from '../../reports/trace.js';
import { runScenario } from '../../src/run/run.js';
import { traceText } from '../../src/run/trace.js';
import { dense3, tmp as tmpIn, traceEvents } from './fixtures.js';

const tmp = () => tmpIn('trace');

describe('trace.ndjson', () => {
  it('is one record a line, each ending in a newline, and empty without a record', () => {
    expect(traceText(['{"a":1}', '{"b":2}'])).toBe('{"a":1}\n{"b":2}\n');
    expect(traceText([])).toBe('');
  });

  it('writes a trace of every transmission and compute step when asked', async () => {
    const s = dense3();
    const dir = tmp();
    await runScenario({ ...s, training: { ...s.training, iterations: 2 }, output: { ...s.output, trace: true } }, dir);
    const events = traceEvents(dir);
    expect(events.filter((e) => e.event === 'compute').length).toBe(2 * 3 + 2); // 3 workers and the server, twice
    expect(events.some((e) => e.event === 'tx' && e.link === 'worker/0→switch')).toBe(true);
    // every message is delivered once, on its sender's row, after its time in flight
    const delivered = events.filter((e) => e.event === 'deliver');
    expect(delivered.filter((e) => e.node === 'worker/0' && e.dst === 'server').map((e) => e.label)).toEqual(['up/1', 'up/2']);
    expect(delivered.filter((e) => e.node === 'server').length).toBe(2 * 3);
    for (const d of delivered) expect(d.seconds).toBeGreaterThan(0);
    const timeline = await readIterationTimeline(dir, 2);
    const inFlight = timeline!.bars.filter((b) => b.activity === 'in flight');
    expect(inFlight.map((b) => `${b.node} ${b.message}`).sort()).toEqual(['server down/2', 'server down/2', 'server down/2', 'worker/0 up/2', 'worker/1 up/2', 'worker/2 up/2']);
    const times = events.map((e) => e.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(events.some((e) => e.event === 'ack')).toBe(false); // UDP preset: no transport ACKs
  });

  it('traces transport ACK frames on a TCP link: one per second packet and one for the last, on every hop of the way back', async () => {
    const s = dense3();
    const tcp = { preset: 'ethernet-1g-tcp', set: {} };
    const dir = tmp();
    await runScenario(
      {
        ...s,
        model: { ...s.model, features: 1000 } as typeof s.model,
        network: { ...s.network, workerLink: tcp, serverLink: tcp },
        training: { ...s.training, iterations: 1 },
        output: { ...s.output, trace: true },
      },
      dir,
    );
    const events = traceEvents(dir);
    // end to end: the receiver's ACKs cross the reverse path, hop by hop, back to the sender
    const message = events.find((e) => e.event === 'deliver' && e.node === 'worker/0' && e.label === 'up/1').message;
    const data = events.filter((e) => e.event === 'rx' && e.link === 'switch→server' && e.message === message).reduce((n, e) => n + e.packets, 0);
    for (const link of ['server→switch', 'switch→worker/0']) {
      const acks = events.filter((e) => e.event === 'ack' && e.link === link && e.message === message);
      expect(data).toBeGreaterThan(2);
      expect(
        acks.reduce((n, e) => n + e.packets, 0),
        link,
      ).toBe(Math.floor(data / 2) + (data % 2)); // every 2nd, and the last
      for (const a of acks) expect(a.wire_bytes / a.packets, link).toBe(84);
    }
  });
});
