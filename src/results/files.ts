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
} as const;

/** The file names of a sweep directory (each finished point's run directory is runs/<pointId>/). */
export const SWEEP_FILES = {
  csv: 'sweep.csv',
  manifest: 'sweep.json',
  runs: 'runs',
} as const;
