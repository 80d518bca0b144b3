import { describe, expect, it } from 'vitest';
import { LINK_PRESETS, OverrideError, applyOverrides, describePreset, headerBytes, packetize } from '../../../src/net/index.js';

describe('link presets', () => {
  for (const preset of Object.values(LINK_PRESETS)) {
    it(`${preset.name}: every field has a unit-bearing name and a source`, () => {
      const rows = describePreset(preset);
      expect(rows.length).toBeGreaterThan(10);
      for (const row of rows) expect(row.source, `${preset.name}.${row.field} has no source`).not.toBe('');
      for (const row of rows.filter((r) => /^-?[\d.e+-]+$/.test(r.value) && !r.field.includes('['))) {
        expect(row.unit, `${preset.name}.${row.field} has no unit`).not.toBe('');
      }
    });
  }

  it('lists Ethernet 1, 10 and 100 Gb/s over UDP and TCP with MTU 1500 framing', () => {
    for (const rate of ['1g', '10g', '100g']) {
      const udp = LINK_PRESETS[`ethernet-${rate}-udp`]!;
      const tcp = LINK_PRESETS[`ethernet-${rate}-tcp`]!;
      expect(udp.framing.maxPayloadBytes).toBe(1472);
      expect(tcp.framing.maxPayloadBytes).toBe(1460);
      expect(headerBytes(udp.framing)).toBe(8 + 14 + 20 + 8 + 4 + 12);
      expect(headerBytes(tcp.framing)).toBe(8 + 14 + 20 + 20 + 4 + 12);
      // a full frame is 1518 B from destination MAC to FCS
      expect(packetize(tcp.framing, 1460).wireBytes[0]).toBe(1518 + 8 + 12);
    }
    expect(LINK_PRESETS['ethernet-100g-udp']!.bandwidthBps).toBe(1e11);
  });
});

describe('preset overrides', () => {
  const eth = LINK_PRESETS['ethernet-1g-udp']!;

  it('replace fields by dotted path without touching the preset', () => {
    const ppp = applyOverrides(eth, {
      'framing.headers': [{ layer: 'PPP', bytes: 2, inFrame: true, source: 'RFC 1661' }],
      'framing.minFrameBytes': 0,
      bandwidthBps: 1e6,
    });
    expect([...packetize(ppp.framing, 100).wireBytes]).toEqual([102]);
    expect(ppp.bandwidthBps).toBe(1e6);
    expect(eth.bandwidthBps).toBe(1e9);
    expect(headerBytes(eth.framing)).toBe(66);
  });

  it('refuse unknown fields and values of the wrong kind', () => {
    expect(() => applyOverrides(eth, { bandwith: 1 })).toThrow(OverrideError);
    expect(() => applyOverrides(eth, { 'arq.maxRetries': 'x' })).toThrow('arq.maxRetries: expected a whole number ≥ 0 (count), given "x"');
    expect(applyOverrides(eth, { 'queue.capacityPackets': 10 }).queue.capacityPackets).toBe(10);
  });
});
