import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { LINK_ATTRIBUTES, LINK_ATTRIBUTE_NAMES, LINK_PRESETS } from '../../src/net/index.js';
import { explainField } from '../../src/scenario/explain.js';
import { effectiveLink, flattenPreset, resolveLink, resolvedLinks } from '../../src/scenario/links.js';
import { parseScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { scenarioError } from './thrown.js';

const ROOT = join(import.meta.dirname, '../..');
const MINIMAL = `name: t
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
`;
const withLink = (link: string) => `${MINIMAL}network:\n  workerLink: ${link}\n`;

describe('a link’s set: declared fields only, each with its unit', () => {
  it('refuses a misspelt field with file, line, field, what the preset has and a suggestion', () => {
    const e = scenarioError(() => parseScenario(withLink('{ preset: ethernet-1g-tcp, set: { ack.evry: 1 } }'), 'bad.yaml'));
    expect(e.message).toBe(
      'bad.yaml:6:49: network.workerLink.set.ack.evry: expected a field of the ethernet-1g-tcp preset under ack: "every" or "wireBytes", given unknown field "evry"; did you mean "ack.every"?',
    );
  });

  it('refuses a whole group (only --set takes one), naming its fields by their dotted paths', () => {
    const e = scenarioError(() => parseScenario(withLink('{ preset: ethernet-1g-tcp, set: { ack: { every: 2, wireBytes: 64 } } }'), 'bad.yaml'));
    expect(e.message).toBe(
      'bad.yaml:6:49: network.workerLink.set.ack: expected a field of the ethernet-1g-tcp preset, by its dotted path ("ack.every", "ack.wireBytes"), given the group "ack"; set each field of it: ack.every: …, ack.wireBytes: …',
    );
    const [p] = scenarioError(() => parseScenario(withLink('{ set: { power.watts: { tx: 1, rx: 1, idle: 1 } } }'), 'bad.yaml')).problems;
    expect(p).toMatchObject({ path: 'network.workerLink.set.power.watts', given: 'the group "power.watts"' });
    // the declared fields of it are taken one by one
    expect(parseScenario(withLink('{ preset: ethernet-1g-tcp, set: { ack.every: 2, ack.wireBytes: 64 } }'), 'ok.yaml').network.workerLink.set).toEqual({ 'ack.every': 2, 'ack.wireBytes': 64 });
  });

  it('reports a link’s bad set: value along with the schema’s problems elsewhere', () => {
    const text = `${MINIMAL}workers: { count: -3 }\nnetwork:\n  workerLink: { set: { latencyS: -1 } }\n  workerGroups: [{ count: 1, set: { bandwidthBps: 0 } }, { count: x, set: { bandwidthBps: 0 } }]\n`;
    const p = scenarioError(() => parseScenario(text, 'bad.yaml')).problems;
    expect(p.map((x) => [x.path, x.given])).toEqual([
      ['network.workerGroups[1].count', '"x"'],
      ['workers.count', 'number -3'],
      ['network.workerLink.set.latencyS', 'number -1'],
      // the second group's own part failed the schema: its link is left until that is fixed
      ['network.workerGroups[0].set.bandwidthBps', 'number 0'],
    ]);
  });

  it('refuses a value out of range with the field, the bound and its unit, and the value given', () => {
    const e = scenarioError(() => parseScenario(withLink('{ set: { bandwidthBps: 0 } }'), 'bad.yaml'));
    expect(e.message).toBe('bad.yaml:6:24: network.workerLink.set.bandwidthBps: expected a finite number > 0 (bit/s), given number 0');
    const p = scenarioError(() => parseScenario(withLink('{ set: { arq.packetErrorRate: 1.5, queue.capacityPackets: 2.5 } }'), 'bad.yaml')).problems;
    expect(p.map((x) => [x.path, x.expected, x.given])).toEqual([
      ['network.workerLink.set.arq.packetErrorRate', 'a number in [0, 1) (probability)', 'number 1.5'],
      ['network.workerLink.set.queue.capacityPackets', 'a whole number ≥ 0 or null (packets)', 'number 2.5'],
    ]);
  });

  it('refuses a declared field of another family, naming the family', () => {
    const [p] = scenarioError(() => parseScenario(withLink('{ preset: ethernet-1g-udp, set: { mac.macMinBE: 2 } }'), 'bad.yaml')).problems;
    expect(p).toMatchObject({ path: 'network.workerLink.set.mac.macMinBE', expected: 'a field of the ethernet-1g-udp preset', given: '"mac.macMinBE", a field of ieee802154 presets only' });
  });

  it('still refuses fields that contradict each other, as the medium sees them', () => {
    const [p] = scenarioError(() => parseScenario(withLink('{ preset: ieee802154, set: { arq.maxRetries: 5 } }'), 'bad.yaml')).problems;
    expect(p).toMatchObject({ path: 'network.workerLink.set', expected: 'a consistent ieee802154 link' });
    // the finding has no expected/given of its own inside the problem's
    const [ack] = scenarioError(() => parseScenario(withLink('{ preset: ethernet-1g-udp, set: { ack.every: 2 } }'), 'bad.yaml')).problems;
    expect(ack).toMatchObject({
      path: 'network.workerLink.set',
      expected: 'a consistent ethernet-1g-udp link',
      given: 'ack.every 2 simulates ACKs, but ack.wireBytes 0 gives them no whole size ≥ 1 B: set ack.wireBytes (or ack.every 0)',
    });
  });

  it('resolves every preset to a scenario that lists every field and loads back to itself', () => {
    for (const name of Object.keys(LINK_PRESETS)) {
      const r = resolveScenario(parseScenario(withLink(`{ preset: ${name} }`), 'x.yaml'));
      expect(
        Object.keys(r.network.workerLink.set).every((k) => LINK_ATTRIBUTE_NAMES.includes(k as never)),
        name,
      ).toBe(true);
      expect(parseScenario(stringify(r), 'resolved.yaml'), name).toEqual(r);
    }
  });
});

describe('resolving links once', () => {
  it('gives each worker its own link, from its group, and the same preset as validation checked', () => {
    const s = parseScenario(
      `${MINIMAL}workers: { count: 3 }
network:
  workerGroups:
    - { count: 1, preset: ethernet-10g-udp }
    - { count: 2, preset: ethernet-1g-udp, set: { latencyS: 1.0e-5 } }
`,
      'g.yaml',
    );
    const links = resolvedLinks(s);
    expect(links.workers.map((l) => [l.name, l.latencyS])).toEqual([
      ['ethernet-10g-udp', 0.5e-6],
      ['ethernet-1g-udp', 1e-5],
      ['ethernet-1g-udp', 1e-5],
    ]);
    expect(links.workers[1]).not.toBe(links.workers[2]);
    expect(links.server.name).toBe('ethernet-1g-udp');
    const group = s.network.workerGroups![1]!;
    expect(resolveLink(group, 'g')).toEqual({ ok: true, link: effectiveLink(group) });
    expect(flattenPreset(effectiveLink(group))['latencyS']).toBe(1e-5);
  });

  it('throws on a link that was not validated', () => {
    expect(() => effectiveLink({ preset: 'nope', set: {} })).toThrow('a link that was not validated');
  });
});

describe('explain and the JSON Schema of set fields', () => {
  it('explains a set field by its dotted path: doc, unit, accepted values', () => {
    expect(explainField('network.workerLink.set.bandwidthBps')).toMatchObject({
      path: 'network.workerLink.set.bandwidthBps',
      unit: 'bit/s',
      doc: LINK_ATTRIBUTES.bandwidthBps.doc,
      accepts: { type: 'number', exclusiveMinimum: 0 },
    });
    expect(explainField('network.workerGroups.set.arq.packetErrorRate')).toMatchObject({ path: 'network.workerGroups.set.arq.packetErrorRate', unit: 'probability' });
    expect(() => explainField('network.workerLink.set.bandwithBps')).toThrow('did you mean "bandwidthBps"?');
  });

  it('gradwire explain prints the unit and the doc', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), 'explain', 'network.workerLink.set.bandwidthBps'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('unit: bit/s');
    expect(r.stdout).toContain(LINK_ATTRIBUTES.bandwidthBps.doc);
  });

  it('explains a nullable set: field with its description and unit, as a plain one', () => {
    expect(explainField('network.workerLink.set.queue.capacityPackets')).toMatchObject({
      doc: 'Packets the sender’s FIFO queue holds at most (null: unbounded).',
      unit: 'packets',
      accepts: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] },
    });
    expect(explainField('network.serverLink.set.reception.ccaThresholdDbm')).toMatchObject({
      doc: 'CCA energy-detection threshold (null: every transmission is sensed). (ieee802154 presets only)',
      unit: 'dBm',
    });
    expect(explainField('network.workerLink.set.latencyS')).toMatchObject({ doc: 'One-way propagation delay.', unit: 's', accepts: { type: 'number', minimum: 0 } });
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), 'explain', 'network.workerLink.set.queue.capacityPackets'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('\n  Packets the sender’s FIFO queue holds at most (null: unbounded).\n  unit: packets\n');
    expect(r.stdout).not.toContain('(no description)');
  });

  it('gives every numeric scenario field a unit in scenarios/schema.json (the sweep block aside, declared elsewhere)', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'scenarios/schema.json'), 'utf8')) as unknown;
    const missing: string[] = [];
    // a unit on a list or a union covers its items and branches
    const walk = (n: unknown, path: string, inherited?: string): void => {
      if (n === null || typeof n !== 'object') return;
      if (Array.isArray(n)) return n.forEach((x) => walk(x, path, inherited));
      const node = n as Record<string, unknown>;
      const unit = (node.unit as string | undefined) ?? inherited;
      if ((node.type === 'number' || node.type === 'integer') && unit === undefined) missing.push(path);
      for (const [k, v] of Object.entries(node)) {
        const structural = ['properties', 'anyOf', 'oneOf', 'items', '$defs'].includes(k);
        walk(v, structural ? path : `${path}.${k}`, ['anyOf', 'oneOf', 'items'].includes(k) ? unit : undefined);
      }
    };
    walk(schema, '');
    expect(missing.filter((p) => !p.startsWith('.sweep.'))).toEqual([]);
    const set = (schema as { $defs: { LinkSet: { properties: Record<string, { unit?: string; description?: string }> } } }).$defs.LinkSet.properties;
    expect(Object.keys(set)).toEqual(LINK_ATTRIBUTE_NAMES);
    expect(set['bandwidthBps']).toMatchObject({ unit: 'bit/s', description: LINK_ATTRIBUTES.bandwidthBps.doc });
  });
});
