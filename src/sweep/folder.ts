import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ResultFileError, SweepManifestSchema, SweepPointSchema, readJsonFile, type SweepManifestJson } from '../results/index.js';
import { SweepInputError, sweepMessages } from './messages.js';
import { FINISHED, MANIFEST_FILE, POINT_FILE, RUNS_DIR, type PointRecord, type SweepManifest } from './layout.js';

/**
 * Reading a sweep output folder (layout.ts), without the table writers of
 * results.ts: `gradwire sweep --status` reads folders with this alone. Each
 * file is parsed with its schema (src/results), not cast.
 */

/** The point.json of a complete run folder `runs/<id>/`, or undefined if there is none (not run, not finished, or not a point record). */
export function readFinishedPoint(outDir: string, id: string): PointRecord | undefined {
  const file = join(outDir, RUNS_DIR, id, POINT_FILE);
  if (!existsSync(file)) return undefined;
  // a run folder that does not hold a finished point of this id is treated as not run: the point runs again
  let point: PointRecord;
  try {
    point = readJsonFile(file, SweepPointSchema);
  } catch (e) {
    if (e instanceof ResultFileError) return undefined;
    throw e;
  }
  return point.id === id && FINISHED.has(point.status) ? point : undefined;
}

/** Read a sweep output folder's sweep.json. */
export function readManifest(dir: string): SweepManifest {
  let m: SweepManifestJson;
  try {
    m = readJsonFile(join(dir, MANIFEST_FILE), SweepManifestSchema);
  } catch (e) {
    if (e instanceof ResultFileError) throw new SweepInputError(sweepMessages.notASweepDir(dir, `${MANIFEST_FILE}: ${e.problem}`));
    throw e;
  }
  // optional in the schema for older sweeps, which this version does not read: it needs the id and size
  if (m.sweep === undefined) throw new SweepInputError(sweepMessages.notASweepDir(dir, sweepMessages.olderManifest(MANIFEST_FILE, 'sweep')));
  if (m.total === undefined) throw new SweepInputError(sweepMessages.notASweepDir(dir, sweepMessages.olderManifest(MANIFEST_FILE, 'total')));
  if (m.points.length !== m.total) throw new SweepInputError(sweepMessages.notASweepDir(dir, sweepMessages.incompletePoints(MANIFEST_FILE, m.points.length, m.total)));
  // shard is written by every version that writes the sweep's id; null (a whole sweep) if a hand-made file leaves it out
  return { ...m, sweep: m.sweep, total: m.total, shard: m.shard ?? null };
}
