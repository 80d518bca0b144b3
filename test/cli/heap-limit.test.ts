import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The CLI as a user runs it: the compiled entry point (`npm test` builds first).
const CLI = join(import.meta.dirname, '../../dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'gradwire-heap-'));

function scenario(name: string, lines: string[]): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, [`name: ${name}`, ...lines, 'output: { report: false }', 'schemes:', '  - name: dense', '    uplink: { compressor: { kind: identity } }', ''].join('\n'));
  return file;
}

describe("V8's heap limit", () => {
  it('a run whose JS objects need more than this Node.js’s heap runs again in one with a larger heap', () => {
    // the runtime alone keeps ~70 MB of JS objects (140 MB with the collector's room): above a 64 MB old generation
    const file = scenario('small', ['workers: { count: 2, batchSize: 4 }', 'model: { kind: logistic-regression, features: 8, trainSamples: 64, testSamples: 16 }', 'training: { iterations: 3 }']);
    const out = join(dir, 'small-out');
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', CLI, 'run', file, '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const asked = Number(/running again with --max-old-space-size=(\d+)/.exec(r.stderr)?.[1]);
    expect(asked).toBeGreaterThan(64);
    // the child says what it got, which is what was asked (V8 adds its young generation on top)
    const got = /V8 heap limit: ([\d.]+) MB \(asked for (\d+) MB\)/.exec(r.stderr);
    expect(Number(got?.[2])).toBe(asked);
    expect(Number(got?.[1]) * 1e6).toBeGreaterThanOrEqual(asked * 2 ** 20);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
    // --dry-run says so, and runs nothing
    const dry = spawnSync(process.execPath, ['--max-old-space-size=64', CLI, 'run', file, '--dry-run'], { encoding: 'utf8' });
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^ +70\.0 MB\* runtime: JS heap/m);
    expect(dry.stdout).toMatch(new RegExp(`V8 heap: more than this process's .*: gradwire run restarts Node\\.js with --max-old-space-size=${asked}`));
  });

  it('one whose JS objects do not fit beside its typed arrays in the machine is refused before anything is written (exit 2)', () => {
    // 64 dense 4 MB uploads over 802.15.4 queue 2.2 M MAC frames (~463 MB of JS objects) beside 3.2 GB of typed arrays (data, time use over 3 hops):
    // at 3.8 GB the whole estimate (3.73 GB) fits, the heap it needs beside the typed arrays does not
    const file = scenario('heavy', [
      'network: { workerLink: { preset: ieee802154 }, serverLink: { preset: ethernet-1g-udp } }',
      'workers: { count: 64, batchSize: 4 }',
      'model: { kind: logistic-regression, features: 1000000, trainSamples: 256, testSamples: 16 }',
      'training: { iterations: 1 }',
    ]);
    const out = join(dir, 'heavy-out');
    for (const extra of [[], ['--dry-run']]) {
      const r = spawnSync(process.execPath, [CLI, 'run', file, '--out', out, '--max-memory', '3.8GB', ...extra], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/heavy\.yaml: the run keeps an estimated \d+ MB of JS objects, which need a V8 heap of at least \d+ MB .* the 3\.80 GB available leaves \d+ MB; nothing was run\./);
      expect(r.stderr).toContain('packets in flight (64 messages at once × 34483 packets, packet fidelity)');
      expect(r.stderr).toContain('workers.count (P = 64)');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    }
    // with the memory it needs, the same scenario is accepted
    const ok = spawnSync(process.execPath, [CLI, 'run', file, '--max-memory', '4GB', '--dry-run'], { encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`${file}: ok`);
  });
});
