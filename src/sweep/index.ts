/**
 * Sweeps: a scenario's `sweep:` block → points (expand.ts) → runs on a
 * worker-thread pool, resumable and shardable (run.ts) → sweep.csv,
 * sweep.arrow, sweep.json (results.ts); shard outputs combine with merge.ts;
 * how far a running sweep has got, from its folders alone (status.ts).
 */
export { SweepSchema, type Sweep } from '../scenario/sweep-schema.js';
export { canonicalJson } from '../run/run-id.js';
export { expandSweepText, loadSweep, pointId, POINT_ID_LENGTH, type ExpandedSweep, type SweepAxis, type SweepPoint } from './expand.js';
export { inShard, parseShard, runSweep, workerFile, type PointDone, type Shard, type SweepOutcome, type SweepPlan, type SweepRunOptions } from './run.js';
export { mergeSweeps, type MergeOutcome } from './merge.js';
export { sweepProgress, type FolderProgress, type PointProgress, type SweepProgress } from './status.js';
export { MANIFEST_FILE, POINT_FILE, RUNS_DIR, readManifest, type PointRecord, type PointStatus, type SweepManifest } from './results.js';
export { SweepInputError, sweepMessages } from './messages.js';
export { formatPath, parsePath, setAt, type PathSegment } from './path.js';
