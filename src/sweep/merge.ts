import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SweepInputError, sweepMessages } from './messages.js';
import { FINISHED, PARTIAL_DIR, RUNS_DIR, readFinishedPoint, readManifest, writeSweepOutputs, type PointRecord, type SweepManifest } from './results.js';

/** How a merge ended. */
export interface MergeOutcome {
  readonly manifest: SweepManifest;
  /** Points no input had finished (a shard missing or unfinished). */
  readonly missing: readonly PointRecord[];
}

/**
 * Combine the output folders of a sweep's shards (or of interrupted
 * invocations) into `outDir`: every finished run folder is copied to
 * `<outDir>/runs/` (under .partial/, then renamed), and sweep.json, sweep.csv
 * and sweep.arrow are recomputed over all points in canonical order — so the
 * merge of shards 1/n … n/n equals the unsharded sweep. Every input must hold
 * the same sweep; a point finished in none of them stays `pending` (or
 * `failed` if some input failed it). A folder whose sweep was killed counts
 * with the runs it finished.
 */
export function mergeSweeps(inputs: readonly string[], outDir: string): MergeOutcome {
  const out = resolve(outDir);
  const dirs = inputs.map((d) => resolve(d));
  if (dirs.includes(out)) throw new SweepInputError(sweepMessages.mergeOutIsInput(out));
  const manifests = dirs.map((d) => readManifest(d));
  const first = manifests[0];
  if (first === undefined) throw new SweepInputError('merge needs at least one sweep output folder');
  manifests.forEach((m, i) => {
    if (m.sweep !== first.sweep) throw new SweepInputError(sweepMessages.differentSweeps(dirs[0]!, dirs[i]!));
  });

  const partial = join(out, PARTIAL_DIR);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  mkdirSync(join(out, RUNS_DIR), { recursive: true });

  const points: PointRecord[] = first.points.map((template) => {
    const base: PointRecord = { index: template.index, id: template.id, run: template.run, seed: template.seed, params: template.params, status: 'pending' };
    let failed: PointRecord | undefined;
    for (const [i, m] of manifests.entries()) {
      const r = m.points[template.index]!;
      if (r.status === 'other-shard') continue;
      // a folder whose sweep was killed still lists its unfinished points as pending in the sweep.json it
      // wrote at the start: a complete run folder counts all the same (runs/ only ever holds finished runs)
      const finished = readFinishedPoint(dirs[i]!, r.id);
      if (!finished && FINISHED.has(r.status)) throw new SweepInputError(sweepMessages.missingRun(dirs[i]!, r.id));
      if (!finished) {
        if (r.status === 'failed') failed ??= r;
        continue;
      }
      if (!readFinishedPoint(out, r.id)) {
        const tmp = mkdtempSync(join(partial, `${r.id}-`));
        cpSync(join(dirs[i]!, RUNS_DIR, r.id), tmp, { recursive: true });
        renameSync(tmp, join(out, RUNS_DIR, r.id));
      }
      return { ...base, status: finished.status, ...(finished.schemes ? { schemes: finished.schemes } : {}) };
    }
    return failed ? { ...base, status: 'failed', ...(failed.error !== undefined ? { error: failed.error } : {}) } : base;
  });

  const manifest: SweepManifest = { scenario: first.scenario, sweep: first.sweep, total: first.total, shard: null, parameters: first.parameters, points };
  writeSweepOutputs(out, manifest);
  rmSync(partial, { recursive: true, force: true });
  return { manifest, missing: points.filter((p) => !FINISHED.has(p.status)) };
}
