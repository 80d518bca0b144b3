import { existsSync, readFileSync } from 'node:fs';
import { csvCell, paramCell } from './csv.js';
import { join } from 'node:path';
import { writeAtomic } from '../run/results.js';
import { RUN_FILES, SummarySchema, type VerdictJson } from '../results/index.js';
import { SweepInputError, issueText, sweepMessages } from './messages.js';
import { FINISHED, RUNS_DIR, type SweepManifest } from './layout.js';

/** verdict.csv's columns after the point's own (point, run, seed, swept parameters). */
const VERDICT_COLUMNS = [
  'target',
  'winner',
  'scheme',
  'rank',
  'reached',
  'iteration',
  'time_s',
  'wire_bytes',
  'packets',
  'energy_j',
  'speedup',
  'bytes_ratio',
  'packets_ratio',
  'energy_ratio',
  'best_loss',
  'best_accuracy',
] as const;

/**
 * Write verdict.csv (atomically) when any finished point has a verdict (a
 * scenario with a stopping target): one row per point × scheme, in the
 * point's ranking order, from each point's own summary.json — who reached
 * the target first at every point of the sweep, and at what cost against the
 * baseline. Nothing is written without a target.
 */
export function writeSweepVerdicts(outDir: string, manifest: SweepManifest, verdicts: ReadonlyMap<string, VerdictJson | undefined>): void {
  const params = manifest.parameters.filter((p) => p !== 'seed');
  const lines: string[] = [];
  for (const p of manifest.points) {
    const verdict = FINISHED.has(p.status) ? verdicts.get(p.id) : undefined;
    if (verdict === undefined) continue;
    const prefix = [p.id, String(p.run), String(p.seed), ...params.map((path) => paramCell(p.params[path]))];
    verdict.ranking.forEach((e, i) => {
      const values = [
        verdict.target,
        verdict.winner,
        e.scheme,
        e.reached ? i + 1 : null,
        e.reached,
        e.iteration,
        e.time_s,
        e.wire_bytes,
        e.packets,
        e.energy_j,
        e.speedup,
        e.bytes_ratio,
        e.packets_ratio,
        e.energy_ratio,
        e.best_loss,
        e.best_accuracy,
      ];
      lines.push([...prefix, ...values.map(paramCell)].map(csvCell).join(','));
    });
  }
  if (lines.length === 0) return;
  const header = ['point', 'run', 'seed', ...params, ...VERDICT_COLUMNS].map(csvCell).join(',');
  writeAtomic(join(outDir, 'verdict.csv'), `${header}\n${lines.join('\n')}\n`);
}

/** A finished point's verdict (undefined: no target, or an older run without one); a summary.json that does not parse is refused. */
export function pointVerdict(outDir: string, id: string): VerdictJson | undefined {
  const file = join(outDir, RUNS_DIR, id, RUN_FILES.summary);
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SweepInputError(sweepMessages.badRunFile(outDir, id, RUN_FILES.summary, (e as Error).message));
  }
  const parsed = SummarySchema.safeParse(json);
  if (!parsed.success) throw new SweepInputError(sweepMessages.badRunFile(outDir, id, RUN_FILES.summary, issueText(parsed.error.issues[0]!, json)));
  return parsed.data.verdict;
}
