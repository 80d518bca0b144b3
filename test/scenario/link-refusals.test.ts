import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LINK_PRESETS } from '../../src/net/presets/index.js';
import { OverrideError, applyOverrides } from '../../src/net/presets/override.js';
import { parseScenario } from '../../src/scenario/load.js';
import { scenarioError } from './thrown.js';

// A bad value for a link field is refused once, by its declaration (attributes.ts), in one wording: a scenario's
// `set:` and `--set` (applyOverrides on the value parsed from YAML, as the command does) give the same expected and
// given, and `gradwire validate` prints it as `file:line:col: network.<link>.set.` + the `--set` message.

const MINIMAL = `name: t
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
`;
const ETH_TOP = 'one of "duplex", "bandwidthBps", "latencyS", "framing", "setup", "arq", "queue", "ack", "power", "radioPolicy"';

/** [what is wrong, preset, field, the value as YAML, expected, given] — expected and given written out, not derived. */
const CASES: readonly (readonly [string, string, string, string, string, string])[] = [
  ['above an exclusive bound', 'ethernet-1g-udp', 'arq.packetErrorRate', '1.5', 'a number in [0, 1) (probability)', 'number 1.5'],
  ['below an inclusive bound', 'ethernet-1g-udp', 'latencyS', '-1', 'a finite number ≥ 0 (s)', 'number -1'],
  ['at an exclusive bound', 'ethernet-1g-udp', 'bandwidthBps', '0', 'a finite number > 0 (bit/s)', 'number 0'],
  ['not finite', 'ethernet-1g-udp', 'latencyS', '.inf', 'a finite number ≥ 0 (s)', 'number Infinity'],
  ['of the wrong kind: a text', 'ethernet-1g-udp', 'latencyS', 'fast', 'a finite number ≥ 0 (s)', '"fast"'],
  ['of the wrong kind: a list', 'ethernet-1g-udp', 'bandwidthBps', '[1e9]', 'a finite number > 0 (bit/s)', '[1000000000]'],
  ['of the wrong kind: a mapping', 'ethernet-1g-udp', 'bandwidthBps', '{ value: 1 }', 'a finite number > 0 (bit/s)', 'a mapping with keys "value"'],
  ['null where not allowed', 'ethernet-1g-udp', 'bandwidthBps', '~', 'a finite number > 0 (bit/s)', 'null'],
  ['not whole', 'ethernet-1g-udp', 'arq.maxRetries', '2.5', 'a whole number ≥ 0 (count)', 'number 2.5'],
  ['not whole, where null is allowed', 'ethernet-1g-udp', 'queue.capacityPackets', '2.5', 'a whole number ≥ 0 or null (packets)', 'number 2.5'],
  ['a bad choice', 'ethernet-1g-udp', 'duplex', 'quarter', '"full" or "half"', '"quarter"'],
  ['a bad choice of many', 'ethernet-1g-udp', 'power.background', 'off', 'one of "tx", "rx", "listen", "idle", "sleep", "promotion", "tail", "compute"', '"off"'],
  ['not a flag', 'ieee802154', 'mac.panIdCompression', '1', 'true or false', 'number 1'],
  ['a list item out of bounds', 'ieee802154', 'reception.distancesM', '[5, -1]', 'a list of finite numbers > 0 (m)', '[5, -1] (item 2: number -1)'],
  ['an unknown field', 'ethernet-1g-udp', 'bandwith', '1e9', `a field of the ethernet-1g-udp preset at the top level: ${ETH_TOP}`, 'unknown field "bandwith"'],
  [
    'an unknown field in a group',
    'ethernet-1g-udp',
    'framing.mtu',
    '1500',
    'a field of the ethernet-1g-udp preset under framing: one of "maxPayloadBytes", "minFrameBytes", "headers"',
    'unknown field "mtu"',
  ],
  ['a field of another family', 'ethernet-1g-udp', 'mac.macMinBE', '2', 'a field of the ethernet-1g-udp preset', '"mac.macMinBE", a field of ieee802154 presets only'],
];

/** The refusal of `--set FIELD=VALUE` on a preset: the value parsed as YAML, as the command parses it. */
function setFlagRefusal(preset: string, field: string, yaml: string): OverrideError {
  try {
    applyOverrides(LINK_PRESETS[preset]!, { [field]: parse(yaml) as unknown });
  } catch (e) {
    if (e instanceof OverrideError) return e;
    throw e;
  }
  throw new Error(`--set ${field}=${yaml} was accepted`);
}

/** The scenario whose worker link is `preset` with `set: { field: value }`; the set entry is on line 9. */
const scenarioText = (preset: string, field: string, yaml: string) => `${MINIMAL}network:\n  workerLink:\n    preset: ${preset}\n    set:\n      ${field}: ${yaml}\n`;

describe('a bad link value: one check, one wording for a scenario’s set: and --set', () => {
  for (const [what, preset, field, yaml, expected, given] of CASES) {
    it(`${what}: ${preset} ${field}: ${yaml}`, () => {
      const flag = setFlagRefusal(preset, field, yaml);
      expect([flag.field, flag.expected, flag.given]).toEqual([field, expected, given]);
      expect(flag.message).toBe(`${field}: expected ${expected}, given ${given}`);

      const e = scenarioError(() => parseScenario(scenarioText(preset, field, yaml), 'bad.yaml'));
      expect(e.problems.map((p) => [p.path, p.expected, p.given])).toEqual([[`network.workerLink.set.${field}`, expected, given]]);
      // as `gradwire validate` prints it: the line of the entry (its key at column 7), then the --set message
      const [first, hint] = e.message.split('; ');
      expect(first).toBe(`bad.yaml:9:7: network.workerLink.set.${flag.message}`);
      // a name that is no field gets a suggestion or the pointer to the preset's fields; a bad value needs none
      if (given.startsWith('unknown field') || given.includes('presets only')) expect(hint).toMatch(/^(did you mean "[^"]+"\?|see `gradwire presets --describe [\w-]+`)$/);
      else expect(hint).toBeUndefined();
    });
  }

  it('suggests the field a misspelling is closest to, in both', () => {
    const flag = setFlagRefusal('ethernet-1g-tcp', 'ack.evry', '1');
    expect([flag.known, flag.unknown, flag.under]).toEqual([['every', 'wireBytes'], 'evry', 'ack']);
    // the whole dotted path, as `set:` and `--set` name fields
    const e = scenarioError(() => parseScenario(scenarioText('ethernet-1g-tcp', 'ack.evry', '1'), 'bad.yaml'));
    expect(e.problems[0]!.hint).toBe('did you mean "ack.every"?');
    const deep = scenarioError(() => parseScenario(scenarioText('ethernet-1g-udp', 'power.watts.txx', '1'), 'bad.yaml'));
    expect(deep.problems[0]!.hint).toBe('did you mean "power.watts.tx"?');
    const top = scenarioError(() => parseScenario(scenarioText('ethernet-1g-udp', 'latencySS', '1'), 'bad.yaml'));
    expect(top.problems[0]!.hint).toBe('did you mean "latencyS"?');
  });

  it('accepts in a scenario what --set accepts, each bound itself where inclusive', () => {
    for (const [preset, field, yaml] of [
      ['ethernet-1g-udp', 'arq.packetErrorRate', '0'],
      ['ethernet-1g-udp', 'latencyS', '0'],
      ['ethernet-1g-udp', 'queue.capacityPackets', '~'],
      ['ieee802154', 'reception.distancesM', '[2, 20]'],
    ]) {
      const s = parseScenario(scenarioText(preset!, field!, yaml!), 'ok.yaml');
      expect(s.network.workerLink.set[field!], field).toEqual(parse(yaml!));
      expect(applyOverrides(LINK_PRESETS[preset!]!, { [field!]: parse(yaml!) as unknown }), field).toBeDefined();
    }
  });

  it('reports every bad entry of a set:, each in its own words', () => {
    const text = `${MINIMAL}network:\n  serverLink: { set: { latencyS: -1, duplex: quarter, bandwith: 1 } }\n`;
    const e = scenarioError(() => parseScenario(text, 'bad.yaml'));
    // in the order of the declarations, then the fields that are none (the schema's order, not the file's)
    expect(e.problems.map((p) => [p.path, p.given])).toEqual([
      ['network.serverLink.set.duplex', '"quarter"'],
      ['network.serverLink.set.latencyS', 'number -1'],
      ['network.serverLink.set.bandwith', 'unknown field "bandwith"'],
    ]);
  });
});
