import { describe, expect, it } from 'vitest';
import { LINK_ATTRIBUTES, LINK_ATTRIBUTE_NAMES, LINK_PRESETS, attributeProblems, describePreset, expectedValue, presetProblems, type AttributeDeclaration } from '../../../src/net/index.js';
import { ieee802154Problems, type Ieee802154Preset } from '../../../src/net/presets/ieee802154.js';
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

  it('words each check from its declaration, with its unit', () => {
    expect(expectedValue(LINK_ATTRIBUTES.bandwidthBps)).toBe('a finite number > 0 (bit/s)');
    expect(expectedValue(LINK_ATTRIBUTES['arq.packetErrorRate'])).toBe('a number in [0, 1) (probability)');
    expect(expectedValue(LINK_ATTRIBUTES['queue.capacityPackets'])).toBe('a whole number ≥ 0 or null (packets)');
    expect(expectedValue(LINK_ATTRIBUTES['reception.distancesM'])).toBe('a list of finite numbers > 0 (m)');
    expect(expectedValue(LINK_ATTRIBUTES['mac.panIdCompression'])).toBe('true or false');
    expect(expectedValue(LINK_ATTRIBUTES.duplex)).toBe('"full" or "half"');
    expect(expectedValue(LINK_ATTRIBUTES['mac.addressing'])).toBe('"short" or "extended"');
  });

  it('refuses a preset built in code in the words of --set: field, expected with unit, given', () => {
    const eth = LINK_PRESETS['ethernet-1g-udp']!;
    // invalid presets built by spreading: applyOverrides would refuse such values itself, these check presetProblems
    expect(presetProblems({ ...eth, setup: { ...eth.setup, timeS: -1 }, framing: { ...eth.framing, maxPayloadBytes: 0 } })).toEqual([
      'framing.maxPayloadBytes: expected a whole number ≥ 1 (B), given number 0',
      'setup.timeS: expected a finite number ≥ 0 (s), given number -1',
    ]);
    const lte = LINK_PRESETS['lte'] as LtePreset;
    expect(presetProblems({ ...lte, rrc: { ...lte.rrc, tailS: -2 } })).toEqual(['rrc.tailS: expected a finite number ≥ 0 (s), given number -2']);
    const radio = LINK_PRESETS['ieee802154'] as Ieee802154Preset;
    expect(presetProblems({ ...radio, mac: { ...radio.mac, macMaxCSMABackoffs: -1 }, reception: { ...radio.reception, noiseBandwidthHz: 0 } })).toEqual([
      'mac.macMaxCSMABackoffs: expected a whole number ≥ 0 (count), given number -1',
      'reception.noiseBandwidthHz: expected a finite number > 0 (Hz), given number 0',
    ]);
  });

  it('checks the 802.15.4 fields once, by their declarations (the medium’s own check included), each refused once', () => {
    const radio = LINK_PRESETS['ieee802154'] as Ieee802154Preset;
    const withReception = (r: Partial<Ieee802154Preset['reception']>): Ieee802154Preset => ({ ...radio, reception: { ...radio.reception, ...r } });
    // the fields ieee802154Problems once re-checked by hand, in its own words, and presetProblems then de-duplicated
    expect(presetProblems(withReception({ model: 'capture' as 'sinr' }))).toEqual(['reception.model: expected "sinr" or "collision", given "capture"']);
    expect(presetProblems(withReception({ distancesM: [5, -1] }))).toEqual(['reception.distancesM: expected a list of finite numbers > 0 (m), given [5, -1] (item 2: number -1)']);
    expect(presetProblems(withReception({ distancesM: [5, Infinity] }))).toEqual(['reception.distancesM: expected a list of finite numbers > 0 (m), given [5, Infinity] (item 2: number Infinity)']);
    expect(presetProblems({ ...radio, arq: { ...radio.arq, packetErrorRate: 1 } })).toEqual(['arq.packetErrorRate: expected a number in [0, 1) (probability), given number 1']);
    // a negative latency also shortens the ACK's round trip, which the ACK-wait check (fields that must agree) does not mind
    expect(presetProblems({ ...radio, latencyS: -1e-6 })).toEqual(['latencyS: expected a finite number ≥ 0 (s), given number -0.000001']);
    expect(ieee802154Problems({ ...radio, latencyS: -1e-6 })).toEqual(['latencyS: expected a finite number ≥ 0 (s), given number -0.000001']);
  });

  it('ieee802154Problems checks the generic declared fields too (the medium runs it alone on presets built in code)', () => {
    const radio = LINK_PRESETS['ieee802154'] as Ieee802154Preset;
    // an infinite frame time also outlasts the ACK wait, a finding that ties fields together
    expect(ieee802154Problems({ ...radio, bandwidthBps: 0 })).toEqual([
      'bandwidthBps: expected a finite number > 0 (bit/s), given number 0',
      'the ACK wait 0.000864 s ends before an ACK can arrive (Infinity s after the data frame)',
    ]);
  });
});
