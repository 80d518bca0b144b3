import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The compiled entry point, as `npm run bench -- <suite>` runs it (`npm test` builds first). Only a refusal is run here:
// a real suite takes minutes and its timings are not a test's business.
const BENCH = join(import.meta.dirname, '../../dist/src/bench/main.js');

describe('npm run bench -- <suite>', () => {
  it('refuses an unknown suite with exit 2, naming it and every known suite, before running any', () => {
    const r = spawnSync(process.execPath, [BENCH, 'engine-typo', 'engine'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('unknown bench suite "engine-typo"; known suites: engine, net, compress, sweep, scale, gradients, startup\n');
  });
});
