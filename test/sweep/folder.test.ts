import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../temp-dirs.js';
import { readFinishedPoint, readManifest } from '../../src/sweep/folder.js';
import { SweepInputError } from '../../src/sweep/messages.js';
import { sweepProgress } from '../../src/sweep/status.js';
import { pointVerdict } from '../../src/sweep/verdicts.js';

// The files a sweep reads back (sweep.json, runs/<id>/point.json and summary.json, .partial/owner.json and
// failed/<id>.json) are parsed with their schemas: a file that is not what it should be is refused with the
// field, what was expected and what was given, or (a point's own files) treated as not there.

const tmp = tempDirs('gradwire-folder-');

const point = (index: number, status: string, extra: object = {}) => ({ index, id: `p${index}`, run: 0, seed: index + 1, params: { 'workers.count': index + 2 }, status, ...extra });
const manifest = (extra: object = {}) => ({
  scenario: 'progress',
  sweep: 'abc123',
  total: 2,
  shard: null,
  parameters: ['workers.count'],
  points: [point(0, 'completed'), point(1, 'pending')],
  ...extra,
});

/** A folder holding sweep.json with `json` (a string as it is, anything else as JSON). */
function folderWith(json: unknown): string {
  const dir = tmp();
  writeFileSync(join(dir, 'sweep.json'), typeof json === 'string' ? json : JSON.stringify(json));
  return dir;
}

/** The message readManifest refuses a folder with; undefined if it reads it. */
function refusal(dir: string): string | undefined {
  try {
    readManifest(dir);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(SweepInputError);
    return (e as Error).message;
  }
}
const notASweep = (dir: string, reason: string) => `${dir}: not a sweep output folder (${reason}); give folders written by \`gradwire sweep --out\``;

describe('readManifest: sweep.json parsed with its schema', () => {
  it('reads a manifest as written, and takes a missing shard for a whole sweep', () => {
    const m = readManifest(folderWith(manifest()));
    expect([m.scenario, m.sweep, m.total, m.shard, m.points.map((p) => p.status)]).toEqual(['progress', 'abc123', 2, null, ['completed', 'pending']]);
    const { shard: _, ...noShard } = manifest();
    expect(readManifest(folderWith(noShard)).shard).toBeNull();
    expect(readManifest(folderWith(manifest({ shard: '2/4' }))).shard).toBe('2/4');
  });

  it('names the field, what was expected and what was given', () => {
    const wrongType = folderWith(manifest({ total: '2' }));
    expect(refusal(wrongType)).toBe(notASweep(wrongType, 'sweep.json: total: expected a finite number, given "2"'));
    const badStatus = folderWith(manifest({ points: [point(0, 'completed'), point(1, 'done')] }));
    expect(refusal(badStatus)).toBe(notASweep(badStatus, 'sweep.json: points[1].status: expected one of "completed", "diverged", "failed", "pending", "other-shard", given "done"'));
    const { sweep: _, ...older } = manifest();
    const noId = folderWith(older);
    expect(refusal(noId)).toBe(notASweep(noId, "sweep.json: sweep: expected the sweep's id, given nothing (a sweep of an older gradwire)"));
    const listTop = folderWith([1, 2]);
    expect(refusal(listTop)).toBe(notASweep(listTop, 'sweep.json: (top level): expected a mapping, given [1, 2]'));
  });

  it('refuses a point list shorter than the sweep, and a file that is not JSON', () => {
    const truncated = folderWith(manifest({ total: 3 }));
    expect(refusal(truncated)).toBe(notASweep(truncated, 'sweep.json: points: expected a complete point list of 3, given 2'));
    const cut = folderWith(JSON.stringify(manifest()).slice(0, 60));
    expect(refusal(cut)).toMatch(/not a sweep output folder \(sweep\.json: expected JSON, given text that is not \(.*JSON/);
    expect(refusal(tmp())).toMatch(/not a sweep output folder \(sweep\.json: not found\)/);
  });
});

/** A folder with runs/<id>/<name> holding `json` (a string as it is, anything else as JSON). */
function runFile(dir: string, id: string, name: string, json: unknown): void {
  mkdirSync(join(dir, 'runs', id), { recursive: true });
  writeFileSync(join(dir, 'runs', id, name), typeof json === 'string' ? json : JSON.stringify(json));
}

describe('readFinishedPoint: a run folder counts only with a point.json of a finished point', () => {
  it('reads a finished point (the extra backend field dropped)', () => {
    const dir = tmp();
    runFile(dir, 'p0', 'point.json', { ...point(0, 'diverged', { schemes: { dense: 'diverged' } }), backend: 'cpu' });
    expect(readFinishedPoint(dir, 'p0')).toEqual({ index: 0, id: 'p0', run: 0, seed: 1, params: { 'workers.count': 2 }, status: 'diverged', schemes: { dense: 'diverged' } });
  });

  it('is undefined for a bad status, a field of the wrong type, another id, an unfinished point, broken JSON or no file', () => {
    const dir = tmp();
    runFile(dir, 'a', 'point.json', { ...point(0, 'done'), id: 'a' });
    runFile(dir, 'b', 'point.json', { ...point(0, 'completed'), id: 'b', seed: 'one' });
    runFile(dir, 'c', 'point.json', { ...point(0, 'completed'), id: 'x' });
    runFile(dir, 'd', 'point.json', { ...point(0, 'failed'), id: 'd' });
    runFile(dir, 'e', 'point.json', '{"index": 0, "id": "e", "run');
    for (const id of ['a', 'b', 'c', 'd', 'e', 'none']) expect(readFinishedPoint(dir, id), id).toBeUndefined();
    // the same record with a finished status is read: the fields above are what made the difference
    runFile(dir, 'f', 'point.json', { ...point(0, 'completed'), id: 'f' });
    expect(readFinishedPoint(dir, 'f')?.status).toBe('completed');
  });
});

describe("pointVerdict: a finished point's summary.json parsed with its schema", () => {
  const summary = (extra: object = {}) => ({ scenario: { name: 'progress' }, seed: 1, backend: 'cpu', schemes: [], ...extra });
  const verdict = { target: 'loss ≤ 0.5', baseline: 'dense', winner: null, ranking: [], sentence: 'No scheme reached loss ≤ 0.5.' };

  it('gives the verdict, or undefined without one (or without a summary)', () => {
    const dir = tmp();
    runFile(dir, 'p0', 'summary.json', summary({ verdict }));
    runFile(dir, 'p1', 'summary.json', summary());
    expect(pointVerdict(dir, 'p0')).toEqual(verdict);
    expect(pointVerdict(dir, 'p1')).toBeUndefined();
    expect(pointVerdict(dir, 'p2')).toBeUndefined();
  });

  it('refuses a summary that is not one, naming the point, the field and the value', () => {
    const dir = tmp();
    runFile(dir, 'p0', 'summary.json', summary({ verdict: { ...verdict, winner: 3 } }));
    expect(() => pointVerdict(dir, 'p0')).toThrow(
      new SweepInputError(`${dir}: runs/p0/summary.json is not a run's summary.json (verdict.winner: expected a text or null, given number 3); delete runs/p0/ and run the sweep again with --resume`),
    );
    runFile(dir, 'p1', 'summary.json', '{"scenario": ');
    expect(() => pointVerdict(dir, 'p1')).toThrow(/runs\/p1\/summary\.json is not a run's summary\.json \(.*JSON.*\); delete runs\/p1\//);
  });
});

describe('sweep --status: .partial/ files parsed with their schemas', () => {
  it('knows no owner from an owner file of the wrong shape, and skips failure records that are not {id, error}', () => {
    const dir = folderWith(manifest({ points: [point(0, 'pending'), point(1, 'pending')] }));
    mkdirSync(join(dir, '.partial', 'failed'), { recursive: true });
    // this process, so the owner would be alive if its record were read
    writeFileSync(join(dir, '.partial', 'owner.json'), JSON.stringify({ host: hostname(), pid: String(process.pid), started: '2026-01-01T00:00:00Z' }));
    writeFileSync(join(dir, '.partial', 'failed', 'p0.json'), JSON.stringify({ id: 0, error: 'boom' }));
    writeFileSync(join(dir, '.partial', 'failed', 'p1.json'), JSON.stringify({ id: 'p1', error: 'out of memory' }));
    const p = sweepProgress([dir]);
    expect(p.folders[0]!.owner).toBeUndefined();
    expect(p.folders[0]!.state).toBe('stopped');
    expect(p.points.map((x) => [x.id, x.progress, x.error])).toEqual([
      ['p0', 'pending', undefined],
      ['p1', 'failed', 'out of memory'],
    ]);
    // with the pid a number, the same owner file is read and the folder runs
    writeFileSync(join(dir, '.partial', 'owner.json'), JSON.stringify({ host: hostname(), pid: process.pid, started: '2026-01-01T00:00:00Z' }));
    const running = sweepProgress([dir]).folders[0]!;
    expect([running.state, running.owner?.pid, running.owner?.started]).toEqual(['running', process.pid, '2026-01-01T00:00:00Z']);
  });
});
