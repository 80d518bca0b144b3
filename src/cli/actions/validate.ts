import { loadScenario } from '../../scenario/load.js';
import { ScenarioError } from '../../scenario/messages.js';
import { OverrideError } from '../../net/presets/override.js';
// expand.ts, not the sweep index: checking a sweep needs its points, not the worker pool (piscina) or the Arrow writer
import { loadSweep } from '../../sweep/expand.js';
import { availableMemoryBytes } from '../../scenario/estimate/memory.js';
import { gateRefusal } from '../../scenario/gate.js';
import { InputError } from '../errors.js';
import type { Scenario } from '../../scenario/schema.js';
import type { SweepPoint } from '../../sweep/expand.js';

/**
 * What `validate` decides for one file: the scenario and its sweep points when
 * accepted, or the refusal of the gate (memory, heap, events); a ScenarioError
 * or OverrideError when the file itself is wrong.
 */
export function checkFile(file: string): { scenario: Scenario; points?: readonly SweepPoint[] } | { refusal: string } {
  const scenario = loadScenario(file);
  // a sweep file: every point must validate too
  const points = scenario.sweep !== undefined ? loadSweep(file).points : undefined;
  // a run that cannot fit in memory is refused now, not after it has started
  const limit = availableMemoryBytes();
  // … and so is one whose simulation is obviously out of reach
  const refusal = points === undefined ? gateRefusal(file, scenario, limit) : points.map((p) => gateRefusal(`${file} (point ${p.id})`, p.scenario, limit)).find((r) => r !== undefined);
  if (refusal !== undefined) return { refusal };
  return points === undefined ? { scenario } : { scenario, points };
}

/** `gradwire validate`: check every file, report each (ok on stdout, the problems on stderr), then exit 2 if any failed. */
export function validate(files: readonly string[]): void {
  const failed: string[] = [];
  for (const file of files) {
    try {
      const checked = checkFile(file);
      if ('refusal' in checked) {
        failed.push(file);
        process.stderr.write(`${checked.refusal}\n`);
        continue;
      }
      const points = checked.points;
      process.stdout.write(`${file}: ok${points !== undefined ? ` (${points.length} sweep points)` : ''}\n`);
    } catch (e) {
      if (!(e instanceof ScenarioError || e instanceof OverrideError)) throw e;
      failed.push(file);
      process.stderr.write(`${e.message}\n`);
    }
  }
  if (failed.length > 0) throw new InputError(`${failed.length} of ${files.length} scenario files failed validation: ${failed.join(', ')}`);
}
