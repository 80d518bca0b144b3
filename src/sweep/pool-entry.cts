import type { PointTask, PointTaskResult } from './worker.js' with { 'resolution-mode': 'import' };

/**
 * The script piscina loads in each worker thread. CommonJS on purpose:
 * piscina first tries `require(file)`, and requiring the ES-module worker
 * (Node ≥ 20.19 allows require of ESM) intermittently left it half-loaded
 * under load, so the fallback `import()` failed with "Unexpected status of a
 * module that is imported again after being required". Requiring this file
 * always succeeds; it imports the point runner once per thread.
 */
async function runPointTask(task: PointTask): Promise<PointTaskResult> {
  const { default: runPoint } = await import('./worker.js');
  return runPoint(task);
}

export = runPointTask;
