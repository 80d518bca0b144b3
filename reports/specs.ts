/**
 * Vega-Lite spec templates (`reports/specs/*.vl.json`) and how a report's
 * data is put into them. See reports/README.md for the conventions: data
 * placeholders, `{{tokens}}`, views dropped when their data is absent, log
 * scales kept only where the data span decades, single-panel facets
 * unwrapped, one colour per scheme across charts, the shared theme.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import type { Datasets, Row } from './datasets.js';

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

/**
 * Cumulative x quantities: log scale only when the schemes' totals differ by
 * a decade or more (every cumulative series starts at 0, which says nothing).
 */
const CUMULATIVE_FIELDS = new Set(['time_s', 'wire_bytes_total', 'packets_total', 'energy_total_j']);

/** Colours of schemes, by position in the report's scheme list (Vega's `tableau10`). */
export const SCHEME_COLORS = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

/** A template: its id (file name without `.vl.json`) and Vega-Lite spec. */
export interface ChartTemplate {
  id: string;
  spec: TopLevelSpec;
}

/** A template filled for one report. */
export interface FilledChart {
  id: string;
  section: SectionId;
  /** The spec; data still referenced by name (`{"name": "convergence"}`). */
  spec: TopLevelSpec;
  /** Names of the datasets the spec reads, in first-use order. */
  datasets: string[];
}

/** What a template is filled from. */
export interface FillContext {
  datasets: Datasets;
  tokens: Readonly<Record<string, string>>;
  /** Scheme display names in report order: fixes each scheme's colour across charts. */
  schemes: readonly string[];
  /** Vega-Lite config merged under the template's own (the theme). */
  theme?: Record<string, unknown>;
}

type Json = Record<string, unknown>;

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

// ------------------------------------------------------------ tree walking

const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const CONCAT_KEYS = ['layer', 'hconcat', 'vconcat', 'concat'] as const;
const POSITION_CHANNELS = ['x', 'y', 'x2', 'y2', 'theta', 'radius'];
const COLOR_CHANNELS = ['color', 'fill', 'stroke'];

/** Replaces `{{name}}` in every string of `node`; an unknown name is an error naming the chart. */
function substituteTokens(node: unknown, tokens: Readonly<Record<string, string>>, id: string): unknown {
  if (typeof node === 'string') {
    return node.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
      const value = tokens[name];
      if (value === undefined) throw new Error(`spec ${id}: unknown token {{${name}}} (known: ${Object.keys(tokens).sort().join(', ')})`);
      return value;
    });
  }
  if (Array.isArray(node)) return node.map((x) => substituteTokens(x, tokens, id));
  if (isObj(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, substituteTokens(v, tokens, id)]));
  return node;
}

/** The rows a view reads: its own named dataset, else its parent's (undefined: inline or external data, not judged). */
function viewRows(node: Json, inherited: Row[] | undefined, ctx: FillContext, id: string): Row[] | undefined {
  const data = node.data;
  if (!isObj(data)) return inherited;
  if (typeof data.name === 'string') {
    const rows = ctx.datasets[data.name];
    if (rows === undefined) throw new Error(`spec ${id}: unknown dataset "${data.name}" (known: ${Object.keys(ctx.datasets).sort().join(', ')})`);
    return rows;
  }
  return undefined;
}

/** Whether `field` is a column of `rows` whose every value is null ("not measured"). */
function allNull(rows: readonly Row[], field: string): boolean {
  let seen = false;
  for (const r of rows) {
    if (!(field in r)) continue;
    seen = true;
    if (r[field] !== null && r[field] !== undefined) return false;
  }
  return seen;
}

/**
 * Drops every view whose data is absent: a unit view with no rows, or whose
 * position channel reads a field that is null in every row; a composite view
 * with no view left. Returns null when nothing is left.
 */
function prune(node: Json, inherited: Row[] | undefined, enc: Json, ctx: FillContext, id: string): Json | null {
  const rows = viewRows(node, inherited, ctx, id);
  if (rows !== undefined && rows.length === 0) return null;
  const encoding = { ...enc, ...(isObj(node.encoding) ? node.encoding : {}) };
  if ('mark' in node) {
    if (rows === undefined) return node;
    for (const ch of POSITION_CHANNELS) {
      const def = encoding[ch];
      if (isObj(def) && typeof def.field === 'string' && allNull(rows, def.field)) return null;
    }
    return node;
  }
  if (isObj(node.spec)) {
    const inner = prune(node.spec, rows, {}, ctx, id);
    return inner === null ? null : { ...node, spec: inner };
  }
  for (const key of CONCAT_KEYS) {
    const children = node[key];
    if (!Array.isArray(children)) continue;
    const kept = children.map((c) => (isObj(c) ? prune(c, rows, key === 'layer' ? encoding : {}, ctx, id) : c)).filter((c) => c !== null);
    return kept.length === 0 ? null : { ...node, [key]: kept };
  }
  return node;
}

/** Visits every view with its effective rows (see {@link viewRows}). */
function eachView(node: Json, inherited: Row[] | undefined, ctx: FillContext, id: string, fn: (view: Json, rows: Row[] | undefined) => void): void {
  const rows = viewRows(node, inherited, ctx, id);
  fn(node, rows);
  if (isObj(node.spec)) eachView(node.spec, rows, ctx, id, fn);
  for (const key of CONCAT_KEYS) {
    const children = node[key];
    if (Array.isArray(children)) for (const c of children) if (isObj(c)) eachView(c, rows, ctx, id, fn);
  }
}

const positiveFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * Whether a channel on `field` that the template wants logarithmic should be:
 * its values (and those of `<field>_lo`/`_hi` bands) all positive and spanning
 * at least a decade; for cumulative quantities, the series' totals a decade
 * apart.
 */
export function wantsLog(field: string, rows: readonly Row[]): boolean {
  const base = field.replace(/_(lo|hi)$/, '');
  if (CUMULATIVE_FIELDS.has(base)) {
    const totals = new Map<string, number>();
    for (const r of rows) {
      const v = r[base];
      if (!positiveFinite(v)) continue;
      const key = `${String(r.group ?? '')}\u0000${String(r.scheme ?? '')}`;
      totals.set(key, Math.max(totals.get(key) ?? 0, v));
    }
    const t = [...totals.values()];
    return t.length > 0 && Math.max(...t) / Math.min(...t) >= 10;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    for (const f of [base, `${base}_lo`, `${base}_hi`]) {
      const v = r[f];
      if (v === null || v === undefined) continue;
      if (!positiveFinite(v)) return false;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return hi >= lo && hi / lo >= 10;
}

/** Whether every number `field` takes in `rows` is positive (what any log scale needs). */
function allPositive(field: string, rows: readonly Row[]): boolean {
  return rows.every((r) => r[field] === null || r[field] === undefined || positiveFinite(r[field]));
}

/**
 * Applies {@link wantsLog} to every `"scale": {"type": "log"}` channel; a
 * kept log scale filters out rows ≤ 0. A log scale with an explicit `base`
 * (a doubling axis: workers 4, 8, 16, 32) is the template's choice of axis
 * rather than a way to fit decades, so it stays log whenever every value is
 * positive.
 */
function adaptScales(spec: Json, ctx: FillContext, id: string): void {
  eachView(spec, undefined, ctx, id, (view, rows) => {
    if (rows === undefined || !isObj(view.encoding)) return;
    for (const def of Object.values(view.encoding)) {
      if (!isObj(def) || typeof def.field !== 'string' || !isObj(def.scale) || def.scale.type !== 'log') continue;
      const field = def.field;
      const keep = typeof def.scale.base === 'number' ? allPositive(field, rows) : wantsLog(field, rows);
      if (!keep) {
        delete def.scale.base;
        def.scale.type = 'linear';
        continue;
      }
      // `zero` is meaningless on a log scale (Vega-Lite drops it with a warning).
      delete def.scale.zero;
      // d3's ticks on a short base-2 domain fall between the powers (4, 6, 8, 10 …): tick the values drawn instead
      if (typeof def.scale.base === 'number' && def.axis !== null && !(isObj(def.axis) && 'values' in def.axis)) {
        const values = [...new Set(rows.map((r) => r[field]).filter(positiveFinite))].sort((a, b) => a - b);
        def.axis = { ...(isObj(def.axis) ? def.axis : {}), values };
      }
      if (rows.some((r) => typeof r[field] === 'number' && !positiveFinite(r[field]))) {
        const transform = Array.isArray(view.transform) ? view.transform : [];
        view.transform = [...transform, { filter: { field, gt: 0 } }];
      }
    }
  });
}

/** Fields a facet operator splits by. */
function facetFields(facet: unknown): string[] {
  if (!isObj(facet)) return [];
  if (typeof facet.field === 'string') return [facet.field];
  return ['row', 'column'].flatMap((k) => {
    const def = facet[k];
    return isObj(def) && typeof def.field === 'string' ? [def.field] : [];
  });
}

/** Keys of a facet spec that belong to the facet operator and go when it is unwrapped. */
const FACET_ONLY = new Set(['facet', 'spec', 'columns', 'spacing', 'align', 'bounds', 'center', 'resolve']);

/** Replaces a facet with one panel (or none) by its inner view, so no lone empty header is drawn. */
function unwrapFacets(node: Json, inherited: Row[] | undefined, ctx: FillContext, id: string): Json {
  const rows = viewRows(node, inherited, ctx, id);
  let out = node;
  if (isObj(node.spec) && 'facet' in node && rows !== undefined) {
    const fields = facetFields(node.facet);
    const panels = new Set(rows.map((r) => JSON.stringify(fields.map((f) => r[f] ?? null))));
    if (panels.size <= 1) {
      const outer = Object.fromEntries(Object.entries(node).filter(([k]) => !FACET_ONLY.has(k)));
      const inner = node.spec;
      out = { ...outer, ...inner };
      if (Array.isArray(outer.transform) && Array.isArray(inner.transform)) out.transform = [...outer.transform, ...inner.transform];
      if (outer.title !== undefined) out.title = outer.title;
      if (outer.data !== undefined && inner.data === undefined) out.data = outer.data;
    }
  }
  if (isObj(out.spec)) out = { ...out, spec: unwrapFacets(out.spec, rows, ctx, id) };
  for (const key of CONCAT_KEYS) {
    const children = out[key];
    if (Array.isArray(children)) out = { ...out, [key]: children.map((c) => (isObj(c) ? unwrapFacets(c, rows, ctx, id) : c)) };
  }
  return out;
}

/**
 * Colours: a colour channel on `scheme_label` without an explicit domain gets
 * the schemes present in its data, each with its report-wide colour; a colour
 * channel with an explicit domain and range keeps only the entries present in
 * its data, so a legend never lists what the chart does not draw.
 */
function fixColors(spec: Json, ctx: FillContext, id: string): void {
  eachView(spec, undefined, ctx, id, (view, rows) => {
    if (rows === undefined || !isObj(view.encoding)) return;
    for (const ch of COLOR_CHANNELS) {
      const def = view.encoding[ch];
      if (!isObj(def) || typeof def.field !== 'string') continue;
      const field = def.field;
      const present = new Set(rows.map((r) => r[field]));
      const scale = isObj(def.scale) ? def.scale : {};
      if (Array.isArray(scale.domain) && Array.isArray(scale.range) && scale.domain.length === scale.range.length) {
        const keep = scale.domain.map((v, i) => ({ v, c: (scale.range as unknown[])[i] })).filter(({ v }) => present.has(v as string));
        if (keep.length > 0) def.scale = { ...scale, domain: keep.map((k) => k.v), range: keep.map((k) => k.c) };
        continue;
      }
      if (field !== 'scheme_label' || scale.domain !== undefined) continue;
      const domain = ctx.schemes.filter((s) => present.has(s));
      for (const r of rows) if (typeof r.scheme_label === 'string' && !domain.includes(r.scheme_label)) domain.push(r.scheme_label);
      const color = (s: string) => {
        const i = ctx.schemes.indexOf(s);
        return SCHEME_COLORS[(i < 0 ? ctx.schemes.length + domain.indexOf(s) : i) % SCHEME_COLORS.length]!;
      };
      def.scale = { ...scale, domain, range: domain.map(color) };
    }
  });
}

/** Deep merge of plain objects; `over` wins. */
function mergeConfig(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObj(v) && isObj(out[k]) ? mergeConfig(out[k] as Json, v) : v;
  return out;
}

/** Names of the datasets a spec reads, in first-use order. */
function datasetNames(spec: Json): string[] {
  const names: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isObj(node)) {
      if (isObj(node.data) && typeof node.data.name === 'string' && !names.includes(node.data.name)) names.push(node.data.name);
      for (const [k, v] of Object.entries(node)) if (k !== 'datasets') visit(v);
    }
  };
  visit(spec);
  return names;
}

/**
 * Fills one template for a report: tokens substituted, absent views dropped,
 * log scales adapted, single-panel facets unwrapped, colours fixed,
 * theme merged. Returns null when the chart has no data at all (it is then
 * omitted, not drawn empty). Throws if the template reads no named dataset.
 */
export function fillTemplate(template: ChartTemplate, ctx: FillContext): FilledChart | null {
  const { id } = template;
  const spec = substituteTokens(structuredClone(template.spec), ctx.tokens, id) as Json;
  if (datasetNames(spec).length === 0) {
    throw new Error(`spec ${id} reads no named dataset: give it "data": {"name": …} with one of ${Object.keys(ctx.datasets).sort().join(', ')}`);
  }
  const pruned = prune(spec, undefined, {}, ctx, id);
  if (pruned === null) return null;
  adaptScales(pruned, ctx, id);
  const unwrapped = unwrapFacets(pruned, undefined, ctx, id);
  fixColors(unwrapped, ctx, id);
  if (ctx.theme && Object.keys(ctx.theme).length > 0) {
    unwrapped.config = mergeConfig(ctx.theme, isObj(unwrapped.config) ? unwrapped.config : {});
  }
  return { id, section: sectionOf(id), spec: unwrapped as unknown as TopLevelSpec, datasets: datasetNames(unwrapped) };
}

/** A filled chart as a standalone spec: its datasets embedded under top-level `datasets`. */
export function standaloneSpec(chart: FilledChart, datasets: Datasets): TopLevelSpec {
  return { ...chart.spec, datasets: Object.fromEntries(chart.datasets.map((n) => [n, datasets[n] ?? []])) } as TopLevelSpec;
}

/**
 * A standalone spec as the text of a `.vl.json` file: indented JSON, with
 * each data row on one line so the file stays readable and diffable.
 */
export function formatSpecJson(spec: TopLevelSpec): string {
  const { datasets, ...rest } = spec as unknown as Json & { datasets?: Record<string, unknown[]> };
  const head = JSON.stringify(rest, null, 2);
  if (!datasets || Object.keys(datasets).length === 0) return `${head}\n`;
  const body = Object.entries(datasets)
    .map(([name, rows]) => {
      const lines = rows.map((r) => `      ${JSON.stringify(r)}`);
      return `    ${JSON.stringify(name)}: ${lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n    ]`}`;
    })
    .join(',\n');
  return `${head.replace(/\n}$/, '')},\n  "datasets": {\n${body}\n  }\n}\n`;
}
