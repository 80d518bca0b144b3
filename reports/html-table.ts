/** Pieces of the HTML tables the run page (html.ts) and the comparison page (compare.ts) both draw. */
import type { SchemeSummaryJson } from '../src/results/index.js';
import { escapeHtml } from './format.js';

/** A table: a header row of `head`, then `rows` (each a whole `<tr>`); `attrs` goes on `<table>` (e.g. ` class="runs"`). */
export function htmlTable(head: readonly string[], rows: readonly string[], attrs = ''): string {
  return `<table${attrs}>
<thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/** A scheme's name as a table shows it: its label and identifier, or the identifier alone. */
export function schemeCell(name: string, label: string | undefined): string {
  return label && label !== name ? `${escapeHtml(label)} <code>${escapeHtml(name)}</code>` : `<code>${escapeHtml(name)}</code>`;
}

/** The columns of a final-results table from Scheme to Energy, `afterBytes` right after Wire bytes. */
export function finalsHead(showAccuracy: boolean, afterBytes: readonly string[] = []): string[] {
  return ['Scheme', 'Status', 'Iterations', 'Simulated time', 'Final loss', ...(showAccuracy ? ['Final accuracy'] : []), 'Wire bytes', ...afterBytes, 'Energy'];
}

/** A scheme's wire bytes at the end, up + down; null when either is unknown. */
export function finalWireBytes(s: SchemeSummaryJson): number | null {
  const f = s.final;
  return f && f.wire_bytes_up !== null && f.wire_bytes_down !== null ? f.wire_bytes_up + f.wire_bytes_down : null;
}
