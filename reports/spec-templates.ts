/**
 * Vega-Lite spec templates (`reports/specs/*.vl.json`): where they live, how
 * they are loaded, and the page sections and catalog that order them. See
 * reports/README.md for the conventions.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import type { Json } from './spec-views.js';

/** File-name suffix of spec templates; the chart id is the name without it. */
export const SPEC_SUFFIX = '.vl.json';

/** The theme file in the specs directory: a Vega-Lite `config` merged under every template's own. */
export const THEME_FILE = 'theme.json';

/** Page sections, in page order; a section without charts is left out. */
export const SECTIONS = [
  { id: 'sweep', title: 'Sweep outcome' },
  { id: 'convergence', title: 'Convergence' },
  { id: 'target', title: 'Time and energy to target' },
  { id: 'budget', title: 'Compression: budget and error' },
  { id: 'time', title: 'Where the time goes' },
  { id: 'energy', title: 'Energy' },
  { id: 'other', title: 'Other charts' },
] as const;

/** Id of a page section. */
export type SectionId = (typeof SECTIONS)[number]['id'];

/** The known charts, in page order within their section; any other template goes to `other`, alphabetically. */
export const CHART_CATALOG: readonly { id: string; section: SectionId }[] = [
  { id: 'sweep-winner', section: 'sweep' },
  { id: 'sweep-outcome', section: 'sweep' },
  { id: 'sweep-heatmap', section: 'sweep' },
  { id: 'sweep-iteration-time', section: 'sweep' },
  { id: 'loss-vs-time', section: 'convergence' },
  { id: 'loss-vs-bytes', section: 'convergence' },
  { id: 'loss-vs-packets', section: 'convergence' },
  { id: 'loss-vs-energy', section: 'convergence' },
  { id: 'loss-vs-iteration', section: 'convergence' },
  { id: 'gap-vs-iteration', section: 'convergence' },
  { id: 'distance-vs-iteration', section: 'convergence' },
  { id: 'time-to-target', section: 'target' },
  { id: 'budget', section: 'budget' },
  { id: 'compression-error', section: 'budget' },
  { id: 'diagnostics', section: 'budget' },
  { id: 'cat-efficiency', section: 'budget' },
  { id: 'iteration-time', section: 'time' },
  { id: 'time-by-node', section: 'time' },
  { id: 'link-utilization', section: 'time' },
  { id: 'timeline', section: 'time' },
  { id: 'energy-by-node', section: 'energy' },
];

/** A template: its id (file name without `.vl.json`) and Vega-Lite spec. */
export interface ChartTemplate {
  id: string;
  spec: TopLevelSpec;
}

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

/** The section of a chart id. */
export function sectionOf(id: string): SectionId {
  return CHART_CATALOG.find((c) => c.id === id)?.section ?? 'other';
}

/** Loads every `*.vl.json` template of `specsDir`, in page order. */
export async function loadSpecTemplates(specsDir: string = defaultSpecsDir()): Promise<ChartTemplate[]> {
  const ids = (await readdir(specsDir)).filter((f) => f.endsWith(SPEC_SUFFIX)).map((f) => f.slice(0, -SPEC_SUFFIX.length));
  const rank = (id: string): [number, number] => {
    const c = CHART_CATALOG.findIndex((x) => x.id === id);
    const s = SECTIONS.findIndex((x) => x.id === sectionOf(id));
    return [s, c < 0 ? CHART_CATALOG.length : c];
  };
  ids.sort((a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1] || (a < b ? -1 : a > b ? 1 : 0));
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

/** The theme (`theme.json` of the specs directory), or an empty config when there is none. */
export async function loadTheme(specsDir: string = defaultSpecsDir()): Promise<Json> {
  const path = join(specsDir, THEME_FILE);
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Json;
  } catch (err) {
    throw new Error(`${path}: cannot load the theme (${(err as Error).message})`, { cause: err });
  }
}
