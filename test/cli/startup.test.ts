import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Start-up (issue #13): a command loads only what it uses. Each case runs the built CLI under a
// loader hook (trace-loads.mjs) that lists every module the process loaded, ES and CommonJS alike;
// what a command may not load is checked by name, not by timing (`npm run bench -- startup` times it).
const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/src/cli/main.js');
const HOOK = join(import.meta.dirname, 'trace-loads.mjs');

/** The modules (file URLs and paths) `gradwire …args` loaded, and how it exited. */
function loadedBy(...args: string[]) {
  const trace = join(mkdtempSync(join(tmpdir(), 'gradwire-startup-')), 'loads.txt');
  const r = spawnSync(process.execPath, ['--import', HOOK, CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, GRADWIRE_TRACE_LOADS: trace },
  });
  return {
    status: r.status,
    stderr: r.stderr,
    modules: [
      ...new Set(
        readFileSync(trace, 'utf8')
          .split('\n')
          .filter((l) => l !== ''),
      ),
    ],
  };
}

/** The libraries no quick command needs: TensorFlow.js, Vega (and Vega-Lite), Arrow, and the sweep's worker pool. */
const HEAVY = /node_modules\/(@tensorflow\/|vega|apache-arrow\/|piscina\/)/;

const heavy = (modules: readonly string[]) => modules.filter((m) => HEAVY.test(m));

describe('gradwire start-up: a command loads only what it uses', () => {
  const quick: [string, string[], string][] = [
    ['presets', ['presets'], 'presets'],
    ['presets --describe', ['presets', '--describe', 'ethernet-1g-udp'], 'presets'],
    ['a one-packet transfer', ['transfer', '--preset', 'ethernet-1g-udp', '--bytes', '1000', '--fidelity', 'packet'], 'transfer'],
    ['a transfer with --set (YAML values)', ['transfer', '--preset', 'ethernet-1g-udp', '--bytes', '10000000', '--set', 'bandwidthBps=1e8'], 'transfer'],
    ['validate, a sweep file too', ['validate', 'scenarios/default.yaml', 'scenarios/studies/media.yaml'], 'validate'],
    ['explain', ['explain', 'training.learningRate'], 'explain'],
    ['schema', ['schema'], 'schema'],
  ];
  for (const [what, args, action] of quick) {
    it(`${what} never loads TensorFlow.js, Vega, Arrow or piscina`, () => {
      const r = loadedBy(...args);
      expect(r.status, r.stderr).toBe(0);
      expect(heavy(r.modules)).toEqual([]);
      // the trace saw the command run: its own action module is in it
      expect(r.modules.some((m) => m.endsWith(`/dist/src/cli/actions/${action}.js`))).toBe(true);
    });
  }

  it('presets and a transfer without --set load no YAML parser, zod or scenario schema either', () => {
    for (const args of [['presets'], ['transfer', '--preset', 'ethernet-1g-udp', '--bytes', '1000']]) {
      const r = loadedBy(...args);
      expect(r.status, r.stderr).toBe(0);
      expect(
        r.modules.filter((m) => /node_modules\/(yaml|zod)\/|\/dist\/src\/scenario\/schema\.js$/.test(m)),
        args.join(' '),
      ).toEqual([]);
    }
  });

  it('--help declares every command and runs none: no action module is loaded', () => {
    const r = loadedBy('--help');
    expect(r.status).toBe(0);
    expect(r.modules.some((m) => m.endsWith('/dist/src/cli/main.js'))).toBe(true);
    expect(r.modules.filter((m) => m.includes('/dist/src/cli/actions/'))).toEqual([]);
    expect(heavy(r.modules)).toEqual([]);
  });

  it('sees a heavy library when a command does load one (report loads Vega)', () => {
    // the check above would pass vacuously if the trace missed libraries; report on an empty folder loads Vega, then exits 2
    const r = loadedBy('report', mkdtempSync(join(tmpdir(), 'gradwire-startup-empty-')));
    expect(r.status).toBe(2);
    expect(r.modules.some((m) => m.includes('node_modules/vega/'))).toBe(true);
  });
});
