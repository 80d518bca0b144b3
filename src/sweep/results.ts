import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Bool, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { writeAtomic } from '../run/results.js';
import { METRICS_FORMAT, RUN_FILES, SWEEP_FILES, SWEEP_LEAD_FORMAT, SWEEP_VERDICT_FORMAT, columnNames, headerLine, type Column, type VerdictJson } from '../results/index.js';
import type { ExpandedSweep } from './expand.js';
import { csvCell, leadRow, paramCell, pointCells } from './csv.js';
import { pointVerdict, writeSweepVerdicts } from './verdicts.js';
import { describeValue } from '../text/value-words.js';
import { SweepInputError, sweepMessages } from './messages.js';

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
  const metricColumns = METRICS_FORMAT.slice(1);
  // with a stopping target, each row also says the point's winner and its scheme's rank to the target (verdict.csv has the rest)
  const verdicts = new Map(finished.map((p) => [p.id, pointVerdict(outDir, p.id)]));
  const withVerdict = [...verdicts.values()].some((v) => v !== undefined);
  const params = manifest.parameters.filter((p) => p !== 'seed');
  // each column's declaration (a swept path has none: its Arrow type comes from its values)
  const declared: (Column | undefined)[] = [...SWEEP_LEAD_FORMAT, ...params.map(() => undefined), ...metricColumns, ...(withVerdict ? SWEEP_VERDICT_FORMAT : [])];
  const header = [...columnNames(SWEEP_LEAD_FORMAT), ...params, ...columnNames(metricColumns), ...(withVerdict ? columnNames(SWEEP_VERDICT_FORMAT) : [])];

  // sweep.csv is streamed (it can be large); the Arrow columns are gathered alongside.
  const columns = header.map(() => [] as unknown[]);
  mkdirSync(outDir, { recursive: true });
  const csvTmp = join(outDir, `.${SWEEP_FILES.csv}.${process.pid}.tmp`);
  const fd = openSync(csvTmp, 'w');
  try {
    writeSync(fd, `${header.map(csvCell).join(',')}\n`);
    for (const p of finished) {
      const lines = metricsLines(outDir, p.id);
      const prefix = pointCells(p, params).map(csvCell).join(',');
      const lead = leadRow(p);
      const out: string[] = [];
      const verdict = verdicts.get(p.id);
      const schemeAt = metricColumns.findIndex((c) => c.name === 'scheme');
      for (const [n, line] of lines.slice(1).entries()) {
        const [id, ...cells] = line.split(',');
        const bad = (problem: string) => new SweepInputError(sweepMessages.badRunFile(outDir, p.id, RUN_FILES.metrics, `line ${n + 2}: ${problem}`));
        if (cells.length !== metricColumns.length) throw bad(`expected ${METRICS_FORMAT.length} cells, given ${cells.length + 1}`);
        if (id !== p.id) throw bad(`run_id: expected the point's id ${p.id}, given ${describeValue(id)}`);
        const extra = withVerdict ? verdictCells(verdict, cells[schemeAt]!) : [];
        out.push([prefix, ...cells, ...extra.map((v) => (v === null ? '' : csvCell(String(v))))].join(','));
        const row: unknown[] = [...SWEEP_LEAD_FORMAT.map((c) => lead[c.name]), ...params.map((path) => p.params[path] ?? null), ...cells.map((c, i) => cellValue(metricColumns[i]!, c)), ...extra];
        row.forEach((v, i) => columns[i]!.push(v));
      }
      if (out.length > 0) writeSync(fd, `${out.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(csvTmp, join(outDir, SWEEP_FILES.csv));

  const vectors: Record<string, Vector> = {};
  header.forEach((name, i) => {
    vectors[name] = arrowVector(declared[i], columns[i]!);
  });
  writeAtomic(join(outDir, SWEEP_FILES.arrow), tableToIPC(new Table(vectors), 'file'));
  writeSweepVerdicts(outDir, manifest, verdicts);
  writeManifest(outDir, manifest);
}

/**
 * The lines of a finished point's metrics.csv (the header first, checked against METRICS_FORMAT).
 * @throws SweepInputError naming the file: missing, unreadable or not this version's columns.
 */
function metricsLines(outDir: string, id: string): string[] {
  let text: string;
  try {
    text = readFileSync(join(outDir, RUNS_DIR, id, RUN_FILES.metrics), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new SweepInputError(sweepMessages.missingRunFile(outDir, id, RUN_FILES.metrics));
    throw new SweepInputError(sweepMessages.badRunFile(outDir, id, RUN_FILES.metrics, `cannot be read: ${(e as Error).message}`));
  }
  const lines = text.split('\n').filter((l) => l !== '');
  const header = headerLine(METRICS_FORMAT);
  if (lines[0] !== header)
    throw new SweepInputError(
      sweepMessages.badRunFile(outDir, id, RUN_FILES.metrics, `line 1: expected the columns ${header}, given ${lines[0] === undefined ? 'an empty file' : describeValue(lines[0])}`),
    );
  return lines;
}

/** A metrics.csv cell as its declared column's value (an empty cell of a non-text column null, as csvText writes null). */
function cellValue(column: Column, cell: string): string | number | boolean | null {
  switch (column.type) {
    case 'text':
      return cell;
    case 'text?':
      return cell === '' ? null : cell;
    case 'boolean':
      return cell === '' ? null : cell === 'true';
    case 'number':
    case 'number?':
    case 'integer':
    case 'integer?':
      return cell === '' ? null : Number(cell);
  }
}

/** Write sweep.json alone (atomically): what a sweep writes as it starts, before the tables. */
export function writeManifest(outDir: string, manifest: SweepManifest): void {
  writeAtomic(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The point's winner and the scheme's rank to the target (null: none, not reached, or no verdict). */
function verdictCells(verdict: VerdictJson | undefined, scheme: string): [string | null, number | null] {
  if (verdict === undefined) return [null, null];
  const rank = verdict.ranking.findIndex((e) => e.scheme === scheme && e.reached);
  return [verdict.winner, rank < 0 ? null : rank + 1];
}

/** The largest value of an Int32 column. */
const INT32_MAX = 0x7fffffff;

/**
 * An Arrow column of the declared type: text Utf8, a boolean Bool, a number
 * Float64, a whole number Int32 (Float64 when a value is not whole or does not fit, e.g. a
 * large seed); a swept column (no declaration) numeric, boolean or else text
 * by its values.
 */
function arrowVector(column: Column | undefined, values: unknown[]): Vector {
  const present = values.filter((v) => v !== null && v !== undefined);
  let type: DataType;
  let data = values;
  if (column === undefined) {
    if (present.every((v) => typeof v === 'number')) type = new Float64();
    else if (present.every((v) => typeof v === 'boolean')) type = new Bool();
    else {
      type = new Utf8();
      data = values.map((v) => (v === null || v === undefined ? null : paramCell(v)));
    }
  } else if (column.type === 'text' || column.type === 'text?') type = new Utf8();
  else if (column.type === 'boolean') type = new Bool();
  else if (column.type === 'integer' || column.type === 'integer?') type = present.every((v) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= INT32_MAX) ? new Int32() : new Float64();
  else type = new Float64();
  return vectorFromArray(data, type);
}
