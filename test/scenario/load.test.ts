import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { unknownField } from '../../src/text/problem-text.js';
import { describe, expect, it } from 'vitest';
import { parseScenario, loadScenario } from '../../src/scenario/load.js';
import { ScenarioError, formatProblem, scenarioMessages, type Problem } from '../../src/scenario/messages.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { loadSweep } from '../../src/sweep/expand.js';
import { LINK_PRESETS } from '../../src/net/index.js';
import { stringify } from 'yaml';

const MINIMAL = `name: t
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
`;

function problemsOf(text: string, file = 'bad.yaml'): readonly Problem[] {
  try {
    parseScenario(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).problems;
  }
  throw new Error('scenario was accepted');
}

describe('scenario validation', () => {
  it('accepts every bundled scenario, and every point of every bundled sweep', () => {
    const dir = join(import.meta.dirname, '../../scenarios');
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    let sweeps = 0;
    for (const f of files) {
      const file = join(dir, f);
      expect(() => loadScenario(file), f).not.toThrow();
      // loadSweep validates each expanded point (a swept value the schema refuses throws, naming the point)
      const { points } = loadSweep(file);
      const scenario = loadScenario(file);
      if (scenario.sweep === undefined) {
        expect(points, f).toHaveLength(1);
        continue;
      }
      sweeps++;
      const axes = [...Object.values(scenario.sweep.grid), ...scenario.sweep.zip.map((g) => Object.values(g)[0] ?? [])];
      const expected = axes.reduce((n, values) => n * values.length, 1) * (scenario.sweep.seeds?.length ?? 1) * scenario.sweep.repetitions;
      expect(points, f).toHaveLength(expected);
      // each point is a complete scenario that validates again as written (its run folder's scenario.resolved.yaml)
      for (const p of points) expect(() => parseScenario(stringify(p.scenario), `${f} point ${p.index}`), `${f} point ${p.index}`).not.toThrow();
    }
    expect(sweeps).toBeGreaterThanOrEqual(4); // scenarios/studies/*.yaml
  });

  it('fills every default', () => {
    const s = parseScenario(MINIMAL, 'min.yaml');
    expect(s.workers.count).toBe(8);
    expect(s.network.workerLink.preset).toBe('ethernet-1g-udp');
    expect(s.schemes[0]!.uplink.errorFeedback).toBe(false);
    expect(s.schemes[0]!.kind).toBe('parameter-server');
  });

  it('names file, line, column, field path, expected and given for a wrong type', () => {
    const text = MINIMAL + 'workers:\n  count: eight\n';
    const [p, ...rest] = problemsOf(text);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ path: 'workers.count', expected: 'a whole number > 0', given: '"eight"', line: 6, col: 3 });
    expect(formatProblem('bad.yaml', p!)).toBe('bad.yaml:6:3: workers.count: expected a whole number > 0, given "eight"');
  });

  it('suggests the intended field for an unknown key', () => {
    const [p] = problemsOf(MINIMAL + 'workers:\n  cuont: 4\n');
    expect(p).toMatchObject({ ...unknownField('workers', 'cuont', ['count', 'device', 'batchSize', 'partition', 'heterogeneity', 'distinctGradients']), line: 6, col: 3 });
    expect(p!.hint).toBe('did you mean "count"?');
  });

  it('suggests a known preset for a misspelt one', () => {
    const [p] = problemsOf(MINIMAL + 'network:\n  workerLink: { preset: ethernet-1g-ud }\n');
    expect(p).toEqual({
      ...scenarioMessages.unknownPreset('network.workerLink.preset', 'ethernet-1g-ud', 'link', Object.keys(LINK_PRESETS)),
      line: 6,
      col: 17,
    });
    expect(p!.hint).toBe('did you mean "ethernet-1g-udp"?');
  });

  it('explains an out-of-range number and an unknown compressor kind', () => {
    const text = `name: t
schemes:
  - name: a
    uplink: { compressor: { kind: topk, ratio: 1.5 } }
  - name: b
    uplink: { compressor: { kind: topq } }
`;
    const problems = problemsOf(text);
    expect(problems).toContainEqual(expect.objectContaining({ path: 'schemes[0].uplink.compressor.ratio', expected: 'a number in (0, 1]', given: 'number 1.5', line: 4 }));
    expect(problems).toContainEqual(
      expect.objectContaining({ path: 'schemes[1].uplink.compressor.kind', expected: 'one of "identity", "topk", "randk", "topk-sign", "stochastic", "qsgd", "cat", "alistarh", "regtopk"', line: 6 }),
    );
  });

  it('reports YAML syntax errors with their position', () => {
    const [p] = problemsOf('name: [unclosed\n');
    expect(p!.expected).toBe('valid YAML');
    expect(p!.line).toBeGreaterThanOrEqual(1);
  });

  it('reports a missing file by name', () => {
    expect(() => loadScenario('/nonexistent/x.yaml')).toThrow(/\/nonexistent\/x\.yaml: \(top level\): expected a readable scenario file/);
  });
});

describe('scenario resolution', () => {
  it('fills link numbers from presets without mutating its input', () => {
    const s = parseScenario(MINIMAL, 'min.yaml');
    const before = structuredClone(s);
    const r = resolveScenario(s);
    expect(s).toEqual(before);
    expect(r.network.workerLink.set['bandwidthBps']).toBe(1e9);
    expect(r.network.serverLink.set['latencyS']).toBe(LINK_PRESETS['ethernet-1g-udp']!.latencyS);
    expect(r.network.serverLink.set['framing.headers']).toEqual(LINK_PRESETS['ethernet-1g-udp']!.framing.headers);
  });

  it('writes a resolved scenario that loads back to itself', () => {
    const r = resolveScenario(parseScenario(MINIMAL + 'network:\n  workerLink: { preset: ethernet-10g-tcp, set: { latencyS: 2.0e-6 } }\n', 'x.yaml'));
    expect(r.network.workerLink.set['latencyS']).toBe(2e-6);
    expect(r.network.workerLink.set['bandwidthBps']).toBe(1e10);
    expect(parseScenario(stringify(r), 'resolved.yaml')).toEqual(r);
  });

  it('refuses an override of an unknown preset field, suggesting the right one', () => {
    const [p] = problemsOf(MINIMAL + 'network:\n  workerLink: { preset: ethernet-1g-udp, set: { bandwidthBsp: 1e8 } }\n');
    expect(p).toMatchObject({ path: 'network.workerLink.set.bandwidthBsp', given: 'unknown field "bandwidthBsp"', hint: 'did you mean "bandwidthBps"?' });
  });

  it('refuses an override of the wrong kind', () => {
    const [p] = problemsOf(MINIMAL + 'network:\n  serverLink: { set: { arq.maxRetries: "three" } }\n');
    expect(p).toMatchObject({ path: 'network.serverLink.set.arq.maxRetries', expected: 'a whole number ≥ 0 (count)', given: '"three"' });
  });

  it('re-derives a radio’s power profile from an overridden radio policy', () => {
    const r = resolveScenario(parseScenario(MINIMAL + 'network:\n  workerLink: { preset: ieee802154, set: { radioPolicy: off-between-transfers } }\n', 'x.yaml'));
    expect(r.network.workerLink.set['power.background']).toBe('idle');
  });

  it('lists the iterations cat.csv records when a scheme uses CAT: the first, middle and last by default', () => {
    const cat = (extra = '') => `name: c
training: { iterations: 9, learningRate: { kind: one-over-l } }
schemes:
  - name: cat
    downlink: { compressor: { kind: cat } }
${extra}`;
    const r = resolveScenario(parseScenario(cat(), 'c.yaml'));
    expect(r.output.catCurveIterations).toEqual([1, 5, 9]);
    expect(parseScenario(stringify(r), 'resolved.yaml')).toEqual(r);
    expect(resolveScenario(parseScenario(cat('output: { catCurveIterations: [4, 0] }'), 'c.yaml')).output.catCurveIterations).toEqual([4, 0]);
    expect(resolveScenario(parseScenario(MINIMAL, 'min.yaml')).output.catCurveIterations).toBeUndefined();
    const [p] = problemsOf(cat('output: { catCurveIterations: [1, 10] }'));
    expect(p).toMatchObject({ path: 'output.catCurveIterations[1]', expected: 'an iteration ≤ training.iterations (9)', given: 'number 10' });
    expect(problemsOf(cat('output: { catCurveIterations: [-1] }'))[0]).toMatchObject({ path: 'output.catCurveIterations[0]' });
  });

  it('refuses a link whose overridden fields contradict each other', () => {
    const [p] = problemsOf(MINIMAL + 'network:\n  workerLink: { preset: ieee802154, set: { arq.maxRetries: 5 } }\n');
    expect(p).toMatchObject({ path: 'network.workerLink.set', expected: 'a consistent ieee802154 link' });
    expect(p!.given).toContain('arq.maxRetries 5 differs from mac.macMaxFrameRetries 3');
  });
});
