import type { VerdictEntryJson, VerdictJson } from '../results/index.js';
import { ratioWords, speedupTimes } from '../results/ratio-words.js';
import type { Scenario } from '../scenario/schema.js';
import type { MetricRow } from './results.js';
import type { SchemeSummary } from './summary.js';

/** The target of `training.stop` in words (undefined: none set). */
export function targetText(s: Scenario): string | undefined {
  const { targetLoss, targetAccuracy } = s.training.stop;
  const parts = [targetLoss !== undefined ? `training loss ≤ ${targetLoss}` : undefined, targetAccuracy !== undefined ? `test accuracy ≥ ${targetAccuracy}` : undefined].filter((x) => x !== undefined);
  return parts.length > 0 ? parts.join(' or ') : undefined;
}

const ratio = (base: number | null | undefined, mine: number | null | undefined): number | null =>
  base === null || base === undefined || mine === null || mine === undefined || mine <= 0 ? null : base / mine;

/**
 * The verdict of a run with a target (`training.stop.targetLoss` or
 * `targetAccuracy`), from its schemes' summaries and metric rows; undefined
 * without a target. Every number comes from the result files' own values.
 */
export function verdictOf(s: Scenario, schemes: readonly SchemeSummary[], rows: readonly MetricRow[]): VerdictJson | undefined {
  const target = targetText(s);
  if (target === undefined || schemes.length === 0) return undefined;
  const baseline = schemes[0]!;
  const best = (name: string, pick: (r: MetricRow) => number | null, better: (a: number, b: number) => boolean) => {
    let v: number | null = null;
    for (const r of rows) {
      const x = r.scheme === name ? pick(r) : null;
      if (x !== null && Number.isFinite(x) && (v === null || better(x, v))) v = x;
    }
    return v;
  };
  const base = baseline.timeToTarget;
  const entries: VerdictEntryJson[] = schemes.map((x) => {
    const t = x.timeToTarget;
    return {
      scheme: x.name,
      label: x.label,
      reached: t !== null,
      iteration: t?.iteration ?? null,
      time_s: t?.time_s ?? null,
      wire_bytes: t?.wire_bytes ?? null,
      packets: t?.packets ?? null,
      energy_j: t?.energy_j ?? null,
      speedup: t && base ? ratio(base.time_s, t.time_s) : null,
      bytes_ratio: t && base ? ratio(base.wire_bytes, t.wire_bytes) : null,
      packets_ratio: t && base ? ratio(base.packets, t.packets) : null,
      energy_ratio: t && base ? ratio(base.energy_j, t.energy_j) : null,
      best_loss: best(
        x.name,
        (r) => r.loss,
        (a, b) => a < b,
      ),
      best_accuracy: best(
        x.name,
        (r) => r.accuracy,
        (a, b) => a > b,
      ),
    };
  });
  const order = new Map(schemes.map((x, i) => [x.name, i]));
  const reached = entries.filter((e) => e.reached).sort((a, b) => a.time_s! - b.time_s! || a.wire_bytes! - b.wire_bytes! || order.get(a.scheme)! - order.get(b.scheme)!);
  const ranking = [...reached, ...entries.filter((e) => !e.reached)];
  const winner = reached[0];
  return { target, baseline: baseline.name, winner: winner?.scheme ?? null, ranking, sentence: sentence(target, baseline, winner, entries) };
}

function sentence(target: string, baseline: SchemeSummary, winner: VerdictEntryJson | undefined, entries: readonly VerdictEntryJson[]): string {
  const name = (e: { label?: string | undefined; scheme: string }) => (e.label && e.label !== e.scheme ? `${e.label} (${e.scheme})` : e.scheme);
  if (winner === undefined) {
    const lossTarget = target.startsWith('training loss');
    const closest = [...entries].sort((a, b) => (lossTarget ? (a.best_loss ?? Infinity) - (b.best_loss ?? Infinity) : (b.best_accuracy ?? -Infinity) - (a.best_accuracy ?? -Infinity)))[0]!;
    const got = lossTarget ? `loss ${closest.best_loss}` : `accuracy ${closest.best_accuracy}`;
    return `No scheme reached ${target}; the closest was ${name(closest)}, at ${got}.`;
  }
  const at = `at t = ${Number(winner.time_s!.toPrecision(3))} s (iteration ${winner.iteration})`;
  if (winner.scheme === baseline.name) {
    const next = entries.filter((e) => e.reached && e.scheme !== winner.scheme).length;
    return `${name(winner)}, the baseline, reached ${target} first, ${at}${next > 0 ? '; no compressed scheme beat it' : ''}.`;
  }
  if (baseline.timeToTarget === null) {
    return `${name(winner)} reached ${target} first, ${at}; the baseline ${baseline.label || baseline.name} never did.`;
  }
  const parts = [`${speedupTimes(winner.speedup!)} sooner than ${baseline.label || baseline.name}`];
  const fewer = (r: number | null, what: string, less = 'fewer') => {
    const words = ratioWords(r, less, 'more');
    return words === null ? undefined : `${words} ${what}`;
  };
  const costs = [fewer(winner.bytes_ratio, 'wire bytes'), fewer(winner.energy_ratio, 'energy', 'less')].filter((x) => x !== undefined);
  return `${name(winner)} reached ${target} first, ${at}: ${parts[0]}${costs.length > 0 ? `, with ${costs.join(' and ')}` : ''}.`;
}
