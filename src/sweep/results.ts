import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Bool, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { writeAtomic } from '../run/results.js';
import { METRIC_COLUMNS, SWEEP_LEAD_FORMAT, SWEEP_VERDICT_FORMAT, columnNames, type VerdictJson } from '../results/index.js';
import type { ExpandedSweep } from './expand.js';
import { csvCell, paramCell } from './csv.js';
import { pointVerdict, writeSweepVerdicts } from './verdicts.js';

export * from './layout.js';
export { readFinishedPoint, readManifest } from './folder.js';
import { FINISHED, MANIFEST_FILE, RUNS_DIR, type PointRecord, type PointStatus, type SweepManifest } from './layout.js';

/** The manifest records of an expanded sweep, every point with the given status. */
export function pointRecords(sweep: ExpandedSweep, status: (index: number) => PointStatus): PointRecord[] {
  return sweep.points.map((p) => ({ index: p.index, id: p.id, run: p.run, seed: p.seed, params: p.params, status: status(p.index) }));
}

/**
 * Write sweep.json, sweep.csv and sweep.arrow of `outDir` (each atomically):
 * the tables hold every finished point's metrics rows in canonical point
 * order, so they do not depend on the order in which points finished.
 */
export function writeSweepOutputs(outDir: string, manifest: SweepManifest): void {
  const finished = manifest.points.filter((p) => FINISHED.has(p.status));
  // metrics.csv's first column, run_id, is the point id: the `point` column holds it once.
  const metricColumns = METRIC_COLUMNS.slice(1);
  // with a stopping target, each row also says the point's winner and its scheme's rank to the target (verdict.csv has the rest)
  const verdicts = new Map(finished.map((p) => [p.id, pointVerdict(outDir, p.id)]));
  const withVerdict = [...verdicts.values()].some((v) => v !== undefined);
  const header = [...SWEEP_LEAD, ...manifest.parameters.filter((p) => p !== 'seed'), ...metricColumns, ...(withVerdict ? VERDICT_ROW_COLUMNS : [])];
  const params = manifest.parameters.filter((p) => p !== 'seed');

  // sweep.csv is streamed (it can be large); the Arrow columns are gathered alongside.
  const columns = header.map(() => [] as unknown[]);
  mkdirSync(outDir, { recursive: true });
  const csvTmp = join(outDir, `.sweep.csv.${process.pid}.tmp`);
  const fd = openSync(csvTmp, 'w');
  try {
    writeSync(fd, `${header.map(csvCell).join(',')}\n`);
    for (const p of finished) {
      const text = readFileSync(join(outDir, RUNS_DIR, p.id, 'metrics.csv'), 'utf8');
      const lines = text.split('\n').filter((l) => l !== '');
      if (lines[0] !== METRIC_COLUMNS.join(',')) throw new Error(`${join(outDir, RUNS_DIR, p.id, 'metrics.csv')}: unexpected columns ${lines[0] ?? '(empty file)'}`);
      const prefix = [p.id, String(p.run), String(p.seed), ...params.map((path) => paramCell(p.params[path]))].map(csvCell).join(',');
      const out: string[] = [];
      const verdict = verdicts.get(p.id);
      const schemeAt = metricColumns.indexOf('scheme');
      for (const line of lines.slice(1)) {
        const [id, ...cells] = line.split(',');
        if (id !== p.id) throw new Error(`${join(outDir, RUNS_DIR, p.id, 'metrics.csv')}: run_id ${id} is not the point's id ${p.id}`);
        const extra = withVerdict ? verdictCells(verdict, cells[schemeAt]!) : [];
        out.push([prefix, ...cells, ...extra.map((v) => (v === null ? '' : csvCell(String(v))))].join(','));
        const row: unknown[] = [p.id, p.run, p.seed, ...params.map((path) => p.params[path] ?? null), ...cells.map((c, i) => metricValue(metricColumns[i]!, c)), ...extra];
        row.forEach((v, i) => columns[i]!.push(v));
      }
      if (out.length > 0) writeSync(fd, `${out.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(csvTmp, join(outDir, 'sweep.csv'));

  const vectors: Record<string, Vector> = {};
  header.forEach((name, i) => {
    vectors[name] = arrowVector(name, columns[i]!, i >= SWEEP_LEAD.length && i < SWEEP_LEAD.length + params.length);
  });
  writeAtomic(join(outDir, 'sweep.arrow'), tableToIPC(new Table(vectors), 'file'));
  writeSweepVerdicts(outDir, manifest, verdicts);
  writeManifest(outDir, manifest);
}

/** Write sweep.json alone (atomically): what a sweep writes as it starts, before the tables. */
export function writeManifest(outDir: string, manifest: SweepManifest): void {
  writeAtomic(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

function metricValue(column: string, cell: string): unknown {
  if (column === 'scheme') return cell;
  return cell === '' ? null : Number(cell);
}

/** sweep.csv's leading columns (point, run, seed) and its trailing columns when any point has a verdict. */
const SWEEP_LEAD = columnNames(SWEEP_LEAD_FORMAT);
const VERDICT_ROW_COLUMNS = columnNames(SWEEP_VERDICT_FORMAT);

/** The point's winner and the scheme's rank to the target (null: none, not reached, or no verdict). */
function verdictCells(verdict: VerdictJson | undefined, scheme: string): [string | null, number | null] {
  if (verdict === undefined) return [null, null];
  const rank = verdict.ranking.findIndex((e) => e.scheme === scheme && e.reached);
  return [verdict.winner, rank < 0 ? null : rank + 1];
}

/** Column types: point and scheme text, run and iteration Int32, seed Int32 (Float64 if too large), metrics Float64; a swept column numeric, boolean or else text. */
function arrowVector(name: string, values: unknown[], swept: boolean): Vector {
  let type: DataType;
  let data = values;
  if (swept) {
    const present = values.filter((v) => v !== null && v !== undefined);
    if (present.every((v) => typeof v === 'number')) type = new Float64();
    else if (present.every((v) => typeof v === 'boolean')) type = new Bool();
    else {
      type = new Utf8();
      data = values.map((v) => (v === null || v === undefined ? null : paramCell(v)));
    }
  } else if (name === 'point' || name === 'scheme' || name === 'target_winner') type = new Utf8();
  else if (name === 'run' || name === 'iteration' || name === 'target_rank') type = new Int32();
  else if (name === 'seed') type = values.every((v) => typeof v === 'number' && v <= 0x7fffffff) ? new Int32() : new Float64();
  else type = new Float64();
  return vectorFromArray(data, type);
}
