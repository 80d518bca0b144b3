import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * A maker of fresh temporary folders named `<prefix><name>…` (name optional), all removed after the tests of
 * the file that calls it (or, called in a shared fixture module, of each test file that imports it).
 */
export function tempDirs(prefix: string): (name?: string) => string {
  const made = removedAfterAllOf();
  return (name = '') => {
    const d = mkdtempSync(join(tmpdir(), prefix + name));
    made.push(d);
    return d;
  };
}

/** Tracks folders made elsewhere (e.g. by a fixture's `mkdtemp`): `track(promise)` resolves to the folder and removes it after the file's tests. */
export function removedAfterAll(): (dir: Promise<string>) => Promise<string> {
  const made = removedAfterAllOf();
  return async (dir) => {
    const d = await dir;
    made.push(d);
    return d;
  };
}

/** A list whose folders are removed after the calling file's tests. */
function removedAfterAllOf(): string[] {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  return made;
}
