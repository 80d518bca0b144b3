import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario, readScenarioInput } from '../../src/scenario/load.js';
import { scenarioError } from './thrown.js';

/** Write the files into a fresh folder; returns the folder. */
function folder(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'gradwire-extends-positions-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const DEVICES = 'expected a device preset: one of "datacenter-gpu", "server-cpu", "raspberry-pi-4", "smartphone", "cortex-m4", "v100", "a100", "h100", "phone-soc", "none"';

// workers.device is on line 4, its key at column 11
const BASE = `name: base
schemes:
  - { name: dense, uplink: { compressor: { kind: identity } } }
workers: {device: nope-device, count: 4}
training: { iterations: 5 }
`;

describe('error positions through extends', () => {
  it('reports a bad value defined only in the base at the base file, line and column', () => {
    const d = folder({ 'base.yaml': BASE, 'child.yaml': 'extends: base.yaml\nname: child\n' });
    const e = scenarioError(() => loadScenario(join(d, 'child.yaml')));
    expect(e.file).toBe(join(d, 'child.yaml'));
    expect(e.problems).toEqual([expect.objectContaining({ path: 'workers.device', file: join(d, 'base.yaml'), line: 4, col: 11 })]);
    expect(e.message).toBe(`${join(d, 'base.yaml')}:4:11: workers.device: ${DEVICES}, given "nope-device"`);
  });

  it('reports a field the child overrides (badly) at the child, even when the base value is bad too', () => {
    const d = folder({ 'base.yaml': BASE, 'child.yaml': 'extends: base.yaml\nname: child\nworkers:\n  device: still-nope\n' });
    const e = scenarioError(() => loadScenario(join(d, 'child.yaml')));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatchObject({ path: 'workers.device', given: '"still-nope"', line: 4, col: 3 });
    expect(e.problems[0]).not.toHaveProperty('file');
    expect(e.message).toBe(`${join(d, 'child.yaml')}:4:3: workers.device: ${DEVICES}, given "still-nope"`);
  });

  it('reports a base value at the base when the child overrides other fields of the same mapping', () => {
    const d = folder({ 'base.yaml': BASE, 'child.yaml': 'extends: base.yaml\nworkers: { count: 2 }\n' });
    expect(scenarioError(() => loadScenario(join(d, 'child.yaml'))).message).toBe(`${join(d, 'base.yaml')}:4:11: workers.device: ${DEVICES}, given "nope-device"`);
  });

  it('reports an unknown key in the base at the base', () => {
    const d = folder({
      'base.yaml': BASE.replace('device: nope-device', 'cuont: 3'),
      'child.yaml': 'extends: base.yaml\nname: child\nworkers: { count: 2 }\n',
    });
    const e = scenarioError(() => loadScenario(join(d, 'child.yaml')));
    expect(e.problems).toEqual([expect.objectContaining({ path: 'workers.cuont', hint: 'did you mean "count"?', file: join(d, 'base.yaml'), line: 4, col: 11 })]);
    expect(e.message).toMatch(new RegExp(`^${join(d, 'base.yaml')}:4:11: workers\\.cuont: expected one of the fields "count"`));
  });

  it('follows a chain to the file that defines the field, and lists replace rather than merge', () => {
    const d = folder({
      'root.yaml': BASE.replace('nope-device', 'server-cpu') + 'server: { device: nope-server }\n',
      'mid.yaml': 'extends: root.yaml\nschemes:\n  - name: a\n    uplink: { compressor: { kind: topk, ratio: 2 } }\n',
      'child.yaml': 'extends: mid.yaml\nname: child\n',
    });
    const e = scenarioError(() => loadScenario(join(d, 'child.yaml')));
    expect(e.problems).toEqual([expect.objectContaining({ path: 'schemes[0].uplink.compressor.ratio', file: join(d, 'mid.yaml'), line: 4, col: 41 })]);
    // mid's list replaces root's: a field missing from mid's element is placed there, not at root's element that has it
    const replaced = folder({
      'root.yaml': BASE.replace('nope-device', 'server-cpu'),
      'mid.yaml': 'extends: root.yaml\nschemes:\n  - uplink: { compressor: { kind: identity } }\n',
      'child.yaml': 'extends: mid.yaml\nname: child\n',
    });
    expect(scenarioError(() => loadScenario(join(replaced, 'child.yaml'))).problems).toEqual([expect.objectContaining({ path: 'schemes[0].name', file: join(replaced, 'mid.yaml'), line: 3, col: 5 })]);
    const fixed = folder({
      'root.yaml': BASE.replace('nope-device', 'server-cpu') + 'server: { device: nope-server }\n',
      'mid.yaml': 'extends: root.yaml\n',
      'child.yaml': 'extends: mid.yaml\nname: child\n',
    });
    expect(scenarioError(() => loadScenario(join(fixed, 'child.yaml'))).problems).toEqual([expect.objectContaining({ path: 'server.device', file: join(fixed, 'root.yaml'), line: 6, col: 11 })]);
  });

  it('places a missing field at the scenario itself', () => {
    const d = folder({ 'base.yaml': 'workers: { count: 2 }\n', 'child.yaml': '# no name anywhere\nextends: base.yaml\n' });
    const e = scenarioError(() => loadScenario(join(d, 'child.yaml')));
    expect(e.problems.find((p) => p.path === 'name')).toMatchObject({ line: 2, col: 1 });
    expect(e.problems.find((p) => p.path === 'name')).not.toHaveProperty('file');
  });

  it('keeps positions in a single file as they were', () => {
    const e = scenarioError(() => parseScenario(BASE, 'one.yaml'));
    expect(e.message).toBe(`one.yaml:4:11: workers.device: ${DEVICES}, given "nope-device"`);
  });

  it('exposes the merged input and where each field is written', () => {
    const d = folder({ 'base.yaml': BASE, 'child.yaml': 'extends: base.yaml\nname: child\nworkers: { count: 2 }\n' });
    const input = readScenarioInput(join(d, 'child.yaml'));
    expect(input.raw).toMatchObject({ name: 'child', workers: { device: 'nope-device', count: 2 }, training: { iterations: 5 } });
    expect(input.raw).not.toHaveProperty('extends');
    expect(input.position(['workers', 'count'])).toEqual({ line: 3, col: 12 });
    expect(input.position(['workers', 'device'])).toEqual({ file: join(d, 'base.yaml'), line: 4, col: 11 });
    expect(input.position(['workers', 'batchSize'])).toBeUndefined();
    expect(input.locate({ path: 'workers.batchSize', expected: '', given: '' })).toMatchObject({ line: 3, col: 1 });
  });
});
