import type { Scenario, SchemeConfig } from '../schema.js';
import { modelDim, dataBytes, sourceBytes } from './workload-size.js';
import { packetStateItems } from './packet-memory.js';
import { budgetK } from './traffic.js';
import { estimateMessages } from './messages.js';
import { timeUseItem } from './time-use-memory.js';
import { PER_NODE_BYTES } from '../../net/memory-costs.js';

// re-exported: the estimate's units and the machine's memory live in bytes.ts (light, for the network commands);
// per-node and per-packet costs of the network's data structures in src/net/memory-costs.ts
export { availableMemoryBytes, formatBytes, parseBytes } from './bytes.js';

/** One line of a memory estimate: what it is, how many bytes, and the formula that gave them. */
export interface MemoryItem {
  readonly what: string;
  readonly bytes: number;
  readonly formula: string;
  /**
   * True for JS objects, which live in V8's heap and count against its limit
   * (`--max-old-space-size`, ~4 GB by default whatever the machine has); absent
   * for typed arrays, wasm memory and the runtime's native part, which do not.
   */
  readonly jsHeap?: boolean;
  /** The field to change to shrink this part, when it is not the model's size or the workers' count (e.g. network.fidelity). */
  readonly change?: string;
}

/** The memory a run needs, before it runs: the largest scheme's state plus what all schemes share. */
export interface MemoryEstimate {
  /** d */
  readonly dim: number;
  /** P */
  readonly workers: number;
  /** Bytes per worker of the scheme that needs the most. */
  readonly perWorkerBytes: number;
  /** The scheme that needs the most (schemes run one after another). */
  readonly largestScheme: string;
  /** Every part, shared and per scheme, with its formula. */
  readonly items: readonly MemoryItem[];
  readonly totalBytes: number;
  /** The part in JS objects (V8's heap, under its limit). */
  readonly jsHeapBytes: number;
  /** The rest: typed arrays, wasm and native memory (outside V8's heap limit). */
  readonly bufferBytes: number;
}

/**
 * Node.js, TensorFlow.js (wasm), the engine and the modules a run loads, with
 * no model to speak of: measured peak RSS of a 2-worker, d = 10 logistic
 * regression run on this project's machines (147 MB), rounded up.
 */
export const RUNTIME_BYTES = 200e6;

/**
 * Of RUNTIME_BYTES, V8's heap: 64.5 MB allocated (28.5 MB live after a full
 * collection) at the end of that same run, rounded up.
 */
export const RUNTIME_HEAP_BYTES = 70e6;

const F32 = 4;

/**
 * Bytes of one direction's compressor state at one sender, as the code
 * allocates it (the formula is the documentation; `test/scenario/estimate/memory.test.ts`
 * checks the estimate against measured runs):
 * - identity: its dense message buffer, 4d;
 * - Top-k family (topk, topk-sign, randk, stochastic, alistarh, qsgd): the
 *   selection workspace, 3 × 4 × (k + max(4k, 4096)) bytes, and the message, 8k;
 * - QSGD: its dense message's levels and values, 8d;
 * - RegTop-k: a score vector, 4d, plus the Top-k workspace;
 * - CAT: T varies per message, so a bound: a message of up to d coordinates (8d) and its search's sorted magnitudes (8d), 16d;
 * - error feedback: its memory e, 4d.
 */
export function compressorBytes(direction: SchemeConfig['uplink'], d: number): { bytes: number; formula: string } {
  const c = direction.compressor;
  const k = budgetK(c, d);
  const workspace = 12 * Math.min(d, k + Math.max(4 * k, 4096)) + 8 * k;
  let bytes: number;
  let formula: string;
  switch (c.kind) {
    case 'identity':
      bytes = F32 * d;
      formula = '4d';
      break;
    case 'regtopk':
      bytes = F32 * d + workspace;
      formula = '4d + 12(k + max(4k, 4096)) + 8k';
      break;
    case 'qsgd':
      bytes = 2 * F32 * d;
      formula = '8d (levels and values of its dense message)';
      break;
    case 'cat':
      // T is chosen per message: bound by a message of d coordinates and the search's sorted magnitudes
      bytes = 4 * F32 * d;
      formula = '16d (a bound: a message of up to d coordinates, 8d, and its search, 8d)';
      break;
    default:
      bytes = workspace;
      formula = '12(k + max(4k, 4096)) + 8k';
  }
  if (direction.errorFeedback) {
    bytes += F32 * d;
    formula += ' + 4d (error feedback)';
  }
  return { bytes, formula };
}

/** Per-scheme state: per-worker bytes, and the scheme's shared vectors. */
function schemeItems(scenario: Scenario, scheme: SchemeConfig, d: number, P: number, R: number): { perWorker: number; items: MemoryItem[] } {
  const up = compressorBytes(scheme.uplink, d);
  const items: MemoryItem[] = [];
  // every buffer below is a typed array (outside V8's heap); the network's items say which of theirs are JS objects
  let perWorker = up.bytes;
  let perWorkerFormula = up.formula;
  if (scheme.kind === 'gtopk') {
    perWorker += F32 * d;
    perWorkerFormula += ' + 4d (gTop-k residual ε)';
  }
  items.push(
    R < P
      ? { what: `${scheme.name}: per distinct worker (uplink ${scheme.uplink.compressor.kind}) × ${R} of ${P}`, bytes: perWorker * R, formula: `R × (${perWorkerFormula})` }
      : { what: `${scheme.name}: per worker (uplink ${scheme.uplink.compressor.kind}) × ${P}`, bytes: perWorker * P, formula: `P × (${perWorkerFormula})` },
  );
  // model w, the gradient buffer, the aggregate (and the parameter server's applied update)
  const vectors = scheme.kind === 'parameter-server' ? 4 : 3;
  items.push({ what: `${scheme.name}: model, gradient buffer, aggregate${vectors === 4 ? ', applied update' : ''}`, bytes: vectors * F32 * d, formula: `${vectors} × 4d` });
  if (scheme.downlink !== undefined) {
    const down = compressorBytes(scheme.downlink, d);
    items.push({ what: `${scheme.name}: server downlink (${scheme.downlink.compressor.kind})`, bytes: down.bytes, formula: down.formula });
  }
  if (scheme.kind === 'allgather') {
    // every worker's message is alive until the all-gather ends
    const k = budgetK(scheme.uplink.compressor, d);
    const each = scheme.uplink.compressor.kind === 'identity' ? 0 : 8 * k; // identity's buffer is counted above
    if (each > 0) items.push({ what: `${scheme.name}: messages in the all-gather`, bytes: each * P, formula: 'P × 8k' });
  }
  items.push(...packetStateItems(scenario, scheme), timeUseItem(scenario, scheme));
  return { perWorker, items };
}

/**
 * The memory a scenario's run needs, estimated from its configuration alone
 * (nothing is built): the runtime, the data set or gradient source, per-node
 * network state, and the largest scheme's state (schemes run one at a time
 * and release theirs). Every formula is in bytes, with d parameters and P workers.
 */
export function estimateMemory(scenario: Scenario): MemoryEstimate {
  const d = modelDim(scenario.model);
  const P = scenario.workers.count;
  const items: MemoryItem[] = [
    { what: 'runtime (Node.js, TensorFlow.js, engine): native', bytes: RUNTIME_BYTES - RUNTIME_HEAP_BYTES, formula: 'measured, constant' },
    { what: 'runtime: JS heap', bytes: RUNTIME_HEAP_BYTES, formula: 'measured, constant', jsHeap: true },
  ];
  const data = dataBytes(scenario);
  if (data !== undefined) items.push(data);
  const source = sourceBytes(scenario);
  if (source !== undefined) items.push(source);
  items.push({ what: `network and engine state × ${P + 1} nodes`, bytes: PER_NODE_BYTES * (P + 1), formula: `(P + 1) × ${PER_NODE_BYTES / 1e3} kB`, jsHeap: true });
  let largest: { name: string; perWorker: number; items: MemoryItem[]; bytes: number } | undefined;
  for (const scheme of scenario.schemes) {
    const s = schemeItems(scenario, scheme, d, P, Math.min(P, scenario.workers.distinctGradients ?? P));
    const bytes = s.items.reduce((n, x) => n + x.bytes, 0);
    if (largest === undefined || bytes > largest.bytes) largest = { name: scheme.name, ...s, bytes };
  }
  const all = [...items, ...(largest?.items ?? [])];
  const totalBytes = all.reduce((n, x) => n + x.bytes, 0);
  const jsHeapBytes = all.reduce((n, x) => n + (x.jsHeap ? x.bytes : 0), 0);
  return {
    dim: d,
    workers: P,
    perWorkerBytes: largest?.perWorker ?? 0,
    largestScheme: largest?.name ?? '',
    items: all,
    totalBytes,
    jsHeapBytes,
    bufferBytes: totalBytes - jsHeapBytes,
  };
}

/** The estimate as lines for the terminal (`gradwire run --dry-run`). */
export function describeEstimate(e: MemoryEstimate): string {
  const lines = estimateMessages.heading(e);
  for (const x of e.items) lines.push(estimateMessages.estimateLine(x));
  return lines.join('\n');
}

/**
 * Why a run must not start (its estimate exceeds `limitBytes`), naming the
 * fields to change; undefined when it fits.
 */
export function memoryRefusal(file: string, e: MemoryEstimate, limitBytes: number): string | undefined {
  if (e.totalBytes <= limitBytes) return undefined;
  const top = [...e.items].sort((a, b) => b.bytes - a.bytes).slice(0, 3);
  const changes = [...new Set(top.flatMap((x) => (x.change === undefined ? [] : [x.change])))];
  return estimateMessages.tooMuchMemory(file, e, limitBytes, top, changes);
}

/**
 * Why a sweep must not start: its `threads` largest points, which may run at
 * once (one per worker thread), need more than `limitBytes` together (the
 * runtime counted once per thread: each thread loads its own). Undefined when
 * they fit.
 */
export function sweepMemoryRefusal(file: string, points: readonly { id: string; estimate: MemoryEstimate }[], threads: number, limitBytes: number): string | undefined {
  const sorted = [...points].sort((a, b) => b.estimate.totalBytes - a.estimate.totalBytes);
  const together = sorted.slice(0, Math.max(1, threads));
  const total = together.reduce((n, p) => n + p.estimate.totalBytes, 0);
  if (total <= limitBytes) return undefined;
  const largest = together[0]!;
  const single = memoryRefusal(`${file} (point ${largest.id})`, largest.estimate, limitBytes);
  if (single !== undefined) return single;
  return estimateMessages.sweepTooMuchMemory(file, together.length, total, limitBytes, { id: largest.id, bytes: largest.estimate.totalBytes });
}

/**
 * V8's heap limit should exceed the JS objects a run keeps by this factor:
 * the old generation is collected by mark-compact, which needs room to
 * allocate while garbage accumulates between collections, and a heap run
 * close to its limit spends its time collecting (issue #13 saw a peak of 4×
 * the live heap before its dead hidden classes were fixed). Where the machine
 * has less room, the heap gets what there is down to HEAP_FLOOR × the JS
 * objects; below that the run is refused.
 */
export const HEAP_HEADROOM = 2;
export const HEAP_FLOOR = 1.25;

/** What to do about V8's heap limit before a run: nothing, raise it to `heapMB`, or refuse. */
export type HeapPlan = { readonly kind: 'fits' } | { readonly kind: 'raise'; readonly heapMB: number } | { readonly kind: 'refuse'; readonly message: string };

/**
 * V8 caps JS objects (not typed arrays) at its heap limit, about 4 GB by
 * default whatever the machine has. The heap a run gets is HEAP_HEADROOM ×
 * its JS objects, or what the machine's `limitBytes` leaves beside its typed
 * arrays and native memory if that is less; a run for which that is below
 * HEAP_FLOOR × its JS objects is refused, naming the part and the fields to
 * change. One whose heap exceeds `currentLimitBytes` gets a larger one.
 */
export function heapPlan(file: string, e: MemoryEstimate, limitBytes: number, currentLimitBytes: number): HeapPlan {
  const room = limitBytes - e.bufferBytes;
  // the machine decides first, so that validate (which runs nothing) and run agree whatever heap each process has
  if (HEAP_FLOOR * e.jsHeapBytes <= room) {
    const heap = Math.min(HEAP_HEADROOM * e.jsHeapBytes, room);
    return heap <= currentLimitBytes ? { kind: 'fits' } : { kind: 'raise', heapMB: Math.ceil(heap / 2 ** 20) };
  }
  const top = e.items.filter((x) => x.jsHeap).sort((a, b) => b.bytes - a.bytes)[0]!;
  return { kind: 'refuse', message: estimateMessages.heapTooSmall(file, e, HEAP_FLOOR, limitBytes, room, top) };
}
