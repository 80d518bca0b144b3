/**
 * The verdict at the top of a run report: summary.json's `verdict` (runs with
 * a stopping target) as one sentence and a table ranking the schemes by time
 * to the target, with the wire bytes, packets and energy each spent to reach
 * it and its ratio against the baseline (the scenario's first scheme); schemes
 * that never reached the target are listed as such, with their best loss and
 * accuracy. Every number is summary.json's own: shown short, exact in the
 * cell's `title` and in `data-*` attributes.
 */
import { escapeHtml, formatBytes, formatNumber, formatSi } from './format.js';
import type { VerdictEntryJson, VerdictJson } from '../src/results/index.js';
import { aboutSame, ratioWords } from '../src/results/ratio-words.js';
import { schemeCell } from './html-table.js';

/** The verdict's styles, added to the page's. */
export const VERDICT_STYLE = `.verdict-sentence{font-size:1.15rem;font-weight:600;background:#eef7f0;border-left:4px solid #1a7f37;padding:.6rem .9rem;margin:1rem 0}
table.verdict{width:100%}table.verdict thead th{white-space:nowrap}table.verdict thead tr:first-child th[colspan]{border-bottom:1px solid #ddd;text-align:center}
table.verdict th,table.verdict td{padding:.35rem .45rem}table.verdict thead th:nth-child(2){text-align:left}table.verdict th[scope=row]{font-weight:normal;white-space:normal;min-width:10em}table.verdict tr.winner{background:#f3faf4}table.verdict tr.winner th[scope=row]{font-weight:600}
table.verdict th[scope=row] code{font-size:.8em;color:#555;white-space:nowrap}
table.verdict td.better{color:#1a7f37}table.verdict td.worse{color:#b35900}table.verdict td.baseline{color:#666}
table.verdict td.not-reached{color:#666;font-style:italic;text-align:left}
p.verdict-note{font-size:.85rem;color:#666;margin-top:-.5rem}`;

/** The attribute form of a number: its shortest exact text (as in the result files), empty for null. */
const exact = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

/** How a ratio reads: [better word, worse word], e.g. sooner / later. */
type Words = readonly [string, string];

/** A ratio cell: baseline's / this scheme's cost (> 1: better than the baseline). */
function ratioCell(e: VerdictEntryJson, ratio: number | null, words: Words, isBaseline: boolean, baselineName: string): string {
  if (isBaseline) return '<td class="ratio baseline">baseline</td>';
  const [better, worse] = words;
  const text = ratioWords(ratio, better, worse, '≈ same');
  if (ratio === null || text === null) return '<td class="ratio">—</td>';
  const cls = aboutSame(ratio) ? '' : ratio > 1 ? ' better' : ' worse';
  const title = `${baselineName} ÷ ${e.scheme} = ${exact(ratio)}`;
  return `<td class="ratio${cls}" data-ratio="${exact(ratio)}" title="${escapeHtml(title)}">${escapeHtml(text)}</td>`;
}

function row(e: VerdictEntryJson, rank: number | null, v: VerdictJson): string {
  const isBaseline = e.scheme === v.baseline;
  const cls = [e.scheme === v.winner ? 'winner' : '', isBaseline ? 'baseline' : ''].filter(Boolean).join(' ');
  const attrs = [
    `data-scheme="${escapeHtml(e.scheme)}"`,
    `data-reached="${e.reached}"`,
    `data-iteration="${exact(e.iteration)}"`,
    `data-time-s="${exact(e.time_s)}"`,
    `data-wire-bytes="${exact(e.wire_bytes)}"`,
    `data-packets="${exact(e.packets)}"`,
    `data-energy-j="${exact(e.energy_j)}"`,
    `data-best-loss="${exact(e.best_loss)}"`,
    `data-best-accuracy="${exact(e.best_accuracy)}"`,
    ...(cls ? [`class="${cls}"`] : []),
  ].join(' ');
  const head = `<td class="rank">${rank === null ? '—' : rank}</td><th scope="row">${schemeCell(e.scheme, e.label)}</th>`;
  if (!e.reached) {
    const got = [e.best_loss !== null ? `best loss ${formatNumber(e.best_loss)}` : undefined, e.best_accuracy !== null ? `best accuracy ${formatNumber(e.best_accuracy)}` : undefined].filter(Boolean);
    const title = [e.best_loss !== null ? `loss ${exact(e.best_loss)}` : '', e.best_accuracy !== null ? `accuracy ${exact(e.best_accuracy)}` : ''].filter(Boolean).join(', ');
    const reach = got.length > 0 ? `not reached: ${got.join(', ')}` : 'not reached';
    return `<tr ${attrs}>${head}<td class="not-reached" colspan="9"${title ? ` title="${escapeHtml(title)}"` : ''}>${escapeHtml(reach)}</td></tr>`;
  }
  const base = v.baseline;
  const cells = [
    `<td class="iteration">${escapeHtml(exact(e.iteration))}</td>`,
    `<td class="time" title="${escapeHtml(`${exact(e.time_s)} s`)}">${escapeHtml(formatSi(e.time_s, 's'))}</td>`,
    ratioCell(e, e.speedup, ['sooner', 'later'], isBaseline, base),
    `<td class="bytes" title="${escapeHtml(`${e.wire_bytes?.toLocaleString('en-US') ?? ''} B, up + down`)}">${escapeHtml(formatBytes(e.wire_bytes))}</td>`,
    ratioCell(e, e.bytes_ratio, ['fewer', 'more'], isBaseline, base),
    `<td class="packets" title="${escapeHtml(`${exact(e.packets)} packets, up + down`)}">${escapeHtml(e.packets?.toLocaleString('en-US') ?? '—')}</td>`,
    ratioCell(e, e.packets_ratio, ['fewer', 'more'], isBaseline, base),
    `<td class="energy" title="${escapeHtml(`${exact(e.energy_j)} J`)}">${escapeHtml(formatSi(e.energy_j, 'J'))}</td>`,
    ratioCell(e, e.energy_ratio, ['less', 'more'], isBaseline, base),
  ];
  return `<tr ${attrs}>${head}${cells.join('')}</tr>`;
}

/**
 * The verdict section of a run report (`<section id="verdict">`): the
 * sentence, then the ranking; empty without a verdict (no target).
 */
export function verdictSection(verdict: VerdictJson | undefined): string {
  if (verdict === undefined) return '';
  let rank = 0;
  const rows = verdict.ranking.map((e) => row(e, e.reached ? ++rank : null, verdict));
  const baseline = verdict.ranking.find((e) => e.scheme === verdict.baseline);
  const baselineName = baseline?.label || verdict.baseline;
  const th = (text: string, attrs = '') => `<th scope="col"${attrs}>${escapeHtml(text)}</th>`;
  const pair = (what: string) => `<th scope="colgroup" colspan="2">${escapeHtml(what)}</th>`;
  const vs = th(`vs ${verdict.baseline}`);
  return `<section id="verdict">
<h2>Verdict: first to ${escapeHtml(verdict.target)}</h2>
<p class="verdict-sentence" id="verdict-sentence">${escapeHtml(verdict.sentence)}</p>
<table class="verdict">
<thead>
<tr>${th('#', ' rowspan="2"')}${th('Scheme', ' rowspan="2"')}${th('Iterations', ' rowspan="2"')}${pair('Simulated time')}${pair('Wire bytes, up + down')}${pair('Packets, up + down')}${pair('Energy, all nodes')}</tr>
<tr>${[1, 2, 3, 4].map(() => `${th('to target')}${vs}`).join('')}</tr>
</thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<p class="verdict-note">Ranked by simulated time to the target (ties by fewer wire bytes); the baseline is ${escapeHtml(baselineName)}, the scenario’s first scheme. Ratios are the baseline’s cost over each scheme’s; hover a number for its exact value.</p>
</section>`;
}
