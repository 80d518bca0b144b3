/**
 * Vega-Lite spec templates (`reports/specs/*.vl.json`) and how run data is
 * put into them. See reports/README.md for the placeholder convention.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { readMetrics, type MetricRow } from './run-data.js';

/** Name of the data source in templates (`"data": {"name": "metrics"}`) that the builder fills. */
export const DATA_PLACEHOLDER = 'metrics';

/** File-name suffix of spec templates; the chart id is the name without it. */
export const SPEC_SUFFIX = '.vl.json';

/** Charts shown first, in this order; any other template follows alphabetically. */
const PREFERRED_ORDER = ['loss-vs-time', 'loss-vs-bytes', 'loss-vs-energy'];

/** A chart: its id (template file name without `.vl.json`) and Vega-Lite spec. */
export interface ChartSpec {
  id: string;
  spec: TopLevelSpec;
}

/** A metrics row as handed to Vega-Lite: non-finite numbers become null (JSON has no NaN). */
export type ChartRow = { [K in keyof MetricRow]: MetricRow[K] extends number ? number | null : MetricRow[K] };

/**
 * The package root: the nearest ancestor of `from` holding a package.json.
 * Walking up (instead of a fixed `..`) works both from `reports/*.ts` under
 * vitest and from the compiled `dist/reports/*.js`.
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
}

/** Directory of the user-editable templates, `<package root>/reports/specs` (not copied to dist). */
export function defaultSpecsDir(): string {
  return join(packageRoot(), 'reports', 'specs');
}

/** Loads every `*.vl.json` template of `specsDir`, in display order. */
export async function loadSpecTemplates(specsDir: string = defaultSpecsDir()): Promise<ChartSpec[]> {
  const ids = (await readdir(specsDir))
    .filter((f) => f.endsWith(SPEC_SUFFIX))
    .map((f) => f.slice(0, -SPEC_SUFFIX.length));
  const rank = (id: string): number => {
    const i = PREFERRED_ORDER.indexOf(id);
    return i < 0 ? PREFERRED_ORDER.length : i;
  };
  ids.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (ids.length === 0) throw new Error(`no *${SPEC_SUFFIX} spec templates in ${specsDir}`);
  return Promise.all(
    ids.map(async (id) => {
      const path = join(specsDir, id + SPEC_SUFFIX);
      try {
        return { id, spec: JSON.parse(await readFile(path, 'utf8')) as TopLevelSpec };
      } catch (err) {
        throw new Error(`${path}: cannot load spec template (${(err as Error).message})`, { cause: err });
      }
    }),
  );
}

/** Converts parsed metrics into Vega-Lite data values. */
export function toChartRows(rows: readonly MetricRow[]): ChartRow[] {
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) out[k] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
    return out as ChartRow;
  });
}

/** Calls `fn` on every plain object nested anywhere in `node` (including `node`). */
function eachObject(node: unknown, fn: (obj: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) eachObject(item, fn);
  } else if (node !== null && typeof node === 'object') {
    fn(node as Record<string, unknown>);
    for (const v of Object.values(node)) eachObject(v, fn);
  }
}

function isPlaceholder(v: unknown): boolean {
  return v !== null && typeof v === 'object' && (v as { name?: unknown }).name === DATA_PLACEHOLDER;
}

/**
 * Adapts a template to the data without inserting it: a log scale on `loss`
 * becomes linear when some loss is ≤ 0 (log of it is undefined, and Vega would
 * silently drop those points). Throws if the template never references the
 * placeholder, since the chart would then be empty. Returns a copy.
 */
export function prepareSpec(template: TopLevelSpec, rows: readonly ChartRow[], id = 'spec'): TopLevelSpec {
  const spec = structuredClone(template);
  const logOk = rows.every((r) => r.loss === null || r.loss > 0);
  let referencesData = false;
  eachObject(spec, (obj) => {
    if (isPlaceholder(obj.data)) referencesData = true;
    const scale = obj.scale as { type?: unknown } | undefined;
    if (obj.field === 'loss' && scale?.type === 'log' && !logOk) scale.type = 'linear';
  });
  if (!referencesData) {
    throw new Error(`spec ${id} has no "data": {"name": "${DATA_PLACEHOLDER}"} placeholder`);
  }
  return spec;
}

/** `prepareSpec`, then every placeholder data source replaced by `{values: rows}`: a standalone spec. */
export function fillSpec(template: TopLevelSpec, rows: readonly ChartRow[], id = 'spec'): TopLevelSpec {
  const spec = prepareSpec(template, rows, id);
  eachObject(spec, (obj) => {
    if (isPlaceholder(obj.data)) obj.data = { values: rows };
  });
  return spec;
}

/**
 * The report's charts for a run directory as standalone Vega-Lite specs, data
 * inlined, ready for `vega-lite`'s `compile()`.
 */
export async function compileSpecs(runDir: string, specsDir?: string): Promise<ChartSpec[]> {
  const rows = toChartRows(await readMetrics(runDir));
  const templates = await loadSpecTemplates(specsDir);
  return templates.map(({ id, spec }) => ({ id, spec: fillSpec(spec, rows, id) }));
}
