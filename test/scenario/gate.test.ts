import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/messages.js';

const dir = mkdtempSync(join(tmpdir(), 'gw-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The message of the ScenarioError `f` throws (fails if it throws anything else, or nothing). */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error('expected a ScenarioError, got none');
}

const SCHEMES = 'schemes:\n  - name: a\n    uplink: { compressor: { kind: identity } }\n';
const scenario = (workers: string, model = 'model: { kind: logistic-regression, features: 20, trainSamples: 800, testSamples: 100 }') => `name: g\nworkers: ${workers}\n${model}\n${SCHEMES}`;

describe('the scenario gate: what a run would refuse later, validation refuses now', () => {
  it('more workers than training samples (iid), naming the field and both numbers', () => {
    const text = refusal(() => parseScenario(scenario('{ count: 1000 }'), 'few.yaml'));
    expect(text).toMatch(/^few\.yaml:2:\d+: workers\.count: expected at most the 800 training samples.*given number 1000/);
  });

  it('a batch larger than the smallest worker’s share, for iid, shards and Dirichlet splits', () => {
    expect(refusal(() => parseScenario(scenario('{ count: 8, batchSize: 101 }'), 'b.yaml'))).toMatch(/workers\.batchSize: expected at most 100.*given number 101/);
    expect(refusal(() => parseScenario(scenario('{ count: 8, batchSize: 100, partition: { kind: shards, shardsPerWorker: 3 } }'), 'b.yaml'))).toMatch(
      /workers\.batchSize: expected at most 99.*shards split/,
    );
    expect(refusal(() => parseScenario(scenario('{ count: 100, partition: { kind: shards, shardsPerWorker: 9 } }'), 'b.yaml'))).toMatch(/shardsPerWorker.*given 100 × 9 = 900/);
    expect(refusal(() => parseScenario(scenario('{ count: 8, batchSize: 101, partition: { kind: dirichlet, alpha: 0.1 } }'), 'b.yaml'))).toMatch(
      /workers\.count: expected workers\.count × batch size ≤ the 800.*8 × 101 = 808/,
    );
    // at the limit they pass
    expect(() => parseScenario(scenario('{ count: 8, batchSize: 100, partition: { kind: dirichlet, alpha: 0.1 } }'), 'ok.yaml')).not.toThrow();
    expect(() => parseScenario(scenario('{ count: 8, batchSize: 100 }'), 'ok.yaml')).not.toThrow();
  });

  it('CAT’s common step (App. G) on a server’s downlink, which has no workers’ messages to combine', () => {
    const cat = (dir: string) =>
      `name: c\nworkers: { count: 2, batchSize: full }\nmodel: { kind: logistic-regression, features: 20, trainSamples: 200, testSamples: 50 }\ntraining: { learningRate: { kind: one-over-l } }\nschemes:\n  - name: c\n    ${dir}: { compressor: { kind: cat, variant: stochastic, step: common } }\n`;
    expect(refusal(() => parseScenario(cat('downlink'), 'c.yaml'))).toMatch(/^c\.yaml:\d+:\d+: schemes\[0\]\.downlink\.compressor\.step: expected "per-worker" on the downlink, given "common"/);
    expect(() => parseScenario(cat('uplink'), 'c.yaml')).not.toThrow();
  });

  it('MNIST sizes beyond the 10,000 digits shipped', () => {
    const text = refusal(() => parseScenario(scenario('{ count: 4 }', 'model: { kind: mnist-softmax, trainSamples: 9000, testSamples: 2000 }'), 'm.yaml'));
    expect(text).toMatch(/model\.trainSamples: expected trainSamples \+ testSamples ≤ 10000.*given 9000 \+ 2000/);
  });

  it('a YAML alias bomb is bad input naming the file, not a crash', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    'bcdefghi'.split('').forEach((c, i) => lines.push(`${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`));
    lines.push('name: bomb');
    expect(refusal(() => parseScenario(lines.join('\n'), 'bomb.yaml'))).toMatch(/^bomb\.yaml: .*alias bomb/);
  });

  it('never quotes a file that extends points at: neither its text nor its keys', () => {
    const secret = 'root:x:0:0:TOP-SECRET-LINE';
    writeFileSync(join(dir, 'passwd'), `${secret}\nother:line\n`);
    writeFileSync(join(dir, 'keys.yaml'), 'TOP_SECRET_KEY: 1\nname: x\n');
    writeFileSync(join(dir, 'a.yaml'), `extends: passwd\nname: a\n${SCHEMES}`);
    writeFileSync(join(dir, 'b.yaml'), `extends: keys.yaml\nname: b\n${SCHEMES}`);
    const a = refusal(() => loadScenario(join(dir, 'a.yaml')));
    expect(a).toMatch(/expected a YAML mapping.*given text \(\d+ characters\)/);
    expect(a).not.toMatch(/TOP-SECRET|other:line/);
    const b = refusal(() => loadScenario(join(dir, 'b.yaml')));
    expect(b).toMatch(/b\.yaml:1:\d+: extends: expected the path of another scenario file, given .*keys\.yaml, whose top level has 1 key\(s\) that are not scenario fields/);
    expect(b).not.toMatch(/TOP_SECRET_KEY/);
  });
});
