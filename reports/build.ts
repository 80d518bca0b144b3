/**
 * Builds the self-contained HTML report of a run directory: summary table from
 * `summary.json`, charts from `metrics.csv` through the Vega-Lite templates in
 * `reports/specs`, with vega, vega-lite and vega-embed inlined so the page
 * works offline and fetches nothing.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { readMetrics, readSummary, type RunSummary } from './run-data.js';
import { DATA_PLACEHOLDER, loadSpecTemplates, prepareSpec, toChartRows, type ChartSpec } from './specs.js';

export { compileSpecs } from './specs.js';

/** Browser builds inlined into the page, in load order (vega-lite and vega-embed need the globals of those before). */
const LIBRARIES = [
  { pkg: 'vega', file: 'build/vega.min.js' },
  { pkg: 'vega-lite', file: 'build/vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'build/vega-embed.min.js' },
] as const;

/** Options of {@link buildReport}. */
export interface BuildReportOptions {
  /** Directory of `*.vl.json` templates; defaults to `<package root>/reports/specs`. */
  specsDir?: string;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON safe to place inside a `<script>` element: `<` is escaped so no
 * `</script>` or `<!--` in the data can end or alter the element.
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
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
async function inlineLibrary(pkg: string, file: string): Promise<string> {
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

function formatNumber(v: number | null, digits = 4): string {
  if (v === null) return '—';
  return Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : String(v);
}

/** Decimal (SI) byte units, as used for link rates in the simulator's scenarios. */
function formatBytes(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return formatNumber(v);
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let x = v;
  while (Math.abs(x) >= 1000 && i < units.length - 1) {
    x /= 1000;
    i++;
  }
  return `${i === 0 ? x : x.toPrecision(3)} ${units[i]}`;
}

function summaryTable(summary: RunSummary): string {
  const rows = summary.schemes.map((s) => {
    const { time_s, loss, wire_bytes_up: up, wire_bytes_down: down, energy_total_j } = s.final;
    const bytes = up === null || down === null ? null : up + down;
    const name = s.label && s.label !== s.name ? `${escapeHtml(s.label)} <code>${escapeHtml(s.name)}</code>` : `<code>${escapeHtml(s.name)}</code>`;
    const exactBytes = bytes === null ? '' : ` title="${escapeHtml(bytes.toLocaleString('en-US'))} B"`;
    return `<tr><th scope="row">${name}</th><td class="status status-${escapeHtml(s.status)}">${escapeHtml(s.status)}</td><td>${escapeHtml(String(s.iterations))}</td><td>${escapeHtml(formatNumber(time_s))}</td><td>${escapeHtml(formatNumber(loss))}</td><td${exactBytes}>${escapeHtml(formatBytes(bytes))}</td><td>${escapeHtml(formatNumber(energy_total_j))}</td></tr>`;
  });
  return `<table>
<thead><tr><th scope="col">Scheme</th><th scope="col">Status</th><th scope="col">Iterations</th><th scope="col">Final simulated time (s)</th><th scope="col">Final loss</th><th scope="col">Total wire bytes (up + down)</th><th scope="col">Total energy (J)</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:960px;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}th,td{border-bottom:1px solid #ddd;padding:.35rem .7rem;text-align:right}
th[scope=row],thead th:first-child{text-align:left}thead th{border-bottom:2px solid #888}
.status-completed{color:#1a7f37}.status-diverged{color:#b35900}.status-aborted{color:#c62828}
.meta{color:#555}.chart{margin:1.5rem 0}`;

// Each chart gets the shared rows through Vega-Lite's top-level `datasets`, so the metrics are
// embedded once instead of once per chart; `data: {name}` then resolves to them.
const BOOT = `(function () {
  var rows = JSON.parse(document.getElementById('gw-metrics').textContent);
  var charts = JSON.parse(document.getElementById('gw-specs').textContent);
  charts.forEach(function (c, i) {
    var el = document.getElementById('chart-' + i);
    var datasets = Object.assign({}, c.spec.datasets);
    datasets[${scriptJson(DATA_PLACEHOLDER)}] = rows;
    var spec = Object.assign({}, c.spec, { datasets: datasets });
    vegaEmbed(el, spec, { actions: false, mode: 'vega-lite', renderer: 'svg' }).catch(function (err) {
      el.textContent = 'Chart ' + c.id + ' failed to render: ' + err.message;
    });
  });
})();`;

/** Renders the page. Specs keep their placeholder; the page's boot script supplies the rows. */
function renderHtml(summary: RunSummary, rowsJson: string, charts: ChartSpec[], libraries: string[]): string {
  const title = summary.scenario.name;
  const description = summary.scenario.description
    ? `<p>${escapeHtml(summary.scenario.description)}</p>\n`
    : '';
  const chartDivs = charts.map((c, i) => `<div class="chart" id="chart-${i}" data-spec="${escapeHtml(c.id)}"></div>`);
  // The CSP enforces "offline": nothing may be loaded from anywhere. Vega compiles expressions
  // with Function(), hence 'unsafe-eval'.
  const csp =
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — gradwire report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${description}<p class="meta">Backend: <code>${escapeHtml(summary.backend)}</code> · Seed: <code>${escapeHtml(String(summary.seed))}</code></p>
<h2>Summary</h2>
${summaryTable(summary)}
<h2>Charts</h2>
${chartDivs.join('\n')}
<script type="application/json" id="gw-metrics">${rowsJson}</script>
<script type="application/json" id="gw-specs">${scriptJson(charts)}</script>
${libraries.map((code) => `<script>${code}</script>`).join('\n')}
<script>${BOOT}</script>
</body>
</html>
`;
}

/**
 * Builds the offline HTML report of a run directory.
 * @param runDir directory holding `metrics.csv` and `summary.json`.
 * @param outFile output path; defaults to `<runDir>/report/index.html`. Written atomically
 *   (temp file in the same directory, then rename), parent directories created.
 * @returns the absolute path of the written report.
 * @throws if a run file is missing (the message names it) or malformed.
 */
export async function buildReport(runDir: string, outFile?: string, options: BuildReportOptions = {}): Promise<string> {
  const out = resolve(outFile ?? join(runDir, 'report', 'index.html'));
  const [summary, metrics, templates, libraries] = await Promise.all([
    readSummary(runDir),
    readMetrics(runDir),
    loadSpecTemplates(options.specsDir),
    Promise.all(LIBRARIES.map(({ pkg, file }) => inlineLibrary(pkg, file))),
  ]);
  const rows = toChartRows(metrics);
  const charts = templates.map(({ id, spec }) => ({ id, spec: prepareSpec(spec, rows, id) }));
  const html = renderHtml(summary, scriptJson(rows), charts, libraries);

  await mkdir(dirname(out), { recursive: true });
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, html, 'utf8');
    await rename(tmp, out);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return out;
}
