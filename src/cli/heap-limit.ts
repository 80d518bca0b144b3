import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { formatBytes, heapPlan, type MemoryEstimate } from '../scenario/estimate/memory.js';
import { InputError } from './errors.js';

/** Set in a process gradwire restarted with a larger heap: its value is the heap asked for (MB); never restart twice. */
export const HEAP_ENV = 'GRADWIRE_HEAP_MB';

/** This process's V8 heap limit (bytes). */
export function currentHeapLimit(): number {
  return getHeapStatistics().heap_size_limit;
}

/**
 * Make sure the run's JS objects fit V8's heap before anything runs: refuse
 * (bad input, exit 2) when the machine cannot hold them, or run the same
 * command again in a child Node.js with `--max-old-space-size` raised, and
 * return its exit code; undefined: go on here.
 */
export async function ensureHeap(file: string, estimates: readonly MemoryEstimate[], limitBytes: number): Promise<number | undefined> {
  let heapMB = 0;
  for (const e of estimates) {
    const plan = heapPlan(file, e, limitBytes, currentHeapLimit());
    if (plan.kind === 'refuse') throw new InputError(plan.message);
    if (plan.kind === 'raise') heapMB = Math.max(heapMB, plan.heapMB);
  }
  if (process.env[HEAP_ENV] !== undefined) {
    // restarted already: say what this process got, and run with it
    process.stderr.write(`V8 heap limit: ${formatBytes(currentHeapLimit())} (asked for ${process.env[HEAP_ENV]} MB)\n`);
    return undefined;
  }
  if (heapMB === 0) return undefined;
  process.stderr.write(`the run's JS objects need a larger V8 heap than this Node.js's ${formatBytes(currentHeapLimit())}: running again with --max-old-space-size=${heapMB}\n`);
  return relaunch(heapMB);
}

/** The same command in a child Node.js with a heap of `heapMB`; resolves to its exit code (128 + n when killed by signal n). */
function relaunch(heapMB: number): Promise<number> {
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--max-old-space-size'));
  const child = spawn(process.execPath, [...execArgv, `--max-old-space-size=${heapMB}`, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [HEAP_ENV]: String(heapMB) },
  });
  // Ctrl-C reaches the child through the terminal's process group (passing it on would make two, which a sweep
  // takes for "quit now"); a SIGTERM sent to this process alone (a scheduler, kill) is passed on
  const ignore = () => {};
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', ignore);
  process.on('SIGTERM', forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
