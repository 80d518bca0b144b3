/**
 * One case of `npm run bench -- scale`, in a process of its own so its peak
 * resident memory is its own: reads a scenario file, runs it into a
 * temporary run directory (no report), and prints one JSON line with the wall
 * seconds, the process's peak RSS and simulated seconds per iteration of
 * each scheme. Wall time here only, never in a result.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../scenario/load.js';
import { resolveScenario } from '../run/resolve.js';
import { runScenario } from '../run/run.js';
import { estimateMemory } from '../scenario/estimate/memory.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: scale-child <scenario.yaml>');
const scenario = resolveScenario(loadScenario(file));
const out = mkdtempSync(join(tmpdir(), 'gradwire-scale-'));
try {
  const t0 = performance.now();
  const result = await runScenario(scenario, out);
  const wallS = (performance.now() - t0) / 1000;
  const simSPerIteration = Object.fromEntries(result.schemes.map((s) => [s.name, s.final && s.outcome.iterations > 0 ? s.final.time_s / s.outcome.iterations : null]));
  process.stdout.write(
    `${JSON.stringify({ wallS, peakRssMB: process.resourceUsage().maxRSS / 1024, estimateMB: estimateMemory(scenario).totalBytes / 2 ** 20, simSPerIteration, backend: result.backend })}\n`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
