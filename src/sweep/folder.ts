import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SweepInputError, sweepMessages } from './messages.js';
import { FINISHED, MANIFEST_FILE, POINT_FILE, RUNS_DIR, type PointRecord, type SweepManifest } from './layout.js';

/**
 * Reading a sweep output folder (layout.ts), without the table writers of
 * results.ts: `gradwire sweep --status` reads folders with this alone.
 */

/** The point.json of a complete run folder `runs/<id>/`, or undefined if there is none (not run, or not finished). */
export function readFinishedPoint(outDir: string, id: string): PointRecord | undefined {
  const file = join(outDir, RUNS_DIR, id, POINT_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as PointRecord;
    return record.id === id && FINISHED.has(record.status) ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Read a sweep output folder's sweep.json. */
export function readManifest(dir: string): SweepManifest {
  const file = join(dir, MANIFEST_FILE);
  let m: SweepManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as SweepManifest;
  } catch (e) {
    throw new SweepInputError(sweepMessages.notASweepDir(dir, `cannot read ${MANIFEST_FILE}: ${(e as Error).message}`));
  }
  if (typeof m.sweep !== 'string' || !Array.isArray(m.points) || m.points.length !== m.total) {
    throw new SweepInputError(sweepMessages.notASweepDir(dir, `${MANIFEST_FILE} has no complete point list`));
  }
  return m;
}
