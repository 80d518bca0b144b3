import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The CLI as a user runs it: the compiled entry point (`npm test` builds first).
const CLI = join(import.meta.dirname, '../../../dist/src/cli/main.js');
const gradwire = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('gradwire validate', () => {
  it('checks every file given, reports each (ok, or its problems), and exits 2 if any failed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradwire-validate-'));
    const scheme = 'schemes:\n  - name: dense\n    uplink: { compressor: { kind: identity } }\n';
    const good = join(dir, 'good.yaml');
    const badCount = join(dir, 'bad-count.yaml');
    const badSweep = join(dir, 'bad-sweep.yaml');
    writeFileSync(good, `name: good\n${scheme}`);
    writeFileSync(badCount, `name: bad\nworkers: { count: 0 }\n${scheme}`);
    // valid as a scenario; one swept value is not
    writeFileSync(badSweep, `name: bad-sweep\n${scheme}sweep:\n  grid:\n    workers.count: [2, -1]\n`);
    const r = gradwire('validate', badCount, good, badSweep);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe(`${good}: ok\n`);
    expect(r.stderr).toContain(`${badCount}:2:12: workers.count: expected a whole number > 0, given number 0`);
    expect(r.stderr).toContain(`${badSweep}:7:5: workers.count: expected a whole number > 0, given number -1; in sweep point 2 of 2`);
    expect(r.stderr).toContain(`2 of 3 scenario files failed validation: ${badCount}, ${badSweep}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);

    const ok = gradwire('validate', good, good);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(`${good}: ok\n${good}: ok\n`);
  });
});
