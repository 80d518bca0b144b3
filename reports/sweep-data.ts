/**
 * Readers for a sweep directory: `sweep.json` (every point: id, params,
 * status), `sweep.csv` (point, run, seed, one column per swept path, then the
 * metrics.csv columns) and the run directories `runs/<pointId>/`, whose
 * `summary.json` gives time to target, the verdict and scheme labels, and whose `time.csv`
 * gives the workers' compute time. Only these files are read, never the sweep
 * module.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES, SWEEP_FILES, SummarySchema, SweepManifestSchema, readJsonFile, type SummaryJson, type SweepManifestJson } from '../src/results/index.js';
import { readRunFile, ResultFileError } from './result-file.js';
import { parseMetricsCsv, parseTimeCsv, readResolvedScenario, type ReadMetricRow } from './run-data.js';
import { workerTimes, type WorkerTime } from './time-split.js';

/** Everything a sweep report is built from. */
export interface SweepData {
  manifest: SweepManifestJson;
  /** Rows of sweep.csv, each with its `point` and `run`. */
  metrics: ReadMetricRow[];
  /** `runs/<id>/summary.json` of every point that has one. */
  summaries: Map<string, SummaryJson>;
  /**
   * Worker time per scheme from `runs/<id>/time.csv`, of every point that has
   * one; summed on reading, since a point of 1024 workers has thousands of rows.
   */
  workerTimes: Map<string, Map<string, WorkerTime>>;
  /** `scenario.resolved.yaml` of the first finished point (the header's key parameters), if any. */
  scenario: unknown;
}

/** Whether `dir` is a sweep directory (it holds sweep.csv). */
export function isSweepDir(dir: string): boolean {
  return existsSync(join(dir, SWEEP_FILES.csv));
}

/** Reads a sweep directory; throws ResultFileError naming the file when sweep.csv or sweep.json is missing or malformed. */
export async function readSweep(dir: string): Promise<SweepData> {
  const manifest = readJsonFile(join(dir, SWEEP_FILES.manifest), SweepManifestSchema);

  const csv = await readRunFile(dir, SWEEP_FILES.csv);
  const metrics = parseMetricsCsv(csv.text, csv.path);
  const known = new Set(manifest.points.map((p) => p.id));
  const stray = metrics.find((r) => r.point === undefined || !known.has(r.point));
  if (stray) throw new ResultFileError(`${csv.path}: row of scheme ${stray.scheme} names point ${JSON.stringify(stray.point ?? '')}, which ${SWEEP_FILES.manifest} does not list`);

  const summaries = new Map<string, SummaryJson>();
  const times = new Map<string, Map<string, WorkerTime>>();
  let scenario: unknown;
  for (const p of manifest.points) {
    const runDir = join(dir, SWEEP_FILES.runs, p.id);
    const timeFile = join(runDir, RUN_FILES.time);
    if (existsSync(timeFile)) times.set(p.id, workerTimes(parseTimeCsv(await readFile(timeFile, 'utf8'), timeFile)));
    const file = join(runDir, RUN_FILES.summary);
    if (!existsSync(file)) continue;
    summaries.set(p.id, readJsonFile(file, SummarySchema));
    scenario ??= await readResolvedScenario(runDir);
  }
  return { manifest, metrics, summaries, workerTimes: times, scenario };
}
