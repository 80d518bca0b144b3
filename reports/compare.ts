/**
 * A comparison report of several run directories (`gradwire compare a b
 * --out c`): runs of different scenarios on the same charts, for what-if
 * studies run by hand. Like a sweep whose points are the given runs, each
 * labelled by its directory name: the convergence charts draw one line per
 * (run, scheme), a colour per scheme and a dash per run; a table gives each
 * run's schemes' final values and time to target; runs with a verdict have
 * their sentence shown. Only result files are read (metrics.csv,
 * summary.json, scenario.resolved.yaml), as for every report.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { CHARTS_DIR, inlineLibrary, LIBRARIES, writeAtomic, writeCharts } from './build.js';
import { escapeHtml, formatBytes, formatNumber, formatSi } from './format.js';
import { pageHead, pageScripts } from './html.js';
import { finalsHead, finalWireBytes, htmlTable, schemeCell } from './html-table.js';
import { displayNames, finite, groupBy, schemeColumns, thin, type Datasets, type Row } from './rows.js';
import { RUN_FILES, SWEEP_FILES, type SummaryJson } from '../src/results/index.js';
import { allInOrder, ResultFileError } from './result-file.js';
import { readMetrics, readSummary, type ReadMetricRow } from './run-data.js';
import { fillTemplate, type FilledChart } from './spec-fill.js';
import { loadTheme, type ChartTemplate } from './spec-templates.js';
import { isSweepDir } from './sweep-data.js';
import { VERDICT_STYLE } from './verdict.js';

/** One run of a comparison. */
export interface CompareRun {
  /** Absolute path of the run directory. */
  dir: string;
  /** Its name on the page and the charts: the directory's name. */
  label: string;
  summary: SummaryJson;
  metrics: ReadMetricRow[];
}

/** The dataset of the comparison's convergence charts. */
export const COMPARE_DATASET = 'compare_convergence';

/** Options of {@link buildComparison}. */
export interface CompareOptions {
  /** Directory of theme.json (default: reports/specs). */
  specsDir?: string;
  /** Write `charts/<id>.svg` and `.png` besides the specs (default true). */
  images?: boolean;
}

/**
 * Reads and checks the run directories: at least two, each an existing run
 * directory (metrics.csv and summary.json, not a sweep), with distinct
 * directory names. Bad input throws a {@link ResultFileError} naming the
 * directory (the CLI exits 2 on it).
 */
export async function readCompareRuns(dirs: readonly string[]): Promise<CompareRun[]> {
  if (dirs.length < 2) {
    throw new ResultFileError(`compare needs at least two run directories, got ${dirs.length}${dirs.length === 1 ? ` (${dirs[0]})` : ''}`);
  }
  const seen = new Map<string, string>();
  for (const given of dirs) {
    const dir = resolve(given);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ResultFileError(`${given}: no such run directory`);
    if (isSweepDir(dir))
      throw new ResultFileError(`${given} is a sweep directory (it holds ${SWEEP_FILES.csv}); compare takes run directories (e.g. its ${SWEEP_FILES.runs}/<point>/), or use gradwire report ${given}`);
    for (const file of [RUN_FILES.metrics, RUN_FILES.summary]) {
      if (!existsSync(join(dir, file))) throw new ResultFileError(`${given} is not a run directory: ${file} not found (expected ${join(dir, file)})`);
    }
    const label = basename(dir);
    const other = seen.get(label);
    if (other !== undefined) {
      throw new ResultFileError(`two runs named "${label}": ${other} and ${given}; runs are labelled by directory name, so give each a distinct one`);
    }
    seen.set(label, given);
  }
  return Promise.all(
    dirs.map(async (given) => {
      const dir = resolve(given);
      const [summary, metrics] = await allInOrder([readSummary(dir), readMetrics(dir)] as const);
      return { dir, label: basename(dir), summary, metrics };
    }),
  );
}

/** The x axes of the comparison's convergence charts. */
const AXES = [
  { id: 'time', field: 'time_s', title: 'Simulated time (s)', log: true, caption: 'Wall-clock view: the curve that falls first trains fastest on its network.' },
  { id: 'bytes', field: 'wire_bytes_total', title: 'Wire bytes, up + down (B)', log: true, caption: 'What each run’s schemes put on the wire to get there.' },
  { id: 'packets', field: 'packets_total', title: 'Packets, up + down', log: true, caption: 'Packets sent, up and down, to reach each loss.' },
  { id: 'energy', field: 'energy_total_j', title: 'Energy, all nodes (J)', log: true, caption: 'Joules spent by every node to reach each loss.' },
  { id: 'iteration', field: 'iteration', title: 'Iteration', log: false, caption: 'Per step: what compression costs in progress, whatever the network.' },
] as const;

/** The tooltip lines every comparison chart starts with: which run, which scheme. */
const RUN_SCHEME_TOOLTIP = [
  { field: 'run', type: 'nominal', title: 'Run' },
  { field: 'scheme_label', type: 'nominal', title: 'Scheme' },
];

/** Names of the comparison charts, in page order. */
export const COMPARE_CHARTS = AXES.map((a) => `compare-loss-vs-${a.id}`);

/** The chart templates of a comparison: loss against each axis, a colour per scheme, a dash per run. */
export function compareTemplates(runLabels: readonly string[]): ChartTemplate[] {
  return AXES.map((a) => {
    const tooltip = [
      ...RUN_SCHEME_TOOLTIP,
      { field: 'iteration', type: 'quantitative', title: 'Iteration' },
      { field: 'time_s', type: 'quantitative', title: 'Simulated time (s)', format: '.4~g' },
      { field: 'loss', type: 'quantitative', title: 'Training loss', format: '.4~g' },
      { field: 'accuracy', type: 'quantitative', title: 'Test accuracy', format: '.2%' },
      { field: 'wire_bytes_total', type: 'quantitative', title: 'Wire bytes, up + down (B)', format: ',.0f' },
      { field: 'packets_total', type: 'quantitative', title: 'Packets, up + down', format: ',.0f' },
      { field: 'energy_total_j', type: 'quantitative', title: 'Energy (J)', format: '.4~g' },
    ];
    const y = { field: 'loss', type: 'quantitative', title: 'Training loss', scale: { type: 'log', zero: false, nice: false } };
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      description: `Training loss against ${a.title.toLowerCase()}: one line per run and scheme (colour: scheme, dash: run).`,
      title: { text: `Runs compared: loss vs ${a.title.replace(/ \(.*\)$/, '').toLowerCase()}`, subtitle: `${a.caption} Colour: scheme; dash: run.` },
      data: { name: COMPARE_DATASET },
      width: 640,
      height: 320,
      encoding: {
        // SI prefixes (200µ, 4k): a run of microseconds would read 0.0000 with plain decimals
        x: { field: a.field, type: 'quantitative', title: a.title, ...(a.log ? { scale: { type: 'log', nice: false }, axis: { format: '~s' } } : {}) },
        color: { field: 'scheme_label', type: 'nominal', title: 'Scheme' },
      },
      layer: [
        {
          mark: { type: 'line', strokeWidth: 2 },
          // the dash on the line layer only, so its legend draws line symbols (not the invisible hover points)
          encoding: {
            y,
            detail: { field: 'series', type: 'nominal' },
            strokeDash: { field: 'run', type: 'nominal', title: 'Run', sort: [...runLabels], legend: { symbolType: 'stroke', symbolStrokeColor: '#444', symbolSize: 400 } },
          },
        },
        { mark: { type: 'point', filled: true, size: 40, opacity: 0, aria: false }, encoding: { y: { field: 'loss', type: 'quantitative' }, tooltip } },
      ],
    };
    return { id: `compare-loss-vs-${a.id}`, spec: spec as unknown as TopLevelSpec };
  });
}

/** The dataset of the time, bytes and energy to target chart. */
export const COMPARE_TARGETS = 'compare_targets';

/** Id of the chart of time, bytes and energy to target, one bar per (run, scheme) that reached it. */
export const COMPARE_TARGET_CHART = 'compare-time-to-target';

/** The bars of time, wire bytes and energy to the target per run and scheme. */
function targetTemplate(runLabels: readonly string[]): ChartTemplate {
  const panel = (field: string, title: string, withY: boolean) => ({
    width: 260,
    height: { step: 18 },
    encoding: {
      y: { field: 'run', type: 'nominal', title: withY ? 'Run' : null, sort: [...runLabels], ...(withY ? {} : { axis: null }) },
      yOffset: { field: 'scheme_label', type: 'nominal', sort: { field: 'scheme_order', op: 'min' } },
      x: { field, type: 'quantitative', title, axis: { format: '~s' } },
      color: { field: 'scheme_label', type: 'nominal', title: 'Scheme' },
      tooltip: [
        ...RUN_SCHEME_TOOLTIP,
        { field: 'target', type: 'nominal', title: 'Target' },
        { field: 'iteration', type: 'quantitative', title: 'Iteration reached' },
        { field: 'time_s', type: 'quantitative', title: 'Simulated time (s)', format: '.4~g' },
        { field: 'wire_bytes', type: 'quantitative', title: 'Wire bytes, up + down (B)', format: ',.0f' },
        { field: 'energy_j', type: 'quantitative', title: 'Energy (J)', format: '.4~g' },
      ],
    },
    mark: { type: 'bar', cornerRadiusEnd: 2 },
  });
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Simulated time, wire bytes and energy until each scheme of each run first reached its run’s target; schemes that never reached it have no bar.',
    title: { text: 'Runs compared: time, bytes and energy to target', subtitle: 'Shorter bars win; a scheme without a bar did not reach its run’s target (see the table).' },
    data: { name: COMPARE_TARGETS },
    hconcat: [panel('time_s', 'Simulated time to target (s)', true), panel('wire_bytes', 'Wire bytes to target (B)', false), panel('energy_j', 'Energy to target (J)', false)],
  };
  return { id: COMPARE_TARGET_CHART, spec: spec as unknown as TopLevelSpec };
}

/** The `compare_targets` rows: each (run, scheme) that reached its target, from summary.json's time_to_target. */
export function compareTargetRows(runs: readonly CompareRun[], display: Map<string, string>): Row[] {
  const schemeCols = schemeColumns(display);
  return runs.flatMap((run, runOrder) =>
    run.summary.schemes.flatMap((s) => {
      const t = s.time_to_target;
      if (!t) return [];
      return [
        {
          run: run.label,
          run_order: runOrder,
          ...schemeCols(s.name),
          target: run.summary.verdict?.target ?? t.target,
          iteration: t.iteration,
          time_s: t.time_s,
          wire_bytes: t.wire_bytes,
          energy_j: t.energy_j,
        },
      ];
    }),
  );
}

/** Scheme display names over all runs, in first-seen order (a scheme of the same name has the same colour in every run). */
function schemeDisplay(runs: readonly CompareRun[]): Map<string, string> {
  const list: { name: string; label?: string | undefined }[] = [];
  for (const r of runs) for (const s of r.summary.schemes) if (!list.some((x) => x.name === s.name)) list.push({ name: s.name, label: s.label });
  for (const r of runs) for (const m of r.metrics) if (!list.some((x) => x.name === m.scheme)) list.push({ name: m.scheme });
  return displayNames(list);
}

/**
 * The `compare_convergence` rows: every metrics.csv row of every run (a
 * series longer than MAX_POINTS_PER_SERIES thinned), with its run, scheme
 * columns and `series` (run · scheme).
 */
export function compareRows(runs: readonly CompareRun[], display: Map<string, string>): Row[] {
  const schemeCols = schemeColumns(display);
  const out: Row[] = [];
  runs.forEach((run, runOrder) => {
    for (const [scheme, rows] of groupBy(run.metrics, (r) => r.scheme)) {
      const cols = schemeCols(scheme);
      for (const r of thin([...rows].sort((a, b) => a.iteration - b.iteration))) {
        out.push({
          run: run.label,
          run_order: runOrder,
          // the log-scale rule compares the totals of each (group, scheme): a group per run
          group: run.label,
          ...cols,
          series: `${run.label} · ${cols.scheme_label}`,
          iteration: r.iteration,
          time_s: r.time_s,
          wire_bytes_total: r.wire_bytes_total,
          packets_total: r.packets_total,
          energy_total_j: r.energy_total_j,
          loss: finite(r.loss) ? r.loss : null,
          accuracy: finite(r.accuracy) ? r.accuracy : null,
        });
      }
    }
  });
  return out;
}

/** A comparison, compiled but not written. */
export interface CompiledComparison {
  runs: CompareRun[];
  schemes: string[];
  charts: FilledChart[];
  datasets: Datasets;
}

/** Reads the runs and fills the comparison's charts (those without data left out). */
export async function compileComparison(dirs: readonly string[], options: CompareOptions = {}): Promise<CompiledComparison> {
  const runs = await readCompareRuns(dirs);
  const theme = await loadTheme(options.specsDir);
  const display = schemeDisplay(runs);
  const schemes = [...display.values()];
  const datasets: Datasets = { [COMPARE_DATASET]: compareRows(runs, display), [COMPARE_TARGETS]: compareTargetRows(runs, display) };
  const ctx = { datasets, tokens: {}, schemes, theme };
  const labels = runs.map((r) => r.label);
  const charts = [...compareTemplates(labels), targetTemplate(labels)]
    .map((t) => fillTemplate(t, ctx))
    .filter((c): c is FilledChart => c !== null)
    .map((c) => ({ ...c, section: 'convergence' as const }));
  return { runs, schemes, charts, datasets };
}

/** The table of runs: directory, scenario, seed, schemes, verdict sentence. */
function runsTable(runs: readonly CompareRun[]): string {
  const rows = runs.map((r) => {
    const s = r.summary;
    return `<tr data-run="${escapeHtml(r.label)}"><th scope="row"><code>${escapeHtml(r.label)}</code></th><td class="text">${escapeHtml(s.scenario.name)}</td><td class="text">${escapeHtml(s.scenario.description ?? '')}</td><td>${escapeHtml(String(s.seed))}</td><td>${escapeHtml(String(s.schemes.length))}</td><td class="text" title="${escapeHtml(r.dir)}">${escapeHtml(r.dir)}</td></tr>`;
  });
  const head = ['Run', 'Scenario', 'Description', 'Seed', 'Schemes', 'Directory'];
  return htmlTable(head, rows, ' class="runs"');
}

/** Each run's verdict sentence, for the runs that have one. */
function verdicts(runs: readonly CompareRun[]): string {
  const items = runs
    .filter((r) => r.summary.verdict)
    .map((r) => `<li data-run="${escapeHtml(r.label)}"><strong><code>${escapeHtml(r.label)}</code></strong>: <span class="verdict-text">${escapeHtml(r.summary.verdict!.sentence)}</span></li>`);
  return items.length === 0 ? '' : `<section id="verdicts">\n<h2>Verdicts</h2>\n<ul class="verdicts">\n${items.join('\n')}\n</ul>\n</section>`;
}

/** The final values of every run's schemes, and their time to target. */
function finalsTable(runs: readonly CompareRun[]): string {
  const showAccuracy = runs.some((r) => r.summary.schemes.some((s) => typeof s.final?.accuracy === 'number'));
  const showTarget = runs.some((r) => r.summary.verdict || r.summary.schemes.some((s) => s.time_to_target));
  const head = ['Run', ...finalsHead(showAccuracy), ...(showTarget ? ['Target', 'Time to target', 'Bytes to target', 'Energy to target'] : [])];
  const rows = runs.flatMap((r) =>
    r.summary.schemes.map((s) => {
      const f = s.final;
      const bytes = finalWireBytes(s);
      const t = s.time_to_target;
      // the verdict's target (`training loss ≤ 0.6`); a time to target's own text says what was reached
      const target = r.summary.verdict?.target ?? t?.target;
      const cells = [
        `<td class="status status-${escapeHtml(s.status)}">${escapeHtml(s.status)}</td>`,
        `<td>${escapeHtml(String(s.iterations))}</td>`,
        `<td data-time-s="${f?.time_s ?? ''}">${escapeHtml(formatSi(f?.time_s, 's'))}</td>`,
        `<td data-loss="${f?.loss ?? ''}">${escapeHtml(formatNumber(f?.loss))}</td>`,
        ...(showAccuracy ? [`<td>${escapeHtml(formatNumber(f?.accuracy))}</td>`] : []),
        `<td data-wire-bytes="${bytes ?? ''}"${bytes === null ? '' : ` title="${escapeHtml(bytes.toLocaleString('en-US'))} B, up + down"`}>${escapeHtml(formatBytes(bytes))}</td>`,
        `<td data-energy-j="${f?.energy_total_j ?? ''}">${escapeHtml(formatSi(f?.energy_total_j, 'J'))}</td>`,
        ...(showTarget
          ? [
              `<td class="text">${escapeHtml(target ?? '—')}</td>`,
              t
                ? `<td data-time-to-target-s="${t.time_s}" title="at iteration ${escapeHtml(String(t.iteration))}">${escapeHtml(formatSi(t.time_s, 's'))}</td>`
                : `<td class="not-reached">${target ? 'not reached' : '—'}</td>`,
              `<td>${t ? escapeHtml(formatBytes(t.wire_bytes)) : '—'}</td>`,
              `<td>${t ? escapeHtml(formatSi(t.energy_j, 'J')) : '—'}</td>`,
            ]
          : []),
      ];
      return `<tr data-run="${escapeHtml(r.label)}" data-scheme="${escapeHtml(s.name)}"><th scope="row"><code>${escapeHtml(r.label)}</code></th><th scope="row">${schemeCell(s.name, s.label)}</th>${cells.join('')}</tr>`;
    }),
  );
  return htmlTable(head, rows, ' class="finals"');
}

const COMPARE_STYLE = `td.text{text-align:left;white-space:normal}ul.verdicts li{margin:.4rem 0}td.not-reached{color:#666;font-style:italic}
table.finals th[scope=row]{font-weight:normal}`;

/** The comparison page: runs, verdicts, the finals table, the charts; data embedded once, libraries inlined, nothing loaded. */
export function renderComparePage(c: CompiledComparison, libraries: readonly string[], chartFilesDir?: string): string {
  const title = `Comparison: ${c.runs.map((r) => r.label).join(' vs ')}`;
  const figure = (ch: FilledChart, i: number) => {
    const files = chartFilesDir
      ? `<figcaption><a href="${escapeHtml(`${chartFilesDir}/${ch.id}.vl.json`)}">Vega-Lite spec</a> · <a href="${escapeHtml(`${chartFilesDir}/${ch.id}.svg`)}">SVG</a> · <a href="${escapeHtml(`${chartFilesDir}/${ch.id}.png`)}">PNG</a></figcaption>`
      : '';
    return `<figure class="chart" data-spec="${escapeHtml(ch.id)}"><div class="vega" id="chart-${i}"></div>${files}</figure>`;
  };
  const specs = c.charts.map((ch) => ({ id: ch.id, spec: ch.spec, datasets: ch.datasets }));
  const verdictHtml = verdicts(c.runs);
  const versions = [...new Set(c.runs.map((r) => r.summary.gradwire).filter((v): v is string => v !== undefined))];
  return `${pageHead(`${title} — gradwire comparison`, `${VERDICT_STYLE}\n${COMPARE_STYLE}`)}
<header>
<h1>${escapeHtml(title)}</h1>
<p class="kind">gradwire comparison report</p>
<p>${c.runs.length} runs on the same charts: a colour per scheme, a dash per run.${versions.length > 0 ? ` gradwire ${escapeHtml(versions.join(', '))}.` : ''}</p>
</header>
<nav>${verdictHtml ? '<a href="#verdicts">Verdicts</a>' : ''}<a href="#runs">Runs</a><a href="#finals">Final values</a>${c.charts.length > 0 ? '<a href="#convergence">Charts</a>' : ''}</nav>
${verdictHtml}
<section id="runs">
<h2>Runs</h2>
${runsTable(c.runs)}
</section>
<section id="finals">
<h2>Final values and time to target</h2>
${finalsTable(c.runs)}
</section>
${c.charts.length > 0 ? `<section id="convergence">\n<h2>Convergence and cost to target</h2>\n${c.charts.map((ch, i) => figure(ch, i)).join('\n')}\n</section>` : ''}
${pageScripts(c.datasets, specs, libraries)}
</body>
</html>
`;
}

/**
 * Builds the comparison report of run directories into `outDir`:
 * `index.html` and `charts/<id>.vl.json`, `.svg`, `.png`.
 * @returns the absolute path of the written index.html.
 * @throws ResultFileError on bad input (fewer than two directories, one that is not a run directory, duplicate names).
 */
export async function buildComparison(dirs: readonly string[], outDir: string, options: CompareOptions = {}): Promise<string> {
  const out = resolve(outDir);
  const [compiled, libraries] = await Promise.all([compileComparison(dirs, options), Promise.all(LIBRARIES.map(({ pkg, file }) => inlineLibrary(pkg, file)))]);
  await writeCharts(out, compiled.charts, compiled.datasets, options.images !== false);
  const index = join(out, 'index.html');
  await writeAtomic(index, renderComparePage(compiled, libraries, CHARTS_DIR));
  return index;
}
