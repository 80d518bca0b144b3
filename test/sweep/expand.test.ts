import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandSweepText, pointId, POINT_ID_LENGTH } from '../../src/sweep/expand.js';
import { axisWhere, describePoint, sweepMessages } from '../../src/sweep/messages.js';
import { parsePath } from '../../src/sweep/path.js';
import { scenarioError } from '../scenario/thrown.js';
import { tiny } from './fixtures.js';

const BASE = tiny(3, 'seed: 7\n');

const expand = (sweep: string, base = BASE) => expandSweepText(`${base}sweep:\n${sweep}`, 'tiny.yaml');

/** Two grid axes, a zip group of two, two seeds and two repetitions: 48 points. */
const GRID_ZIP_SEEDS_RUNS = `  grid:
    workers.count: [2, 4]
    schemes[topk].uplink.compressor.k: [2, 4, 8]
  zip:
    - training.learningRate: [5, 10]
      workers.batchSize: [8, 16]
  seeds: [1, 2]
  repetitions: 2
`;

describe('sweep expansion', () => {
  const sweep = expand(GRID_ZIP_SEEDS_RUNS);

  it('is grid × zip groups × seeds × repetitions, in canonical order (axes as written, last fastest; then seed; run index innermost)', () => {
    expect(sweep.points).toHaveLength(2 * 3 * 2 * 2 * 2);
    expect(sweep.parameters).toEqual(['workers.count', 'schemes[topk].uplink.compressor.k', 'training.learningRate', 'workers.batchSize']);
    const key = (i: number) => {
      const p = sweep.points[i]!;
      return [...Object.values(p.params), p.seed, p.run];
    };
    expect(key(0)).toEqual([2, 2, 5, 8, 1, 0]);
    expect(key(1)).toEqual([2, 2, 5, 8, 1, 1]);
    expect(key(2)).toEqual([2, 2, 5, 8, 2, 0]);
    expect(key(4)).toEqual([2, 2, 10, 16, 1, 0]);
    expect(key(8)).toEqual([2, 4, 5, 8, 1, 0]);
    expect(key(24)).toEqual([4, 2, 5, 8, 1, 0]);
    expect(key(47)).toEqual([4, 8, 10, 16, 2, 1]);
    expect(sweep.points.map((p) => p.index)).toEqual([...sweep.points.keys()]);
  });

  it('sets each value on the scenario, a scheme addressed by its name, and re-validates it (defaults filled, no sweep block)', () => {
    const p = sweep.points[47]!;
    expect(p.scenario.workers.count).toBe(4);
    expect(p.scenario.workers.batchSize).toBe(16);
    expect(p.scenario.training.learningRate).toBe(10);
    expect(p.scenario.schemes[1]!.uplink.compressor).toEqual({ kind: 'topk', k: 8, precision: 32 });
    expect(p.scenario.schemes[0]!.uplink.compressor).toEqual({ kind: 'identity', precision: 32 });
    expect(p.scenario.seed).toBe(2);
    expect(p.scenario.sweep).toBeUndefined();
    // resolved: every link lists every preset field it runs with
    expect(p.scenario.network.workerLink.set).toHaveProperty('bandwidthBps');
  });

  it('gives every point a short content id, stable across expansions and independent of how the file orders its keys', () => {
    const ids = sweep.points.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(new RegExp(`^[0-9a-f]{${POINT_ID_LENGTH}}$`));
    expect(expand(GRID_ZIP_SEEDS_RUNS).points.map((p) => p.id)).toEqual(ids);
    const reordered = `seed: 7
name: tiny
training: { learningRate: 10, iterations: 3 }
model: { features: 40, kind: logistic-regression, testSamples: 50, trainSamples: 200 }
workers: { batchSize: 8, count: 2 }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
  - name: topk
    uplink: { errorFeedback: true, compressor: { k: 4, kind: topk } }
`;
    const a = expand('  grid:\n    workers.count: [3]\n');
    const b = expand('  grid:\n    workers.count: [3]\n', reordered);
    expect(b.points[0]!.id).toBe(a.points[0]!.id);
    expect(pointId(a.points[0]!.scenario, 1)).not.toBe(a.points[0]!.id);
    expect(b.id).toBe(a.id);
  });

  it('addresses list elements by index, link preset fields by dotted path, and a whole mapping at once', () => {
    const s = expand(`  grid:
    schemes[0].uplink.compressor: [{ kind: randk, k: 3 }]
    network.workerLink.set.arq.packetErrorRate: [0.01]
    network.serverLink.set.bandwidthBps: [1.0e+8]
`);
    const p = s.points[0]!.scenario;
    expect(p.schemes[0]!.uplink.compressor).toMatchObject({ kind: 'randk', k: 3 });
    expect(p.network.workerLink.set['arq.packetErrorRate']).toBe(0.01);
    expect(p.network.serverLink.set.bandwidthBps).toBe(1e8);
    expect(parsePath('network.workerGroups[1].set.arq.maxRetries')).toEqual({
      ok: true,
      segments: [
        { kind: 'key', key: 'network' },
        { kind: 'key', key: 'workerGroups' },
        { kind: 'index', index: 1 },
        { kind: 'key', key: 'set' },
        { kind: 'key', key: 'arq.maxRetries' },
      ],
    });
    expect(parsePath('a..b').ok).toBe(false);
  });

  it('is one point for a scenario without a sweep block', () => {
    const s = expandSweepText(BASE, 'tiny.yaml');
    expect(s.points).toHaveLength(1);
    expect(s.points[0]).toMatchObject({ index: 0, run: 0, seed: 7, params: {} });
  });

  it('follows extends: swept paths address the merged input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradwire-sweep-extends-'));
    writeFileSync(join(dir, 'base.yaml'), BASE);
    writeFileSync(join(dir, 'child.yaml'), 'extends: base.yaml\nworkers: { count: 3 }\nsweep:\n  grid:\n    schemes[topk].uplink.compressor.k: [1, 2]\n');
    const s = expandSweepText('extends: base.yaml\nworkers: { count: 3 }\nsweep:\n  grid:\n    schemes[topk].uplink.compressor.k: [1, 2]\n', join(dir, 'child.yaml'));
    expect(s.points.map((p) => [p.scenario.workers.count, p.scenario.workers.batchSize, (p.scenario.schemes[1]!.uplink.compressor as { k: number }).k])).toEqual([
      [3, 8, 1],
      [3, 8, 2],
    ]);
  });
});

describe('a bad sweep through extends', () => {
  const folder = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'gradwire-sweep-extends-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };

  it('reports a bad value of the base at the base file, line and column', () => {
    const dir = folder({ 'base.yaml': BASE.replace('count: 2,', 'count: 2, device: nope-device,') });
    const e = scenarioError(() => expandSweepText('extends: base.yaml\nsweep:\n  grid:\n    workers.count: [2, 4]\n', join(dir, 'child.yaml')));
    expect(e.problems).toEqual([expect.objectContaining({ path: 'workers.device', file: join(dir, 'base.yaml'), line: 3, col: 22 })]);
    expect(e.message).toMatch(new RegExp(`^${join(dir, 'base.yaml')}:3:22: workers\\.device: expected a device preset`));
  });

  it('places a bad swept value at its sweep entry in the file that holds it', () => {
    const dir = folder({ 'base.yaml': `${BASE}sweep:\n  grid:\n    workers.count: [2, 0]\n` });
    const e = scenarioError(() => expandSweepText('extends: base.yaml\nname: child\n', join(dir, 'child.yaml')));
    expect(e.problems).toEqual([expect.objectContaining({ path: 'workers.count', file: join(dir, 'base.yaml'), line: 13, col: 5 })]);
    expect(e.message).toContain(`${join(dir, 'base.yaml')}:13:5: workers.count: expected a whole number > 0, given number 0; in sweep point 2 of 2`);
    // the child's own sweep entries stay at the child; the grids merge
    const own = scenarioError(() => expandSweepText('extends: base.yaml\nsweep:\n  grid:\n    workers.count: [2, 3]\n    training.learningRate: [1, 0]\n', join(dir, 'child.yaml')));
    expect(own.problems.map((p) => [p.path, p.line, p.col, (p as { file?: string }).file])).toEqual([['training.learningRate', 5, 5, undefined]]);
  });

  it('refuses to sweep extends itself', () => {
    const dir = folder({ 'base.yaml': BASE, 'other.yaml': BASE });
    const e = scenarioError(() => expandSweepText('extends: base.yaml\nsweep:\n  grid:\n    extends: [base.yaml, other.yaml]\n', join(dir, 'child.yaml')));
    expect(e.problems).toEqual([expect.objectContaining({ path: axisWhere('extends'), line: 4, col: 5 })]);
  });
});

describe('a bad sweep', () => {
  it('names the point and the path of a value that does not validate, at the line of its sweep entry', () => {
    const e = scenarioError(() => expand('  grid:\n    workers.count: [2, 0]\n'));
    expect(e.problems).toHaveLength(1);
    const [p] = e.problems;
    expect(p).toMatchObject({ path: 'workers.count', expected: 'a whole number > 0', given: 'number 0', line: BASE.split('\n').length + 2, col: 5 });
    expect(p!.hint).toBe(sweepMessages.inPoint(1, 2, 'workers.count = 0, run 0'));
    expect(e.message).toContain('tiny.yaml:13:5: workers.count: expected a whole number > 0, given number 0; in sweep point 2 of 2');
  });

  it('reports a semantic problem a swept value causes (k larger than d)', () => {
    const e = scenarioError(() => expand('  grid:\n    schemes[1].uplink.compressor.k: [4, 41]\n'));
    expect(e.problems.map((p) => [p.path, p.hint])).toEqual([['schemes[1].uplink.compressor.k', sweepMessages.inPoint(1, 2, 'schemes[1].uplink.compressor.k = 41, run 0')]]);
  });

  it('names an unknown scheme, an unknown field and an index past the end', () => {
    const unknown = sweepMessages.noSuchElement('schemes[topx].uplink.errorFeedback', 'schemes', 'topx', ['dense', 'topk']);
    expect(scenarioError(() => expand('  grid:\n    schemes[topx].uplink.errorFeedback: [true]\n')).problems[0]).toMatchObject({
      ...unknown,
      hint: `${unknown.hint}; ${sweepMessages.inPoint(0, 1, 'schemes[topx].uplink.errorFeedback = true, run 0')}`,
    });
    expect(scenarioError(() => expand('  grid:\n    workers.cuont: [3]\n')).message).toContain('workers.cuont: expected one of the fields "count"');
    expect(scenarioError(() => expand('  grid:\n    schemes[2].label: [x]\n')).problems[0]).toMatchObject({
      ...sweepMessages.indexOutOfRange('schemes[2].label', 'schemes', 2, 2),
      hint: sweepMessages.inPoint(0, 1, 'schemes[2].label = "x", run 0'),
    });
  });

  it('words a missing element, and a field on the way that is no list or mapping, as field: expected …, given …', () => {
    expect(scenarioError(() => expand('  grid:\n    schemes[topx].uplink.errorFeedback: [true]\n')).message).toContain(
      'schemes[topx].uplink.errorFeedback: expected an element of schemes named "dense" or "topk", given "topx"; did you mean "topk"?',
    );
    expect(sweepMessages.noSuchElement('schemes[a].b', 'schemes', 'a', [])).toMatchObject({ expected: 'a named element of schemes (it has none)', given: '"a"' });
    expect(sweepMessages.noSuchElement('s[a].b', 's', 'a', ['x', 'y', 'z'])).toMatchObject({ expected: 'an element of s named one of "x", "y", "z"' });
    expect(scenarioError(() => expand('  grid:\n    workers.count.x: [1]\n')).message).toContain('workers.count.x: expected a mapping at workers.count, given number 2');
    expect(scenarioError(() => expand('  grid:\n    workers[0]: [1]\n')).message).toContain('workers[0]: expected a list at workers, given a mapping with keys "count", "batchSize"');
  });

  it('describes a point the same way everywhere: values as JSON, a long one cut', () => {
    expect(describePoint({ 'workers.count': 8, 'schemes[1].label': 'top' }, 1, 0)).toBe('workers.count = 8, schemes[1].label = "top", seed 1, run 0');
    expect(describePoint({ label: 'x'.repeat(500) }, undefined, 2)).toBe(`label = "${'x'.repeat(119)}…", run 2`);
    expect(describePoint({ list: Array.from({ length: 100 }, (_, i) => i) }, 3, 0)).toMatch(/^list = \[0,1,2,.{100,}…, seed 3, run 0$/);
    expect(describePoint({ list: Array.from({ length: 100 }, (_, i) => i) }, 3, 0).length).toBeLessThan(150);
  });

  it('refuses zip groups of unequal length, malformed paths and repeated points', () => {
    expect(scenarioError(() => expand('  zip:\n    - workers.count: [2, 3]\n      seed: [1]\n')).problems[0]).toMatchObject(sweepMessages.zipLengths(0, { 'workers.count': 2, seed: 1 }));
    expect(scenarioError(() => expand('  grid:\n    "workers..count": [2]\n')).problems[0]!.path).toBe(axisWhere('workers..count'));
    expect(scenarioError(() => expand('  grid:\n    workers.count: [2, 2]\n')).problems[0]).toMatchObject(sweepMessages.duplicatePoints(0, 1, 2));
    expect(scenarioError(() => expand('  grid:\n    seed: [1, 2]\n  seeds: [3]\n')).problems[0]).toMatchObject(sweepMessages.seedSweptTwice(axisWhere('seed')));
  });
});
