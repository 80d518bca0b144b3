/**
 * Every file name of a run directory and of a sweep directory, declared once:
 * the writers (src/run, src/sweep) and the readers (reports/, the CLI) take
 * them from here.
 */

/** The file names of a run directory. */
export const RUN_FILES = {
  metrics: 'metrics.csv',
  links: 'links.csv',
  nodes: 'nodes.csv',
  time: 'time.csv',
  cat: 'cat.csv',
  summary: 'summary.json',
  trace: 'trace.ndjson',
  scenario: 'scenario.resolved.yaml',
  /** A sweep point's record ({@link SWEEP_FILES}), written last into its run directory: the marker of a finished point. */
  point: 'point.json',
} as const;

/**
 * The names of a sweep directory: the tables and the manifest; runs/<pointId>/
 * holds each finished point's run directory; `.partial/` exists while a sweep
 * runs (owner.json says who runs it, failed/<id>.json each point that failed).
 */
export const SWEEP_FILES = {
  csv: 'sweep.csv',
  arrow: 'sweep.arrow',
  manifest: 'sweep.json',
  verdict: 'verdict.csv',
  runs: 'runs',
  partial: '.partial',
  owner: 'owner.json',
  failed: 'failed',
} as const;
