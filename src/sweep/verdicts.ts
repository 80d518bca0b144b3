import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../run/results.js';
import { ResultFileError, RUN_FILES, SWEEP_FILES, SWEEP_LEAD_FORMAT, SummarySchema, VERDICT_FORMAT, columnNames, readJsonFile, type VerdictJson, type VerdictRow } from '../results/index.js';
import { csvCell, paramCell, pointCells } from './csv.js';
import { SweepInputError, sweepMessages } from './messages.js';
import { FINISHED, RUNS_DIR, type SweepManifest } from './layout.js';

/**
 * Write verdict.csv (atomically) when any finished point has a verdict (a
 * scenario with a stopping target): one row per point × scheme, in the
 * point's ranking order, from each point's own summary.json — who reached
 * the target first at every point of the sweep, and at what cost against the
 * baseline. Nothing is written without a target. Columns: VERDICT_FORMAT.
 */
export function writeSweepVerdicts(outDir: string, manifest: SweepManifest, verdicts: ReadonlyMap<string, VerdictJson | undefined>): void {
  const params = manifest.parameters.filter((p) => p !== 'seed');
  const lines: string[] = [];
  for (const p of manifest.points) {
    const verdict = FINISHED.has(p.status) ? verdicts.get(p.id) : undefined;
    if (verdict === undefined) continue;
    const prefix = pointCells(p, params);
    verdict.ranking.forEach((e, i) => {
      const row: VerdictRow = {
        target: verdict.target,
        winner: verdict.winner,
        scheme: e.scheme,
        rank: e.reached ? i + 1 : null,
        reached: e.reached,
        iteration: e.iteration,
        time_s: e.time_s,
        wire_bytes: e.wire_bytes,
        packets: e.packets,
        energy_j: e.energy_j,
        speedup: e.speedup,
        bytes_ratio: e.bytes_ratio,
        packets_ratio: e.packets_ratio,
        energy_ratio: e.energy_ratio,
        best_loss: e.best_loss,
        best_accuracy: e.best_accuracy,
      };
      lines.push([...prefix, ...VERDICT_FORMAT.map((c) => paramCell(row[c.name]))].map(csvCell).join(','));
    });
  }
  if (lines.length === 0) return;
  const header = [...columnNames(SWEEP_LEAD_FORMAT), ...params, ...columnNames(VERDICT_FORMAT)].map(csvCell).join(',');
  writeAtomic(join(outDir, SWEEP_FILES.verdict), `${header}\n${lines.join('\n')}\n`);
}

/** A finished point's verdict (undefined: no target, or an older run without one); a summary.json that does not parse is refused. */
export function pointVerdict(outDir: string, id: string): VerdictJson | undefined {
  const file = join(outDir, RUNS_DIR, id, RUN_FILES.summary);
  if (!existsSync(file)) return undefined;
  try {
    return readJsonFile(file, SummarySchema).verdict;
  } catch (e) {
    if (e instanceof ResultFileError) throw new SweepInputError(sweepMessages.badRunFile(outDir, id, RUN_FILES.summary, e.problem));
    throw e;
  }
}
