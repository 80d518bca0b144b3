import { describe, expect, it } from 'vitest';
import { LINK_ATTRIBUTES, LINK_ATTRIBUTE_NAMES, LINK_PRESETS, attributeProblems, describePreset, expectationOf, presetProblems, type AttributeDeclaration } from '../../../src/net/index.js';
import type { Ieee802154Preset } from '../../../src/net/presets/ieee802154.js';
import type { LtePreset } from '../../../src/net/presets/lte.js';
import { valueAtPath } from '../../../src/net/presets/attributes.js';
import { flattenPreset } from '../../../src/scenario/links.js';

const declarations = Object.entries(LINK_ATTRIBUTES) as [string, AttributeDeclaration][];

describe('link attributes: each parameter declared once', () => {
  it('gives every declared attribute a doc, and every number (or list of numbers) a unit', () => {
    for (const [name, a] of declarations) {
      expect(a.doc.length, name).toBeGreaterThan(5);
      const numeric = a.check.kind === 'number' || a.check.kind === 'numbers' || a.check.kind === 'headers';
      expect(numeric ? a.unit !== null && a.unit !== '' : a.unit === null, name).toBe(true);
    }
  });

  it('declares every field of every preset, and gives each a source in every preset that has it', () => {
    for (const preset of Object.values(LINK_PRESETS)) {
      const fields = Object.keys(flattenPreset(preset));
      expect(
        fields.filter((f) => !LINK_ATTRIBUTE_NAMES.includes(f as never)),
        preset.name,
      ).toEqual([]);
      const rows = describePreset(preset);
      for (const name of LINK_ATTRIBUTE_NAMES.filter((n) => valueAtPath(preset, n) !== undefined)) {
        const own = rows.filter((r) => r.field === name || r.field.startsWith(`${name}[`));
        expect(own.length, `${preset.name} ${name}`).toBeGreaterThan(0);
        for (const r of own) expect(r.source, `${preset.name} ${r.field}`).not.toBe('');
        if (name !== 'framing.headers') expect(own[0]!.unit, `${preset.name} ${name}`).toBe(LINK_ATTRIBUTES[name].unit ?? '');
      }
    }
  });

  it('keeps every family-specific attribute to presets of that family', () => {
    for (const preset of Object.values(LINK_PRESETS)) {
      for (const [name, a] of declarations) if (a.family !== undefined && a.family !== preset.family) expect(valueAtPath(preset, name), `${preset.name} ${name}`).toBeUndefined();
    }
  });

  it('accepts every bundled preset as it is', () => {
    for (const preset of Object.values(LINK_PRESETS)) {
      expect(attributeProblems(preset), preset.name).toEqual([]);
      expect(presetProblems(preset), preset.name).toEqual([]);
    }
  });

  it('words each check from its declaration', () => {
    expect(expectationOf(LINK_ATTRIBUTES.bandwidthBps.check)).toBe('> 0');
    expect(expectationOf(LINK_ATTRIBUTES['arq.packetErrorRate'].check)).toBe('in [0, 1)');
    expect(expectationOf(LINK_ATTRIBUTES['queue.capacityPackets'].check)).toBe('a whole number ≥ 0 or null');
    expect(expectationOf(LINK_ATTRIBUTES.duplex.check)).toBe('"full" or "half"');
    const eth = LINK_PRESETS['ethernet-1g-udp']!;
    // invalid presets built by spreading: applyOverrides may refuse such values itself, these check presetProblems
    expect(presetProblems({ ...eth, setup: { ...eth.setup, timeS: -1 }, framing: { ...eth.framing, maxPayloadBytes: 0 } })).toEqual([
      'framing.maxPayloadBytes must be a whole number ≥ 1 (given 0)',
      'setup.timeS must be ≥ 0 (given -1)',
    ]);
    const lte = LINK_PRESETS['lte'] as LtePreset;
    expect(presetProblems({ ...lte, rrc: { ...lte.rrc, tailS: -2 } })).toContain('rrc.tailS must be ≥ 0 (given -2)');
    // the medium's own checker words 802.15.4 fields from the declarations too
    const radio = LINK_PRESETS['ieee802154'] as Ieee802154Preset;
    expect(presetProblems({ ...radio, mac: { ...radio.mac, macMaxCSMABackoffs: -1 }, reception: { ...radio.reception, noiseBandwidthHz: 0 } })).toEqual([
      'mac.macMaxCSMABackoffs must be a whole number ≥ 0 (given -1)',
      'reception.noiseBandwidthHz must be > 0 (given 0)',
    ]);
  });
});
