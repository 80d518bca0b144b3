import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';

/**
 * A scenario's raw input: its YAML mapping with `extends` followed (mappings
 * merge key by key, anything else replaces), before validation and defaults.
 * The same rule as src/scenario/load.ts; only called after `parseScenario`
 * accepted the file, so syntax errors and cycles were already reported there.
 */
export function rawScenario(text: string, file: string, chain: readonly string[] = [resolvePath(file)]): Record<string, unknown> {
  const raw = parseDocument(text).toJS() as Record<string, unknown>;
  const { extends: base, ...own } = raw;
  if (typeof base !== 'string') return own;
  const baseFile = resolvePath(dirname(file), base);
  if (chain.includes(baseFile)) throw new Error(`extends cycle: ${[...chain, baseFile].join(' → ')}`);
  return deepMerge(rawScenario(readFileSync(baseFile, 'utf8'), baseFile, [...chain, baseFile]), own);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const isMapping = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isMapping(b) && isMapping(v) ? deepMerge(b, v) : v;
  }
  return out;
}

/** 1-based line and column in a file. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

/**
 * Where each sweep axis is written in the scenario text: `(path, zipGroup?)`
 * → the position of its key under `sweep.grid` or `sweep.zip[g]`, else of
 * `sweep:` itself; undefined when the text has no sweep block (it came from
 * an extended file).
 */
export function sweepLocator(text: string): (path?: string, zipGroup?: number) => Position | undefined {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter });
  const at = (range: readonly number[] | undefined): Position | undefined => {
    if (range?.[0] === undefined) return undefined;
    const p = lineCounter.linePos(range[0]);
    return { line: p.line, col: p.col };
  };
  const keyOf = (parent: unknown, key: string): Position | undefined => {
    if (!isMap(parent)) return undefined;
    const pair = parent.items.find((it) => isScalar(it.key) && it.key.value === key);
    return at((pair?.key as { range?: number[] } | undefined)?.range);
  };
  return (path, zipGroup) => {
    const own = path === undefined ? undefined : keyOf(doc.getIn(zipGroup === undefined ? ['sweep', 'grid'] : ['sweep', 'zip', zipGroup], true), path);
    return own ?? keyOf(doc.contents, 'sweep');
  };
}
