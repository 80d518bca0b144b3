/**
 * The names and records of a sweep's output folder, without the table
 * writers: the pool's worker threads import this (not results.ts, whose
 * Apache Arrow import would add ≈ 0.15 s to every thread's start).
 *
 * A sweep's output folder:
 *
 *   runs/<pointId>/   one run directory per finished point (scenario.resolved.yaml,
 *                     metrics.csv, links.csv, nodes.csv, time.csv, summary.json, point.json,
 *                     and cat.csv / trace.ndjson when the scenario makes them);
 *                     it appears only complete (written elsewhere, then renamed)
 *   sweep.json        every point of the sweep: id, params, status (the manifest)
 *   sweep.csv         long table: point, run, seed, each swept path, then every
 *                     metrics.csv column; one row per metrics row of each finished
 *                     point, points in canonical order
 *   sweep.arrow       the same table as Apache Arrow IPC file (Feather v2)
 *   verdict.csv       with a stopping target: each finished point's ranking to it
 *
 * The names are declared in src/results (RUN_FILES, SWEEP_FILES); the
 * constants below are their names in the sweep code.
 */

import { RUN_FILES, SWEEP_FILES } from '../results/files.js';
import type { POINT_STATUSES, SweepManifestJson, SweepOwnerJson, SweepPointJson } from '../results/index.js';

/** Where a point stands. `diverged`: finished, but a scheme diverged or stalled (its status in the point's summary.json says which); `other-shard`: run by another shard of the sweep. */
export type PointStatus = (typeof POINT_STATUSES)[number];

/** One point in sweep.json (and, finished, in its run folder's point.json). */
export type PointRecord = SweepPointJson;

/** sweep.json as this version writes it: the sweep's id, its size and its shard always present. */
export type SweepManifest = SweepManifestJson & Required<Pick<SweepManifestJson, 'sweep' | 'total' | 'shard'>>;

/** A finished run folder's marker, written last before the folder is renamed into place. */
export const POINT_FILE = RUN_FILES.point;
/** Folder of the finished run folders, one per point id. */
export const RUNS_DIR = SWEEP_FILES.runs;
/** Temporary run folders (same file system as runs/, so the final rename is atomic). */
export const PARTIAL_DIR = SWEEP_FILES.partial;
/** The manifest: every point with its status. */
export const MANIFEST_FILE = SWEEP_FILES.manifest;

/** Statuses of points whose run folder is complete. */
export const FINISHED: ReadonlySet<PointStatus> = new Set(['completed', 'diverged']);

/**
 * While a sweep runs, `.partial/` also says who runs it and how far it got,
 * for `gradwire sweep --status` (status.ts):
 *
 *   .partial/owner.json        {host, pid, started} of the running sweep process; its
 *                              modification time is refreshed every HEARTBEAT_MS
 *   .partial/<pointId>-XXXXXX/ a point being run (a worker made it when it started the point)
 *   .partial/failed/<id>.json  a point of this invocation that failed ({id, error})
 *
 * sweep.json is written when the sweep starts (this invocation's points
 * `pending`, or finished from an earlier one) and again at the end. A sweep
 * that ends deletes `.partial/`; one that was killed leaves it, with an owner
 * that no longer runs.
 */
export const OWNER_FILE = SWEEP_FILES.owner;
/** Failed points of the running invocation, under .partial/. */
export const FAILED_DIR = SWEEP_FILES.failed;
/** How often a running sweep refreshes its owner file. */
export const HEARTBEAT_MS = 15_000;
/** An owner file not refreshed for this long belongs to a sweep that no longer runs (killed, its node lost). */
export const STALE_MS = 120_000;

/** .partial/owner.json: {host, pid, started} (declared in src/results). */
export type SweepOwner = Readonly<SweepOwnerJson>;
