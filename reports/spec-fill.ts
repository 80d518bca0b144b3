/**
 * Filling a spec template for one report: data placeholders, `{{tokens}}`,
 * views dropped when their data is absent, log scales adapted, single-panel
 * facets unwrapped, one colour per scheme across charts, the shared theme.
 * See reports/README.md.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Datasets, Row } from './rows.js';
import { adaptScales } from './spec-scales.js';
import { sectionOf, type ChartTemplate, type SectionId } from './spec-templates.js';
import { CONCAT_KEYS, eachView, isObj, viewRows, type FillContext, type Json } from './spec-views.js';

/** Colours of schemes, by position in the report's scheme list (Vega's `tableau10`). */
export const SCHEME_COLORS = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

/** A template filled for one report. */
export interface FilledChart {
  id: string;
  section: SectionId;
  /** The spec; data still referenced by name (`{"name": "convergence"}`). */
  spec: TopLevelSpec;
  /** Names of the datasets the spec reads, in first-use order. */
  datasets: string[];
}

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
