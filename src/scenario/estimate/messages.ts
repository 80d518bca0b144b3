import { formatBytes } from './bytes.js';

/**
 * The estimate's refusals and its dry-run heading: each names the file, what
 * the run would need, what is available, and the fields to change.
 */

/** One line of an estimate (what, bytes, formula; whether it is JS objects on V8's heap). */
interface QuotedItem {
  readonly what: string;
  readonly bytes: number;
  readonly formula: string;
  readonly jsHeap?: boolean;
}

/**
 * An estimate's line: its bytes, right-aligned, then `*` when `marked` and the
 * item is JS objects (the dry run marks them; the refusals quote lines unmarked).
 */
const line = (x: QuotedItem, marked: boolean) => `  ${formatBytes(x.bytes).padStart(9)}${marked && x.jsHeap === true ? '*' : ' '} ${x.what}  [${x.formula}]`;
const quoted = (x: QuotedItem) => line(x, false);

export const estimateMessages = {
  /**
   * A run out of reach in engine events. `links`, at fidelity `auto` only: the links whose preset decides what it
   * picks, as `path preset` (each worker group's when network.workerGroups is given, else the worker link's; the server link's).
   */
  tooManyEvents: (file: string, events: number, maxEvents: number, o: { P: number; d: number; fidelity: string; links?: readonly string[] }) =>
    `${file}: the run would simulate about ${events.toExponential(1)} events (more than ${maxEvents.toExponential(0)}, hours of CPU at about a million events a second); nothing was run. ` +
    `Fewer training.iterations or workers.count (P = ${o.P}), a smaller model (d = ${o.d}), compression, or network.fidelity: message or flow on links that allow it ` +
    `(fidelity ${o.fidelity}${o.links === undefined ? '' : `; links: ${o.links.join(', ')}`}).`,
  /** A line of `gradwire run --dry-run`'s estimate: JS objects marked `*` (as the heading says). */
  estimateLine: (x: QuotedItem) => line(x, true),
  /** The heading of `gradwire run --dry-run`'s estimate. */
  heading: (e: { totalBytes: number; dim: number; workers: number; largestScheme: string; perWorkerBytes: number; jsHeapBytes: number; bufferBytes: number }) => [
    `memory estimate: ${formatBytes(e.totalBytes)} for d = ${e.dim} parameters, P = ${e.workers} workers (largest scheme: ${e.largestScheme}, ${formatBytes(e.perWorkerBytes)} per worker)`,
    `  of which ${formatBytes(e.jsHeapBytes)} JS objects (V8 heap, marked *) and ${formatBytes(e.bufferBytes)} typed arrays and native memory`,
  ],
  /** A run whose estimate exceeds the memory available; `top`: its largest items, `changes`: the fields they name. */
  tooMuchMemory: (file: string, e: { totalBytes: number; workers: number; dim: number; largestScheme: string }, limitBytes: number, top: readonly QuotedItem[], changes: readonly string[]) =>
    [
      `${file}: the run needs an estimated ${formatBytes(e.totalBytes)} of memory, more than the ${formatBytes(limitBytes)} available; nothing was run.`,
      ...top.map(quoted),
      `Change ${changes.map((c) => `${c}, `).join('')}workers.count (P = ${e.workers}) or the model size (model: d = ${e.dim}), drop error feedback or the scheme "${e.largestScheme}", ` +
        'or pass --max-memory <size> (e.g. 64GB) if this machine has more than gradwire sees. `gradwire run --dry-run` prints the whole estimate.',
    ].join('\n'),
  /** A sweep whose `points` largest points, at once one per thread, need more than the memory available. */
  sweepTooMuchMemory: (file: string, points: number, totalBytes: number, limitBytes: number, largest: { id: string; bytes: number }) =>
    `${file}: ${points} sweep points running at once (one per thread) need an estimated ${formatBytes(totalBytes)} of memory, ` +
    `more than the ${formatBytes(limitBytes)} available; nothing was run. The largest, point ${largest.id}, needs ${formatBytes(largest.bytes)}. ` +
    `Pass --threads ${Math.max(1, Math.floor(limitBytes / largest.bytes))} (or fewer), or --max-memory <size>.`,
  /** A run whose JS objects need more V8 heap than the machine leaves beside its typed arrays. */
  heapTooSmall: (file: string, e: { jsHeapBytes: number; bufferBytes: number; workers: number }, floor: number, limitBytes: number, roomBytes: number, top: QuotedItem) =>
    [
      `${file}: the run keeps an estimated ${formatBytes(e.jsHeapBytes)} of JS objects, which need a V8 heap of at least ${formatBytes(floor * e.jsHeapBytes)} (${floor}× for the collector); ` +
        `beside its ${formatBytes(e.bufferBytes)} of typed arrays and native memory, the ${formatBytes(limitBytes)} available leaves ${formatBytes(Math.max(0, roomBytes))}; nothing was run.`,
      quoted(top),
      `Change workers.count (P = ${e.workers}), compress the messages (schemes[].uplink.compressor), use network.fidelity: message or flow where the links allow it, ` +
        'or pass --max-memory <size> if this machine has more than gradwire sees. `gradwire run --dry-run` prints the whole estimate.',
    ].join('\n'),
};
