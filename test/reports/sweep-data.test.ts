import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResultFileError } from '../../reports/result-file.js';
import { readSweep } from '../../reports/sweep-data.js';
import { tempDirs } from '../temp-dirs.js';

const tmp = tempDirs('gw-sweep-data-');
// The CLI as a user runs it: the compiled entry point (`npm test` builds first).
const CLI = join(import.meta.dirname, '../../dist/src/cli/main.js');

/** A sweep folder (it holds sweep.csv) whose sweep.json is `manifest`. */
function sweepWith(manifest: string): string {
  const dir = tmp();
  writeFileSync(join(dir, 'sweep.csv'), 'point,run,seed\n');
  writeFileSync(join(dir, 'sweep.json'), manifest);
  return dir;
}

const points = [{ index: 0, id: 'p0', run: 0, seed: 1, params: {}, status: 'finished' }];

describe('a sweep folder read by the report', () => {
  it('refuses a malformed sweep.json with a ResultFileError naming the file, the field, what was expected and what was given', async () => {
    const dir = sweepWith(JSON.stringify({ scenario: 's', parameters: [], points }));
    const read = readSweep(dir);
    await expect(read).rejects.toBeInstanceOf(ResultFileError);
    await expect(read).rejects.toThrow(`${join(dir, 'sweep.json')}: points[0].status: expected one of "completed", "diverged", "failed", "pending", "other-shard", given "finished"`);
    const cut = sweepWith('{"scenario": "s", "param');
    const cutMessage = await readSweep(cut).then(
      () => '',
      (e: unknown) => (e as Error).message,
    );
    expect(cutMessage.startsWith(`${join(cut, 'sweep.json')}: expected JSON, given text that is not (`)).toBe(true);
  });

  it('gradwire report on it exits 2 (bad input) with that message and no stack trace', () => {
    const dir = sweepWith(JSON.stringify({ scenario: 's', parameters: 'seed', points: [] }));
    const r = spawnSync(process.execPath, [CLI, 'report', dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toBe(`gradwire: ${join(dir, 'sweep.json')}: parameters: expected a list, given "seed"\n`);
  });
});
