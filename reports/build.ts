/**
 * Builds the report of a run directory or of a sweep directory (one holding
 * sweep.csv):
 *
 *   result files → datasets + tokens (datasets.ts) → filled Vega-Lite specs
 *   (specs.ts) → report/index.html (html.ts; vega, vega-lite and vega-embed
 *   inlined, so the page works offline and fetches nothing) and
 *   report/charts/<id>.vl.json, .svg, .png (render.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from './report-data.js';
import type { Datasets } from './rows.js';
import { runReportData } from './run-report.js';
import { sweepReportData } from './sweep-report.js';
import { renderPage } from './html.js';
import { renderSvg, svgToPng } from './render.js';
import { allInOrder } from './result-file.js';
import { isSweepDir } from './sweep-data.js';
import { fillTemplate, formatSpecJson, standaloneSpec, type FilledChart } from './spec-fill.js';
import { loadSpecTemplates, loadTheme } from './spec-templates.js';

export { escapeHtml } from './format.js';
export { isSweepDir } from './sweep-data.js';

/** Browser builds inlined into the page, in load order (vega-lite and vega-embed need the globals of those before). */
export const LIBRARIES = [
  { pkg: 'vega', file: 'build/vega.min.js' },
  { pkg: 'vega-lite', file: 'build/vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'build/vega-embed.min.js' },
] as const;

/** Directory of the chart files inside the report directory. */
export const CHARTS_DIR = 'charts';

/** Options of {@link buildReport} and {@link compileCharts}. */
export interface BuildReportOptions {
  /** Directory of `*.vl.json` templates (and theme.json); defaults to `<package root>/reports/specs`. */
  specsDir?: string;
  /** Iteration shown by the timeline chart (runs with trace.ndjson); default: the middle one. */
  timelineIteration?: number;
  /** Write `charts/<id>.svg` and `.png` besides the specs (default true). */
  images?: boolean;
}

/** A chart as written to `charts/<id>.vl.json`: a standalone spec, data embedded. */
export interface CompiledChart {
  id: string;
  spec: TopLevelSpec;
}

/** A report, compiled but not written. */
export interface CompiledReport {
  data: ReportData;
  charts: FilledChart[];
  /** The datasets the charts read. */
  datasets: Datasets;
}

/**
 * Directory of an installed package. The vega packages do not export their
 * package.json, so resolve the main entry and walk up to the directory whose
 * package.json names the package.
 */
async function packageDir(pkg: string): Promise<string> {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(pkg));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(await readFile(manifest, 'utf8')) as { name?: string }).name === pkg) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot locate the directory of package ${pkg}`);
    dir = parent;
  }
}

/** Reads a library's minified browser build, made safe for an inline `<script>`. */
export async function inlineLibrary(pkg: string, file: string): Promise<string> {
  const path = join(await packageDir(pkg), file);
  const code = await readFile(path, 'utf8');
  // A `<!--` would switch the HTML parser into a state where `</script>` may not close the element;
  // it cannot be rewritten without knowing the JS context, so refuse instead of emitting a broken page.
  if (code.includes('<!--')) throw new Error(`${path} contains "<!--"; cannot inline it safely`);
  return (
    code
      // Source-map comments would make dev tools request a file that is not shipped.
      .replace(/^\/\/# sourceMappingURL=.*$/gm, '')
      // Inside JS strings and regexes `<\/` means the same as `</`, but it cannot close the element.
      .replace(/<\/(script)/gi, '<\\/$1')
  );
}

/**
 * Reads a run or sweep directory and fills every template; charts without
 * data are left out.
 */
export async function compileReport(dir: string, options: BuildReportOptions = {}): Promise<CompiledReport> {
  const source = resolve(dir);
  const [data, templates, theme] = await allInOrder([
    isSweepDir(source) ? sweepReportData(source) : runReportData(source, options.timelineIteration === undefined ? {} : { timelineIteration: options.timelineIteration }),
    loadSpecTemplates(options.specsDir),
    loadTheme(options.specsDir),
  ]);
  const ctx = { datasets: data.datasets, tokens: data.tokens, schemes: data.schemes, theme };
  const charts = templates.map((t) => fillTemplate(t, ctx)).filter((c): c is FilledChart => c !== null);
  const used = [...new Set(charts.flatMap((c) => c.datasets))];
  return { data, charts, datasets: Object.fromEntries(used.map((n) => [n, data.datasets[n] ?? []])) };
}

/**
 * The report's charts for a run or sweep directory as standalone Vega-Lite
 * specs (data under top-level `datasets`), exactly as written to
 * `report/charts/<id>.vl.json`.
 */
export async function compileCharts(dir: string, options: BuildReportOptions = {}): Promise<CompiledChart[]> {
  const { charts, datasets } = await compileReport(dir, options);
  return charts.map((c) => ({ id: c.id, spec: standaloneSpec(c, datasets) }));
}

/** Writes `text` to `path` atomically: a temp file in the same directory, then rename. */
export async function writeAtomic(path: string, content: string | Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Builds the report of a run directory or a sweep directory (detected by its
 * sweep.csv): `<outDir>/index.html` and `<outDir>/charts/<id>.vl.json`,
 * `.svg`, `.png`.
 * @param dir run directory (metrics.csv, summary.json; links.csv, nodes.csv,
 *   scenario.resolved.yaml, trace.ndjson when present) or sweep directory
 *   (sweep.csv, sweep.json, runs/<pointId>/).
 * @param outDir report directory; defaults to `<dir>/report`. The charts
 *   directory is replaced as a whole, index.html written atomically.
 * @returns the absolute path of the written index.html.
 * @throws if a required result file is missing (the message names it) or malformed.
 */
export async function buildReport(dir: string, outDir?: string, options: BuildReportOptions = {}): Promise<string> {
  const out = resolve(outDir ?? join(dir, 'report'));
  const [report, libraries] = await Promise.all([compileReport(dir, options), Promise.all(LIBRARIES.map(({ pkg, file }) => inlineLibrary(pkg, file)))]);

  await writeCharts(out, report.charts, report.datasets, options.images !== false);

  const html = renderPage({ data: report.data, charts: report.charts, datasets: report.datasets, libraries, chartFilesDir: CHARTS_DIR });
  const index = join(out, 'index.html');
  await writeAtomic(index, html);
  return index;
}

/**
 * Write `<out>/charts/` whole or not at all: every chart's standalone
 * Vega-Lite spec and, with `images`, its SVG and PNG, into a temporary folder
 * renamed over the old one (shared by the run, sweep and comparison pages).
 */
export async function writeCharts(out: string, charts: readonly FilledChart[], datasets: Datasets, images: boolean): Promise<void> {
  await mkdir(out, { recursive: true });
  const tmpCharts = await mkdtemp(join(out, `.${CHARTS_DIR}-`));
  try {
    for (const chart of charts) {
      const spec = standaloneSpec(chart, datasets);
      await writeFile(join(tmpCharts, `${chart.id}.vl.json`), formatSpecJson(spec));
      if (!images) continue;
      const svg = await renderSvg(spec, chart.id);
      await writeFile(join(tmpCharts, `${chart.id}.svg`), svg);
      await writeFile(join(tmpCharts, `${chart.id}.png`), svgToPng(svg));
    }
    await rm(join(out, CHARTS_DIR), { recursive: true, force: true });
    await chmod(tmpCharts, 0o755); // mkdtemp makes it 0700; the charts are for everyone who can read the report
    await rename(tmpCharts, join(out, CHARTS_DIR));
  } catch (err) {
    await rm(tmpCharts, { recursive: true, force: true });
    throw err;
  }
}
