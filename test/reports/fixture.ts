/**
 * Synthetic result files shared by the report tests: a run directory with
 * every result file the simulator writes (so every chart has data), the same
 * as a workload-profile run (no loss), a two-parameter sweep directory with
 * repetitions, and a profile sweep over workers and link presets. Written by
 * hand from the documented formats, not by the simulator, so each test
 * controls the values. Each kind of file is built in its module under
 * fixture/; this file gathers them.
 */
export { HEADER, OLD_HEADER, metricsCsv } from './fixture/metrics.js';
export { FIXTURE_SCHEMES, SCHEMES, type FixtureScheme, type RunFixtureOptions } from './fixture/run-options.js';
export { PROFILE_MODEL, summary } from './fixture/summary.js';
export { fixtureVerdict, pointVerdict, sweepWinner } from './fixture/verdicts.js';
export { linksCsv, nodesCsv, timeCsv, traceNdjson } from './fixture/node-files.js';
export { CAT_BUDGETS, catCsv } from './fixture/cat-csv.js';
export { profileYaml, resolvedYaml } from './fixture/scenario-yaml.js';
export { makeRunDir, writeRunFiles } from './fixture/run-dir.js';
export { SWEEP_PARAMS, makeSweepDir } from './fixture/sweep-dir.js';
export { PROFILE_COMPUTE_S, PROFILE_SWEEP_PARAMS, makeProfileSweepDir, profileSchemes } from './fixture/profile-sweep-dir.js';
