/**
 * Workload profiles in the report. A profile run (ResNet-50, GPT-2 … at true
 * size) runs real compressors on synthetic or recorded gradients but trains
 * nothing: its loss cells are empty and summary.json says so in `model.kind`
 * and `model.loss`. The report must say that plainly rather than show empty
 * charts or a blank loss column.
 */
import type { SummaryJson } from '../src/results/index.js';

/** The `model` object of summary.json (absent in files written before it existed). */
type SummaryModel = SummaryJson['model'];

/** A note shown near the top of the page: a bold lead, then plain text. */
export interface PageNote {
  lead: string;
  text: string;
}

/** The cell the summary table shows for the loss of a profile run. */
export const LOSS_NOT_SIMULATED = 'not simulated';

/** Whether summary.json describes a workload profile (nothing trained, no loss). */
export function isProfile(model: SummaryModel): boolean {
  return model?.kind === 'profile';
}

/**
 * Why the loss is absent, in summary.json's own words without its
 * `not simulated:` prefix (the note's lead says that already).
 */
function reason(model: NonNullable<SummaryModel>): string {
  const text = (model.loss ?? '').replace(/^\s*not simulated\s*[:—-]?\s*/i, '').trim();
  return text === '' ? 'a workload profile trains nothing' : text;
}

/**
 * The note of a report whose runs are workload profiles: which profile(s),
 * from which source, and why there is no loss (summary.json `model.loss`);
 * undefined when no run is a profile. Several models (a sweep over
 * `model.name`) are listed in first-seen order.
 */
export function profileNote(models: readonly SummaryModel[]): PageNote | undefined {
  const profiles: NonNullable<SummaryModel>[] = [];
  for (const m of models) if (m && isProfile(m) && !profiles.some((p) => p.name === m.name)) profiles.push(m);
  const first = profiles[0];
  if (first === undefined) return undefined;
  const names = profiles.map((p) => `${p.name} (d = ${p.dim.toLocaleString('en-US')})`).join(', ');
  const sources = [...new Set(profiles.map((p) => p.source).filter((s): s is string => typeof s === 'string' && s !== ''))];
  const what = profiles.length === 1 ? 'is a workload profile' : 'are workload profiles';
  const from = sources.length > 0 ? ` (${sources.join('; ')})` : '';
  return {
    lead: 'Loss not simulated.',
    text: `${names} ${what}${from}: ${reason(first)}. ` + 'The loss charts are left out; time, bytes, packets, energy and the compression error are simulated as for any run.',
  };
}
