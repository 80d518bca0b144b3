/** The chart ids the report tests expect, in page order, stated once. */

/** Every chart template the report ships, in page order. */
export const PAGE_CHARTS = [
  'sweep-winner',
  'sweep-outcome',
  'sweep-heatmap',
  'sweep-iteration-time',
  'loss-vs-time',
  'loss-vs-bytes',
  'loss-vs-packets',
  'loss-vs-energy',
  'loss-vs-iteration',
  'gap-vs-iteration',
  'distance-vs-iteration',
  'time-to-target',
  'budget',
  'compression-error',
  'diagnostics',
  'cat-efficiency',
  'iteration-time',
  'time-by-node',
  'link-utilization',
  'timeline',
  'energy-by-node',
];

/** The charts of {@link PAGE_CHARTS} but `left`, in page order. */
export function chartsWithout(...left: readonly string[]): string[] {
  return PAGE_CHARTS.filter((id) => !left.includes(id));
}

/** The charts only a sweep has. */
export const SWEEP_ONLY = ['sweep-winner', 'sweep-outcome', 'sweep-heatmap', 'sweep-iteration-time'];

/** Every chart of a run with a trace, varying budgets, a target and cat.csv (the synthetic run): all but the sweep's, the optimality ones and the diagnostics. */
export const RUN_CHARTS = chartsWithout(...SWEEP_ONLY, 'gap-vs-iteration', 'distance-vs-iteration', 'diagnostics');

/** The charts of a sweep with a target but without one: the outcome, time per iteration, convergence and compression. */
export const SWEEP_CHARTS = ['sweep-outcome', 'sweep-heatmap', 'sweep-iteration-time', 'loss-vs-time', 'loss-vs-bytes', 'loss-vs-packets', 'loss-vs-energy', 'loss-vs-iteration', 'compression-error'];

/** The charts of the profile fixture: the run's, less every loss chart and the time to target (no loss, so no target). */
export const PROFILE_CHARTS = RUN_CHARTS.filter((id) => !id.startsWith('loss-') && id !== 'time-to-target');

/** The charts of the profile sweep: no outcome (no loss, no target), no convergence. */
export const PROFILE_SWEEP_CHARTS = ['sweep-iteration-time', 'compression-error'];
