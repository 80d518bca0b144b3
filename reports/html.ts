/**
 * The report page: header (scenario), the verdict of a run with a target
 * (verdict.ts), key parameters and provenance, summary table, one section
 * per kind of chart, and the boot script that draws the
 * filled specs with vega-embed from data embedded once in the page. Every
 * text from result files goes through {@link escapeHtml}; JSON inside
 * `<script>` through {@link scriptJson}.
 */
import type { ReportData } from './report-data.js';
import type { Datasets } from './rows.js';
import { escapeHtml, formatBytes, formatNumber, formatSi } from './format.js';
import { isProfile, LOSS_NOT_SIMULATED } from './profile.js';
import type { KeyParameter } from './key-parameters.js';
import type { SweepManifestJson } from '../src/results/index.js';
import type { FilledChart } from './spec-fill.js';
import { SECTIONS } from './spec-templates.js';
import { VERDICT_STYLE, verdictSection } from './verdict.js';
import { finalsHead, finalWireBytes, htmlTable, schemeCell } from './html-table.js';

/**
 * JSON safe to place inside a `<script>` element: `<` is escaped so no
 * `</script>` or `<!--` in the data can end or alter the element.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",sans-serif;margin:2rem auto;max-width:1120px;padding:0 1rem;color:#222;line-height:1.4}
h1{margin-bottom:.2rem}h2{margin-top:2.5rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
.kind{color:#666;margin:0 0 .8rem;text-transform:uppercase;letter-spacing:.06em;font-size:.8rem}
.meta{color:#555}.meta span+span::before{content:" · "}
dl.params{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:1rem 0}dl.params dt{color:#555}dl.params dd{margin:0}
nav{margin:1rem 0;font-size:.95rem}nav a{margin-right:1rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.95rem}th,td{border-bottom:1px solid #ddd;padding:.35rem .6rem;text-align:right}td{white-space:nowrap}
th[scope=row],thead th:first-child{text-align:left}thead th{border-bottom:2px solid #888;vertical-align:bottom}
.status-completed{color:#1a7f37}.status-stopped{color:#0b5cad}.status-diverged,.status-stalled{color:#b35900}.status-aborted,.status-failed{color:#c62828}
figure.chart{margin:1.5rem 0 2.5rem;overflow-x:auto}figure.chart figcaption{font-size:.85rem;color:#666;margin-top:.3rem}
.failed{color:#c62828}details{margin:1rem 0}
.note{background:#f4f7fb;border-left:4px solid #4c78a8;padding:.6rem .9rem;margin:1rem 0}
td.not-simulated{color:#666;font-style:italic}`;

// Each chart gets the rows it reads through Vega-Lite's top-level `datasets`, so every
// dataset is embedded once in the page however many charts read it.
export const BOOT = `(function () {
  var data = JSON.parse(document.getElementById('gw-data').textContent);
  var charts = JSON.parse(document.getElementById('gw-specs').textContent);
  charts.forEach(function (c, i) {
    var el = document.getElementById('chart-' + i);
    var datasets = {};
    c.datasets.forEach(function (name) { datasets[name] = data[name]; });
    var spec = Object.assign({}, c.spec, { datasets: datasets });
    vegaEmbed(el, spec, { actions: false, mode: 'vega-lite', renderer: 'svg' }).catch(function (err) {
      el.className += ' failed';
      el.textContent = 'Chart ' + c.id + ' failed to render: ' + err.message;
      console.error('chart ' + c.id + ': ' + err.message);
    });
  });
})();`;

function definitionList(items: readonly KeyParameter[]): string {
  if (items.length === 0) return '';
  return `<dl class="params">\n${items.map((p) => `<dt>${escapeHtml(p.label)}</dt><dd>${escapeHtml(p.value)}</dd>`).join('\n')}\n</dl>`;
}

function runSummaryTable(data: ReportData): string {
  const summary = data.summary;
  if (!summary) return '';
  const showAccuracy = summary.schemes.some((s) => typeof s.final?.accuracy === 'number');
  const showTarget = data.hasTarget;
  // a profile's loss is not missing but not simulated: say so rather than print a dash
  const lossCell = (loss: number | null | undefined) =>
    isProfile(summary.model) && (loss === null || loss === undefined)
      ? `<td class="not-simulated" title="${escapeHtml(summary.model?.loss ?? LOSS_NOT_SIMULATED)}">${LOSS_NOT_SIMULATED}</td>`
      : `<td>${escapeHtml(formatNumber(loss))}</td>`;
  const head = [...finalsHead(showAccuracy, ['Bytes / iteration']), ...(showTarget ? ['Time to target', 'Energy to target'] : [])];
  const rows = summary.schemes.map((s) => {
    const f = s.final;
    const bytes = finalWireBytes(s);
    const name = schemeCell(s.name, s.label);
    const exact = bytes === null ? '' : ` title="${escapeHtml(bytes.toLocaleString('en-US'))} B, up + down"`;
    const t = s.time_to_target;
    const cells = [
      `<td class="status status-${escapeHtml(s.status)}">${escapeHtml(s.status)}</td>`,
      `<td>${escapeHtml(String(s.iterations))}</td>`,
      `<td>${escapeHtml(formatSi(f?.time_s, 's'))}</td>`,
      lossCell(f?.loss),
      ...(showAccuracy ? [`<td>${escapeHtml(formatNumber(f?.accuracy))}</td>`] : []),
      `<td${exact}>${escapeHtml(formatBytes(bytes))}</td>`,
      `<td>${escapeHtml(formatBytes(data.bytesPerIteration.get(s.name) ?? null))}</td>`,
      `<td>${escapeHtml(formatSi(f?.energy_total_j, 'J'))}</td>`,
      ...(showTarget
        ? [
            t ? `<td title="at iteration ${escapeHtml(String(t.iteration))}">${escapeHtml(formatSi(t.time_s, 's'))}</td>` : '<td>not reached</td>',
            `<td>${t ? escapeHtml(formatSi(t.energy_j, 'J')) : '—'}</td>`,
          ]
        : []),
    ];
    return `<tr><th scope="row">${name}</th>${cells.join('')}</tr>`;
  });
  return htmlTable(head, rows);
}

function sweepPointsTable(manifest: SweepManifestJson): string {
  const params = manifest.parameters;
  const rows = manifest.points.map(
    (p) =>
      `<tr><th scope="row"><code>${escapeHtml(p.id)}</code></th>${params.map((k) => `<td>${escapeHtml(JSON.stringify(p.params[k] ?? null))}</td>`).join('')}<td>${escapeHtml(String(p.seed))}</td><td>${escapeHtml(String(p.run))}</td><td class="status status-${escapeHtml(p.status)}">${escapeHtml(p.status)}</td></tr>`,
  );
  const head = ['Point', ...params, 'Seed', 'Run', 'Status'];
  return `<details><summary>All ${manifest.points.length} points</summary>
${htmlTable(head, rows)}
</details>`;
}

/** What {@link renderPage} lays out. */
export interface PageInput {
  data: ReportData;
  charts: readonly FilledChart[];
  /** Datasets read by the charts, embedded once. */
  datasets: Datasets;
  /** Inlined browser builds of vega, vega-lite, vega-embed, in load order. */
  libraries: readonly string[];
  /** Directory of each chart's files relative to the page (`charts`), or none. */
  chartFilesDir?: string;
}

/** Renders the page. */
/**
 * A page's head up to `<body>`: the offline CSP (nothing may be loaded from
 * anywhere; Vega compiles expressions with Function(), hence 'unsafe-eval'),
 * the title and the base style plus `extraStyle`.
 */
export function pageHead(title: string, extraStyle: string): string {
  const csp = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}
${extraStyle}</style>
</head>
<body>`;
}

/** A page's embedded data, chart specs, inlined libraries and the boot script that renders the charts. */
export function pageScripts(datasets: unknown, specs: unknown, libraries: readonly string[]): string {
  return `<script type="application/json" id="gw-data">${scriptJson(datasets)}</script>
<script type="application/json" id="gw-specs">${scriptJson(specs)}</script>
${libraries.map((code) => `<script>${code}</script>`).join('\n')}
<script>${BOOT}</script>`;
}

export function renderPage({ data, charts, datasets, libraries, chartFilesDir }: PageInput): string {
  const manifest = data.manifest;
  const title = data.title;
  const sections = SECTIONS.map((s) => ({ ...s, charts: charts.map((c, i) => ({ c, i })).filter(({ c }) => c.section === s.id) })).filter((s) => s.charts.length > 0);
  const summaryHtml = data.kind === 'run' ? runSummaryTable(data) : manifest ? sweepPointsTable(manifest) : '';
  const nav = [...(summaryHtml ? [`<a href="#summary">${data.kind === 'run' ? 'Summary' : 'Points'}</a>`] : []), ...sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`)];
  const figure = (c: FilledChart, i: number) => {
    const files = chartFilesDir
      ? `<figcaption><a href="${escapeHtml(`${chartFilesDir}/${c.id}.vl.json`)}">Vega-Lite spec</a> · <a href="${escapeHtml(`${chartFilesDir}/${c.id}.svg`)}">SVG</a> · <a href="${escapeHtml(`${chartFilesDir}/${c.id}.png`)}">PNG</a></figcaption>`
      : '';
    return `<figure class="chart" data-spec="${escapeHtml(c.id)}"><div class="vega" id="chart-${i}"></div>${files}</figure>`;
  };
  const body = sections.map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.charts.map(({ c, i }) => figure(c, i)).join('\n')}\n</section>`);
  const specs = charts.map((c) => ({ id: c.id, spec: c.spec, datasets: c.datasets }));
  // the answer first: the verdict comes before the scenario's parameters and the summary
  const verdict = data.kind === 'run' ? verdictSection(data.summary?.verdict) : '';
  const facts = data.facts.map((f) => `<span>${escapeHtml(f.label)} <code>${escapeHtml(f.value)}</code></span>`).join('');
  return `${pageHead(`${title} — gradwire report`, VERDICT_STYLE)}
<header>
<h1>${escapeHtml(title)}</h1>
<p class="kind">${data.kind === 'run' ? 'gradwire run report' : 'gradwire sweep report'}</p>
${data.description ? `<p>${escapeHtml(data.description)}</p>\n` : ''}${data.notice ? `<p class="note" id="notice"><strong>${escapeHtml(data.notice.lead)}</strong> ${escapeHtml(data.notice.text)}</p>\n` : ''}</header>
${verdict ? `${verdict}\n` : ''}<div id="scenario">
<p class="meta">${facts}</p>
${definitionList(data.parameters)}
${data.swept.length > 0 ? `<h3>Swept parameters</h3>\n${definitionList(data.swept)}` : ''}
</div>
<nav>${nav.join('')}</nav>
${summaryHtml ? `<section id="summary">\n<h2>${data.kind === 'run' ? 'Summary' : 'Points'}</h2>\n${summaryHtml}\n</section>` : ''}
${body.join('\n')}
${pageScripts(datasets, specs, libraries)}
</body>
</html>
`;
}
