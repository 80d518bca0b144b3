import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario } from '../run/run.js';
import type { Scenario } from '../scenario/schema.js';
import { POINT_FILE, type PointRecord, type PointStatus } from './layout.js';

/** One point for a pool worker: run it into a new folder under `partialDir`, then rename that to `finalDir`. */
export interface PointTask {
  readonly scenario: Scenario;
  /** The point's manifest entry (status filled in by the worker). */
  readonly record: Omit<PointRecord, 'status' | 'schemes' | 'error'>;
  /** Where unfinished run folders live; on the same file system as finalDir, so the rename is atomic. */
  readonly partialDir: string;
  readonly finalDir: string;
}

/** What a worker reports for a finished point. */
export interface PointTaskResult {
  readonly status: Extract<PointStatus, 'completed' | 'diverged'>;
  readonly schemes: Readonly<Record<string, string>>;
  /** The TensorFlow.js backend of the worker thread. */
  readonly backend: string;
  /** Wall time of the run in the worker, ms. */
  readonly ms: number;
}

/**
 * The pool's task (piscina loads pool-entry.cjs, which imports this file):
 * each worker thread imports it once, so the TensorFlow.js backend is
 * initialised once per thread (`runScenario` calls `initBackend()`), and runs
 * one point per call. The run folder is written under a temporary name and
 * renamed into place only when complete, point.json written last, so a
 * crash or Ctrl-C never leaves a folder that looks finished.
 */
export default async function runPoint(task: PointTask): Promise<PointTaskResult> {
  const t0 = performance.now();
  const tmpDir = mkdtempSync(join(task.partialDir, `${task.record.id}-`));
  try {
    const result = await runScenario(task.scenario, tmpDir, {}, task.record.run);
    // a point whose scheme diverged or stalled (the network lost a message for good) did not complete
    const status = result.schemes.some((s) => s.outcome.status === 'diverged' || s.outcome.status === 'stalled') ? 'diverged' : 'completed';
    const schemes = Object.fromEntries(result.schemes.map((s) => [s.name, s.outcome.status]));
    const record: PointRecord = { ...task.record, status, schemes };
    writeFileSync(join(tmpDir, POINT_FILE), `${JSON.stringify({ ...record, backend: result.backend }, null, 2)}\n`);
    renameSync(tmpDir, task.finalDir);
    return { status, schemes, backend: result.backend, ms: performance.now() - t0 };
  } catch (e) {
    rmSync(tmpDir, { recursive: true, force: true });
    throw e;
  }
}
