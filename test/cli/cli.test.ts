import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The CLI as a user runs it: the compiled entry point (`npm test` builds first).
const CLI = join(import.meta.dirname, '../../dist/src/cli/main.js');

function gradwire(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

describe('gradwire CLI', () => {
  it('is built', () => {
    expect(existsSync(CLI), `missing ${CLI}: run "npm run build"`).toBe(true);
  });

  it('stops a bad scenario before it starts: exit 2, file:line:col, field path, expected and given, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradwire-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\nworkers:\n  count: -3\nschemes:\n  - name: dense\n    uplink: { compressor: { kind: identity } }\n');
    const out = join(dir, 'out');
    const r = gradwire('run', file, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}:3:3: workers.count: expected a number > 0, given number -3`);
    expect(existsSync(out)).toBe(false);
  });

  it('validates the bundled default scenario', () => {
    const r = gradwire('validate', join(import.meta.dirname, '../../scenarios/default.yaml'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/default\.yaml: ok/);
  });
});
