import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEVICE_PRESETS, computeTimeS } from '../../src/learn/devices.js';

const CLI = join(import.meta.dirname, '../../dist/src/cli/main.js');

describe('device: none — zero compute time, to isolate network time (issue #14, item 8)', () => {
  it('costs 0 s and 0 W for any FLOP count, and resolves and lists like any preset (last)', () => {
    const none = DEVICE_PRESETS.none!;
    expect('none' in DEVICE_PRESETS).toBe(true);
    expect(computeTimeS(none, 0)).toBe(0);
    expect(computeTimeS(none, 1e15)).toBe(0);
    expect(none.computeW).toBe(0);
    expect(none.selectSPerElement * 1e9).toBe(0);
    expect(Object.keys(DEVICE_PRESETS).at(-1)).toBe('none');
  });

  it('a run with workers and server on device none has compute time 0 in time.csv for every node and scheme', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradwire-none-'));
    const scenario = join(dir, 'none.yaml');
    writeFileSync(
      scenario,
      [
        'name: no-compute',
        'network: { topology: switch, workerLink: { preset: ethernet-1g-udp }, serverLink: { preset: ethernet-1g-udp } }',
        'workers: { count: 4, device: none, batchSize: 32 }',
        'server: { device: none }',
        'model: { kind: logistic-regression, features: 200, trainSamples: 800, testSamples: 200 }',
        'training: { iterations: 3, learningRate: 1 }',
        'schemes:',
        '  - { name: dense, uplink: { compressor: { kind: identity } } }',
        '  - { name: gtopk, kind: gtopk, uplink: { compressor: { kind: topk, ratio: 0.1 } } }',
        '',
      ].join('\n'),
    );
    const r = spawnSync(process.execPath, [CLI, 'run', scenario, '--out', join(dir, 'out'), '--no-report'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = join(dir, 'out');
    const rows = readFileSync(join(out, 'time.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const compute = rows.filter((c) => c[3] === 'compute');
    expect(compute.length).toBeGreaterThan(0);
    for (const c of compute) expect(Number(c[4]), c.join(',')).toBe(0);
    // the network still takes time: workers transmit
    expect(rows.some((c) => c[3] === 'transmit' && c[2] === 'worker' && Number(c[4]) > 0)).toBe(true);
    expect(new Set(compute.map((c) => c[0]))).toEqual(new Set(['dense', 'gtopk']));
  });
});
