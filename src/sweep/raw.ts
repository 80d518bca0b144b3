import type { ScenarioInput, SourcePosition } from '../scenario/load.js';

/** 1-based line and column, with the file when it is not the sweep's own (an extended file's). */
export type Position = SourcePosition;

/**
 * Where each sweep axis is written: `(path, zipGroup?)` → the position of its
 * key under `sweep.grid` or `sweep.zip[g]`, else of `sweep:` itself — in the
 * file of the `extends` chain that defines it (see `ScenarioInput.position`).
 */
export function sweepLocator(input: ScenarioInput): (path?: string, zipGroup?: number) => Position | undefined {
  return (path, zipGroup) => {
    const own = path === undefined ? undefined : input.position(zipGroup === undefined ? ['sweep', 'grid', path] : ['sweep', 'zip', zipGroup, path]);
    return own ?? input.position(['sweep']);
  };
}
