import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The CLI as a user runs it: the compiled entry point (`npm test` builds first).
const CLI = join(import.meta.dirname, '../../dist/src/cli/main.js');

function gradwire(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

describe('gradwire CLI', () => {
  it("is built, and executable as the package's bin (what npx gradwire runs)", () => {
    expect(existsSync(CLI), `missing ${CLI}: run "npm run build"`).toBe(true);
    expect(statSync(CLI).mode & 0o111).not.toBe(0);
    const bin = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).bin.gradwire;
    expect(join(import.meta.dirname, '../..', bin)).toBe(CLI);
  });

  it('prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
    const r = gradwire('--version');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('exits 2 when report is given a folder without result files, naming the missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradwire-cli-empty-'));
    const r = gradwire('report', dir);
    expect(r.status).toBe(2);
    // of several missing files, the first in reading order is named, every time
    expect(r.stderr).toMatch(new RegExp(`summary\\.json not found in run directory ${dir}`));
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('exits 2 on an unknown option, an unknown command or a missing argument', () => {
    for (const args of [['run', 'scenarios/default.yaml', '--bogus'], ['frobnicate'], ['run']]) {
      const r = gradwire(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/error: (unknown option|unknown command|missing required argument)/);
    }
  });

  it('stops a bad scenario before it starts: exit 2, file:line:col, field path, expected and given, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradwire-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\nworkers:\n  count: -3\nschemes:\n  - name: dense\n    uplink: { compressor: { kind: identity } }\n');
    const out = join(dir, 'out');
    const r = gradwire('run', file, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}:3:3: workers.count: expected a whole number > 0, given number -3`);
    expect(existsSync(out)).toBe(false);
  });

  it('logs plain progress lines when stderr is not a terminal, then the per-scheme outcome and --json summary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradwire-cli-run-'));
    const file = join(dir, 'small.yaml');
    writeFileSync(
      file,
      [
        'name: small',
        'workers: { count: 2, batchSize: 4 }',
        'model: { kind: logistic-regression, features: 8, trainSamples: 64, testSamples: 16 }',
        'training: { iterations: 20 }',
        'output: { report: false }',
        'schemes:',
        '  - name: dense',
        '    uplink: { compressor: { kind: identity } }',
        '  - name: topk',
        '    uplink: { compressor: { kind: topk, k: 2 }, errorFeedback: true }',
        '',
      ].join('\n'),
    );
    const r = gradwire('run', file, '--out', join(dir, 'out'), '--json', '--timing');
    expect(r.status).toBe(0);
    // --timing: the measured CPU split on stderr (never in the result files)
    expect(r.stderr).toMatch(/^timing \(CPU seconds, this process\): \d+\.\d\d s$/m);
    expect(r.stderr).toMatch(/^ {2}evaluation \(loss and output\.metrics, every \d+ iterations\) {2}\d+\.\d\d s {2}\d+ %$/m);
    expect(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')).not.toMatch(/cpu/i);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('['));
    expect(lines).toHaveLength(10); // one per tenth of 2 × 20 iterations
    expect(lines[0]).toBe('[4/40 iterations, 10 %] dense');
    expect(lines.at(-1)).toBe('[40/40 iterations, 100 %] topk');
    expect(JSON.parse(r.stdout).schemes.map((s: { name: string }) => s.name)).toEqual(['dense', 'topk']);
  });

  it('validates the bundled default scenario', () => {
    const r = gradwire('validate', join(import.meta.dirname, '../../scenarios/default.yaml'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/default\.yaml: ok/);
  });

  it('refuses every kind of broken scenario with exit 2, the file named, and nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradwire-broken-'));
    const ok = 'schemes:\n  - name: dense\n    uplink: { compressor: { kind: identity } }\n';
    const cases: Record<string, [string, RegExp]> = {
      'yaml-syntax': ['name: [unclosed\n', /expected valid YAML/],
      'unknown-key': [`name: x\nworkers: { cuont: 4 }\n${ok}`, /workers.cuont: .*did you mean "count"/],
      'wrong-type': [`name: x\nworkers: { count: eight }\n${ok}`, /workers.count: expected a whole number > 0, given "eight"/],
      'out-of-range': [`name: x\nworkers: { count: 0 }\n${ok}`, /workers.count: expected a whole number > 0, given number 0/],
      'unknown-preset': [`name: x\nnetwork: { workerLink: { preset: ethernet-1g-ud } }\n${ok}`, /did you mean "ethernet-1g-udp"/],
      composition: [`name: x\nschemes:\n  - name: r\n    kind: ring-allreduce\n    uplink: { compressor: { kind: topk, k: 2 } }\n`, /ring all-reduce sums dense chunks/],
      'extends-cycle': [`extends: extends-cycle.yaml\nname: x\n${ok}`, /extends: expected a chain of scenario files without a cycle/],
    };
    for (const [name, [text, message]] of Object.entries(cases)) {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, text);
      const out = join(dir, `out-${name}`);
      const r = gradwire('run', file, '--out', out);
      expect(r.status, name).toBe(2);
      expect(r.stderr, name).toContain(file);
      expect(r.stderr, name).toMatch(message);
      expect(existsSync(out), name).toBe(false);
    }
  });
});
