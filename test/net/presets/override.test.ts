import { describe, expect, it } from 'vitest';
import { LINK_ATTRIBUTES, expectedValue } from '../../../src/net/presets/attributes.js';
import { LINK_PRESETS, type LinkPreset } from '../../../src/net/presets/index.js';
import { OverrideError, applyOverrides } from '../../../src/net/presets/override.js';

// applyOverrides checks each override against its declaration in attributes.ts (the one checker `passes`):
// kind, bounds, whole number, null, choices, list items, header shape. A refusal names the field, what the
// declaration expects (with its unit) and what was given.

const eth = LINK_PRESETS['ethernet-1g-udp']!;
const radio = LINK_PRESETS['ieee802154']!;

/** The OverrideError `applyOverrides(preset, {[field]: value})` throws, as {field, expected, given, message}. */
function refusal(preset: LinkPreset, overrides: Record<string, unknown>) {
  try {
    applyOverrides(preset, overrides);
  } catch (e) {
    expect(e).toBeInstanceOf(OverrideError);
    const o = e as OverrideError;
    return { field: o.field, expected: o.expected, given: o.given, message: o.message };
  }
  throw new Error(`applyOverrides accepted ${JSON.stringify(overrides)}`);
}
const refused = (field: string, expected: string, given: string) => ({ field, expected, given, message: `${field}: expected ${expected}, given ${given}` });

describe('applyOverrides: each value against its declaration', () => {
  it('numbers: bounds inclusive and exclusive, a range, whole numbers, finite only, with the unit', () => {
    expect(refusal(eth, { latencyS: -1 })).toEqual(refused('latencyS', 'a finite number ≥ 0 (s)', 'number -1'));
    expect(refusal(eth, { bandwidthBps: 0 })).toEqual(refused('bandwidthBps', 'a finite number > 0 (bit/s)', 'number 0'));
    expect(refusal(eth, { 'arq.packetErrorRate': 1 })).toEqual(refused('arq.packetErrorRate', 'a number in [0, 1) (probability)', 'number 1'));
    expect(refusal(eth, { 'arq.maxRetries': 1.5 })).toEqual(refused('arq.maxRetries', 'a whole number ≥ 0 (count)', 'number 1.5'));
    expect(refusal(eth, { 'framing.maxPayloadBytes': -3 })).toEqual(refused('framing.maxPayloadBytes', 'a whole number ≥ 1 (B)', 'number -3'));
    expect(refusal(eth, { latencyS: Infinity })).toEqual(refused('latencyS', 'a finite number ≥ 0 (s)', 'number Infinity'));
    expect(refusal(radio, { 'reception.txPowerDbm': NaN })).toEqual(refused('reception.txPowerDbm', 'a finite number (dBm)', 'number NaN'));
    // the bounds themselves, where inclusive
    expect(applyOverrides(eth, { latencyS: 0, 'arq.packetErrorRate': 0, 'framing.maxPayloadBytes': 1 })).toMatchObject({ latencyS: 0, arq: { packetErrorRate: 0 }, framing: { maxPayloadBytes: 1 } });
    expect(applyOverrides(eth, { 'arq.packetErrorRate': 0.999 }).arq.packetErrorRate).toBe(0.999);
  });

  it('a value of another kind: a text, a list, a flag or a group where a number is declared', () => {
    expect(refusal(eth, { latencyS: 'fast' })).toEqual(refused('latencyS', 'a finite number ≥ 0 (s)', '"fast"'));
    expect(refusal(eth, { 'arq.maxRetries': '3' })).toEqual(refused('arq.maxRetries', 'a whole number ≥ 0 (count)', '"3"'));
    expect(refusal(eth, { bandwidthBps: [1e9] })).toEqual(refused('bandwidthBps', 'a finite number > 0 (bit/s)', '[1000000000]'));
    expect(refusal(eth, { bandwidthBps: true })).toEqual(refused('bandwidthBps', 'a finite number > 0 (bit/s)', 'boolean true'));
    expect(refusal(eth, { bandwidthBps: { value: 1 } })).toEqual(refused('bandwidthBps', 'a finite number > 0 (bit/s)', 'a mapping with keys "value"'));
  });

  it('null only where the declaration allows it (an unbounded queue, no CCA threshold)', () => {
    const bounded = applyOverrides(eth, { 'queue.capacityPackets': 10 });
    expect(bounded.queue.capacityPackets).toBe(10);
    expect(applyOverrides(bounded, { 'queue.capacityPackets': null }).queue.capacityPackets).toBeNull();
    expect(refusal(eth, { 'queue.capacityPackets': -1 })).toEqual(refused('queue.capacityPackets', 'a whole number ≥ 0 or null (packets)', 'number -1'));
    expect(applyOverrides(radio, { 'reception.ccaThresholdDbm': -75 })).toMatchObject({ reception: { ccaThresholdDbm: -75 } });
    expect(refusal(eth, { bandwidthBps: null })).toEqual(refused('bandwidthBps', 'a finite number > 0 (bit/s)', 'null'));
    expect(refusal(radio, { 'phy.symbolS': null })).toEqual(refused('phy.symbolS', 'a finite number > 0 (s)', 'null'));
  });

  it('choices, flags and texts', () => {
    expect(refusal(eth, { duplex: 'quarter' })).toEqual(refused('duplex', '"full" or "half"', '"quarter"'));
    expect(refusal(eth, { duplex: 1 })).toEqual(refused('duplex', '"full" or "half"', 'number 1'));
    expect(refusal(radio, { 'reception.model': 'capture' })).toEqual(refused('reception.model', '"sinr" or "collision"', '"capture"'));
    expect(refusal(eth, { 'power.background': 'off' })).toEqual(refused('power.background', 'one of "tx", "rx", "listen", "idle", "sleep", "promotion", "tail", "compute"', '"off"'));
    expect(refusal(radio, { 'mac.panIdCompression': 1 })).toEqual(refused('mac.panIdCompression', 'true or false', 'number 1'));
    expect(refusal(radio, { 'radio.chip': 7 })).toEqual(refused('radio.chip', 'a text', 'number 7'));
    const set = applyOverrides(radio, { 'reception.model': 'collision', 'mac.panIdCompression': false, 'radio.chip': 'CC2420' });
    expect(set).toMatchObject({ reception: { model: 'collision' }, mac: { panIdCompression: false }, radio: { chip: 'CC2420' } });
  });

  it('lists: each number within its bound, each header {layer, bytes, inFrame}; the first item that fails named', () => {
    expect(refusal(radio, { 'reception.distancesM': [5, -1] })).toEqual(refused('reception.distancesM', 'a list of finite numbers > 0 (m)', '[5, -1] (item 2: number -1)'));
    expect(refusal(radio, { 'reception.distancesM': 5 })).toEqual(refused('reception.distancesM', 'a list of finite numbers > 0 (m)', 'number 5'));
    const long = Array.from({ length: 40 }, (_, i) => (i === 30 ? 0 : i + 1));
    expect(refusal(radio, { 'reception.distancesM': long })).toEqual(refused('reception.distancesM', 'a list of finite numbers > 0 (m)', 'a list of 40 (item 31: number 0)'));
    expect(applyOverrides(radio, { 'reception.distancesM': [2, 20] })).toMatchObject({ reception: { distancesM: [2, 20] } });
    const HEADERS = 'a list of {layer, bytes, inFrame, source} (B)';
    const ppp = { layer: 'PPP', bytes: 2, inFrame: true, source: 'RFC 1661' };
    expect(refusal(eth, { 'framing.headers': [ppp, { layer: 'IPv4', bytes: -20, inFrame: true }] })).toEqual(
      // the list by its length and the item that fails
      refused('framing.headers', HEADERS, 'a list of 2 (item 2: a mapping with keys "layer", "bytes", "inFrame")'),
    );
    expect(refusal(eth, { 'framing.headers': [{ layer: 'PPP', bytes: 2 }] })).toEqual(refused('framing.headers', HEADERS, 'a list of 1 (item 1: a mapping with keys "layer", "bytes")'));
    expect(refusal(eth, { 'framing.headers': 'PPP' })).toEqual(refused('framing.headers', HEADERS, '"PPP"'));
    expect(applyOverrides(eth, { 'framing.headers': [ppp] }).framing.headers).toEqual([ppp]);
  });

  it('words what a declaration expects from the declaration itself', () => {
    expect(expectedValue(LINK_ATTRIBUTES['setup.timeS'])).toBe('a finite number ≥ 0 (s)');
    expect(expectedValue(LINK_ATTRIBUTES['ack.every'])).toBe('a whole number ≥ 0 (packets per ACK)');
    expect(expectedValue(LINK_ATTRIBUTES['reception.referenceLossDb'])).toBe('a finite number (dB)');
    expect(expectedValue(LINK_ATTRIBUTES['reception.ccaThresholdDbm'])).toBe('a finite number or null (dBm)');
    expect(expectedValue(LINK_ATTRIBUTES.radioPolicy)).toBe('"always-on" or "off-between-transfers"');
  });
});

describe('applyOverrides: paths', () => {
  const TOP = ['duplex', 'bandwidthBps', 'latencyS', 'framing', 'setup', 'arq', 'queue', 'ack', 'power', 'radioPolicy'];
  const TOP_WORDS = 'one of "duplex", "bandwidthBps", "latencyS", "framing", "setup", "arq", "queue", "ack", "power", "radioPolicy"';

  it('refuses a path that names no declared field of the preset, listing the fields there', () => {
    const top = (key: string) => refused(key, `a field of the ethernet-1g-udp preset at the top level: ${TOP_WORDS}`, `unknown field "${key}"`);
    expect(refusal(eth, { bandwith: 1e9 })).toEqual(top('bandwith'));
    // undeclared fields are not parameters: names, sources, the family
    for (const key of ['name', 'sources', 'family', 'toString']) expect(refusal(eth, { [key]: 'x' })).toEqual(top(key));
    expect(refusal(eth, { 'framing.mtu': 1500 })).toEqual(
      refused('framing.mtu', 'a field of the ethernet-1g-udp preset under framing: one of "maxPayloadBytes", "minFrameBytes", "headers"', 'unknown field "mtu"'),
    );
    expect(refusal(eth, { 'power.source': 'x' })).toEqual(refused('power.source', 'a field of the ethernet-1g-udp preset under power: "watts" or "background"', 'unknown field "source"'));
    expect(refusal(eth, { 'latencyS.value': 1 })).toEqual(
      refused('latencyS.value', 'a field of the ethernet-1g-udp preset (latencyS has no fields: it is a finite number ≥ 0 (s))', 'unknown field "value"'),
    );
    // the fields there and the name that is none of them, for a did-you-mean hint (the scenario's messages)
    expect(() => applyOverrides(eth, { 'framing.mtu': 1500 })).toThrow(expect.objectContaining({ known: ['maxPayloadBytes', 'minFrameBytes', 'headers'], unknown: 'mtu' }));
    expect(() => applyOverrides(eth, { 'ak.every': 1 })).toThrow(expect.objectContaining({ known: TOP, unknown: 'ak' }));
  });

  it('names a declared field of another family as such, not as a misspelling', () => {
    expect(refusal(eth, { 'phy.symbolS': 16e-6 })).toEqual(refused('phy.symbolS', 'a field of the ethernet-1g-udp preset', '"phy.symbolS", a field of ieee802154 presets only'));
    expect(refusal(radio, { cellUplinkBps: 1e6 })).toEqual(refused('cellUplinkBps', 'a field of the ieee802154 preset', '"cellUplinkBps", a field of lte presets only'));
    // a group of another family is no declared field: an unknown one
    expect(refusal(eth, { phy: {} })).toEqual(refused('phy', `a field of the ethernet-1g-udp preset at the top level: ${TOP_WORDS}`, 'unknown field "phy"'));
  });

  it('replaces a group whole: every field it may override given, each checked by its declaration', () => {
    const none = applyOverrides(eth, { framing: { maxPayloadBytes: 1500, minFrameBytes: 0, headers: [] } });
    expect(none.framing).toEqual({ maxPayloadBytes: 1500, minFrameBytes: 0, headers: [] });
    const watts = applyOverrides(eth, { power: { watts: { tx: 2, rx: 1.5, idle: 0.5 }, background: 'idle' } });
    expect(watts.power.watts).toEqual({ tx: 2, rx: 1.5, idle: 0.5 });
    expect(watts.power.source).toBe(eth.power.source); // not a parameter: kept
    const GROUP = 'a group of the fields "maxPayloadBytes", "minFrameBytes", "headers"';
    expect(refusal(eth, { framing: { maxPayloadBytes: 1500 } })).toEqual(refused('framing', GROUP, 'a mapping with keys "maxPayloadBytes", without "minFrameBytes", "headers"'));
    expect(refusal(eth, { framing: 1500 })).toEqual(refused('framing', GROUP, 'number 1500'));
    expect(refusal(eth, { framing: { maxPayloadBytes: 0, minFrameBytes: 0, headers: [] } })).toEqual(refused('framing.maxPayloadBytes', 'a whole number ≥ 1 (B)', 'number 0'));
    expect(refusal(eth, { framing: { maxPayloadBytes: 1500, minFrameBytes: 0, headers: [], mtu: 1 } })).toEqual(
      refused('framing.mtu', 'a field of the ethernet-1g-udp preset under framing: one of "maxPayloadBytes", "minFrameBytes", "headers"', 'unknown field "mtu"'),
    );
  });

  it('applies valid values on a copy: the preset itself never changes', () => {
    const before = structuredClone(eth);
    const p = applyOverrides(eth, { bandwidthBps: 1e8, duplex: 'half', 'arq.maxRetries': 3, 'power.watts.tx': 2 });
    expect([p.bandwidthBps, p.duplex, p.arq.maxRetries, p.power.watts.tx]).toEqual([1e8, 'half', 3, 2]);
    expect(p.latencyS).toBe(eth.latencyS);
    expect(eth).toEqual(before);
    expect(() => applyOverrides(eth, { bandwidthBps: 1e8, latencyS: -1 })).toThrow(OverrideError);
    expect(eth).toEqual(before);
  });
});
