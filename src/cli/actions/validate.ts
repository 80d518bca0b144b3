import { loadScenario } from '../../scenario/load.js';
import { ScenarioError } from '../../scenario/messages.js';
import { OverrideError } from '../../net/presets/override.js';
// expand.ts, not the sweep index: checking a sweep needs its points, not the worker pool (piscina) or the Arrow writer
import { loadSweep } from '../../sweep/expand.js';
import { availableMemoryBytes } from '../../run/memory.js';
import { gateRefusal } from '../../scenario/gate.js';
import { InputError } from '../errors.js';

/** `gradwire validate`: check every file, report each (ok on stdout, the problems on stderr), then exit 2 if any failed. */
export function validate(files: readonly string[]): void {
  const failed: string[] = [];
  for (const file of files) {
    try {
      const scenario = loadScenario(file);
      // a sweep file: every point must validate too
      const points = scenario.sweep !== undefined ? loadSweep(file).points : undefined;
      // a run that cannot fit in memory is refused now, not after it has started
      const limit = availableMemoryBytes();
      // … and so is one whose simulation is obviously out of reach
      const refusal = points === undefined
        ? gateRefusal(file, scenario, limit)
        : points.map((p) => gateRefusal(`${file} (point ${p.id})`, p.scenario, limit)).find((r) => r !== undefined);
      if (refusal !== undefined) {
        failed.push(file);
        process.stderr.write(`${refusal}\n`);
        continue;
      }
      process.stdout.write(`${file}: ok${points !== undefined ? ` (${points.length} sweep points)` : ''}\n`);
    } catch (e) {
      if (!(e instanceof ScenarioError || e instanceof OverrideError)) throw e;
      failed.push(file);
      process.stderr.write(`${e.message}\n`);
    }
  }
  if (failed.length > 0) throw new InputError(`${failed.length} of ${files.length} scenario files failed validation: ${failed.join(', ')}`);
}
