import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchemaText } from '../../src/scenario/json-schema.js';
import { explainField } from '../../src/scenario/explain.js';
import { loadScenario } from '../../src/scenario/load.js';
import { ScenarioError, scenarioMessages } from '../../src/scenario/messages.js';

describe('the published JSON Schema', () => {
  it('is current (regenerate with npm run schema)', () => {
    const checkedIn = readFileSync(join(import.meta.dirname, '../../scenarios/schema.json'), 'utf8');
    expect(checkedIn).toBe(scenarioJsonSchemaText());
  });
});

describe('explain', () => {
  it('describes a field from its declaration', () => {
    const doc = explainField('training.iterations');
    expect(doc).toMatchObject({ path: 'training.iterations', doc: 'Synchronous iterations per scheme.', default: 300 });
    expect(explainField('network.workerLink.set').doc).toContain('dotted path');
    expect(explainField('output.catCurveIterations')).toMatchObject({ unit: 'iteration', default: undefined });
    expect(explainField('output.catCurveIterations').doc).toContain('Absent: the first, middle and last iteration');
  });

  it('lists every value of a discriminator', () => {
    expect((explainField('schemes.uplink.compressor.kind').accepts as { enum: string[] }).enum).toEqual(['identity', 'topk', 'randk', 'topk-sign', 'stochastic', 'qsgd', 'cat', 'alistarh', 'regtopk']);
  });

  it('suggests the intended field for a misspelt path', () => {
    expect(() => explainField('workers.bathSize')).toThrow('did you mean "batchSize"?');
  });
});

describe('extends', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'gradwire-extends-'));
  const base = `name: base
workers: { count: 4, batchSize: 8 }
training: { iterations: 50 }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
`;

  it('starts from another file and overrides its fields, merging mappings and replacing lists', () => {
    const d = dir();
    writeFileSync(join(d, 'base.yaml'), base);
    writeFileSync(
      join(d, 'child.yaml'),
      `extends: base.yaml
name: child
workers: { count: 6 }
schemes:
  - name: topk
    uplink: { compressor: { kind: topk, k: 3 } }
`,
    );
    const s = loadScenario(join(d, 'child.yaml'));
    expect(s.name).toBe('child');
    expect(s.workers.count).toBe(6);
    expect(s.workers.batchSize).toBe(8);
    expect(s.training.iterations).toBe(50);
    expect(s.schemes.map((x) => x.name)).toEqual(['topk']);
    expect('extends' in s).toBe(false);
  });

  it('refuses a cycle, naming it', () => {
    const d = dir();
    writeFileSync(join(d, 'a.yaml'), `extends: b.yaml\nname: a\n`);
    writeFileSync(join(d, 'b.yaml'), `extends: a.yaml\nname: b\n`);
    try {
      loadScenario(join(d, 'a.yaml'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      const p = (e as ScenarioError).problems[0]!;
      expect(p).toMatchObject({ ...scenarioMessages.extendsCycle([join(d, 'a.yaml'), join(d, 'b.yaml'), join(d, 'a.yaml')]), line: 1 });
    }
  });

  it('names a missing base file', () => {
    const d = dir();
    writeFileSync(join(d, 'c.yaml'), `extends: nowhere.yaml\nname: c\n`);
    expect(() => loadScenario(join(d, 'c.yaml'))).toThrow(/nowhere\.yaml.*readable scenario file.*extended by/);
  });
});
