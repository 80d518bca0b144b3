import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCompareRuns } from '../../reports/compare-runs.js';

// `gradwire compare` as a user runs it: the compiled entry point (`npm test` builds first).
const CLI = join(import.meta.dirname, '../../../dist/src/cli/main.js');

function gradwire(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

describe('gradwire compare', () => {
  let root: string;
  let runs: string[];
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gradwire-cli-compare-'));
    runs = await makeCompareRuns(root);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes the comparison page of two run directories', () => {
    const out = join(root, 'cmp');
    const r = gradwire('compare', ...runs, '--out', out, '--no-images');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(join(out, 'index.html'));
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('Comparison: two-workers vs four-workers');
    expect(existsSync(join(out, 'charts', 'compare-loss-vs-time.vl.json'))).toBe(true);
    expect(existsSync(join(out, 'charts', 'compare-loss-vs-time.svg'))).toBe(false);
  });

  const bad = (args: string[], message: RegExp) => {
    const r = gradwire('compare', ...args);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(r.stderr).not.toMatch(/internal error/);
  };

  it('exits 2 with fewer than two directories, naming it', () => {
    bad([runs[0]!, '--out', join(root, 'x')], new RegExp(`at least two run directories, got 1 \\(${runs[0]}\\)`));
  });

  it('exits 2 on a directory without result files, naming it', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty, { recursive: true });
    bad([runs[0]!, empty, '--out', join(root, 'x')], new RegExp(`${empty} is not a run directory: metrics\\.csv not found`));
    bad([runs[0]!, join(root, 'missing'), '--out', join(root, 'x')], new RegExp(`${join(root, 'missing')}: no such run directory`));
  });

  it('exits 2 on two directories of the same name, naming both', () => {
    bad([runs[0]!, runs[0]!, '--out', join(root, 'x')], new RegExp(`two runs named "two-workers": ${runs[0]} and ${runs[0]}`));
  });

  it('exits 2 without --out', () => {
    bad([...runs], /required option '-o, --out <dir>' not specified/);
  });

  it('is also `gradwire report` of several run directories, which then needs --out', () => {
    const out = join(root, 'via-report');
    const r = gradwire('report', ...runs, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Comparison: two-workers vs four-workers');
    const r2 = gradwire('report', ...runs);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/report of 2 directories compares them: give the comparison's directory with --out <dir>/);
    const r3 = gradwire('report', runs[0]!, join(root, 'empty-too'), '--out', out);
    expect(r3.status).toBe(2);
    expect(r3.stderr).toContain(`${join(root, 'empty-too')}: no such run directory`);
  });
});
