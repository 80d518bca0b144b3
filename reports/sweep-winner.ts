/**
 * The `sweep_winner` dataset: which scheme wins where in a sweep with a
 * target. Each point's `runs/<id>/summary.json` holds the verdict of its run
 * (the scheme that reached the target first, its speed-up and cost ratios
 * against the baseline); a cell per combination of the swept parameters says
 * which scheme won most often over its runs, by how much, and in how many runs.
 */
import { formatBytes, formatSi } from './format.js';
import type { SummaryJson, VerdictEntryJson, VerdictJson } from '../src/results/index.js';
import { mean, schemeColumns, type Row } from './rows.js';
import type { SweepPointJson } from '../src/results/index.js';
import { ratioWords, speedupTimes } from '../src/results/ratio-words.js';

/** Where a combination's cell goes: its x and y values and its panel (as the other sweep charts place it). */
export interface CellPlace {
  x: string;
  x_order: number;
  y: string;
  y_order: number;
  facet: string;
  facet_order: number;
}

const meanOf = (entries: readonly VerdictEntryJson[], pick: (e: VerdictEntryJson) => number | null): number | null =>
  mean(entries.map(pick).filter((v): v is number => v !== null && Number.isFinite(v)));

/**
 * One row per combination of swept parameters whose runs have a verdict: the
 * winner (most runs won; ties by the sooner mean time to target, then scheme
 * order), `wins` of `runs`, and the means over the runs it won of its time to
 * target and its ratios against the baseline. `scheme` is null where no run
 * reached the target. None at all when no point has a verdict (no target).
 * @param combos the sweep's points grouped by combination, in sweep order.
 */
export function winnerRows(
  combos: readonly (readonly SweepPointJson[])[],
  summaries: ReadonlyMap<string, SummaryJson>,
  placeOf: (p: SweepPointJson) => CellPlace,
  display: Map<string, string>,
): Row[] {
  const schemeCols = schemeColumns(display);
  const order = [...display.keys()];
  const out: Row[] = [];
  for (const points of combos) {
    const verdicts = points.map((p) => summaries.get(p.id)?.verdict).filter((v): v is VerdictJson => v !== undefined);
    if (verdicts.length === 0) continue;
    const won = new Map<string, VerdictEntryJson[]>();
    for (const v of verdicts) {
      const entry = v.winner === null ? undefined : v.ranking.find((e) => e.scheme === v.winner);
      if (entry) won.set(entry.scheme, [...(won.get(entry.scheme) ?? []), entry]);
    }
    const [winner, entries] = [...won].sort(
      ([a, ea], [b, eb]) => eb.length - ea.length || (meanOf(ea, (e) => e.time_s) ?? Infinity) - (meanOf(eb, (e) => e.time_s) ?? Infinity) || order.indexOf(a) - order.indexOf(b),
    )[0] ?? [undefined, []];
    const place = placeOf(points[0]!);
    const runs = verdicts.length;
    const wins = entries.length;
    const partial = wins < runs ? ` · ${wins}/${runs}` : '';
    const baseline = verdicts[0]!.baseline;
    if (winner === undefined) {
      out.push({
        ...place,
        scheme: null,
        scheme_label: null,
        scheme_order: null,
        winner_text: 'none reached the target',
        wins: 0,
        runs,
        wins_text: `0/${runs}`,
        time_text: null,
        speedup: null,
        speedup_text: null,
        bytes_text: null,
        energy_text: null,
        cell_text: 'none',
      });
      continue;
    }
    const speedup = meanOf(entries, (e) => e.speedup);
    const time = meanOf(entries, (e) => e.time_s);
    const bytes = meanOf(entries, (e) => e.wire_bytes);
    const isBaseline = winner === baseline;
    out.push({
      ...place,
      ...schemeCols(winner),
      winner_text: display.get(winner) ?? winner,
      wins,
      runs,
      wins_text: `${wins}/${runs}`,
      time_text: time === null ? null : `${formatSi(time, 's')}, ${formatBytes(bytes)}`,
      speedup,
      speedup_text: isBaseline ? 'the baseline itself' : speedup === null ? 'the baseline never reached the target' : `${speedupTimes(speedup)} sooner`,
      bytes_text: isBaseline
        ? null
        : ratioWords(
            meanOf(entries, (e) => e.bytes_ratio),
            'fewer',
            'more',
          ),
      energy_text: isBaseline
        ? null
        : ratioWords(
            meanOf(entries, (e) => e.energy_ratio),
            'less',
            'more',
          ),
      cell_text: `${isBaseline ? 'baseline' : speedup === null ? 'baseline ✗' : speedupTimes(speedup)}${partial}`,
    });
  }
  return out;
}
