import type { SimEvent } from '../../sim/index.js';
import type { Compressor } from '../compress/compressor.js';
import type { Bucket } from '../workloads/buckets.js';
import type { Workload } from '../workloads/workload.js';
import { ComputeTimeline } from './timeline.js';
import { Replicas } from './replicas.js';
import type { IterationRecord, PayloadCounters, Scheme, SchemeHooks, SchemeSetup } from './types.js';

/** What a bucketed run adds to a scheme's setup. */
export interface BucketedOptions {
  /** The plan, in backward order (see `planBuckets`); its slices tile [0, d). */
  readonly buckets: readonly Bucket[];
  /** Per bucket, one uplink compressor per worker, of the bucket's dimension. */
  readonly uplink: readonly (readonly Compressor[])[];
  /** Per bucket, the server's downlink compressor (parameter server). */
  readonly downlink?: readonly Compressor[];
  /** Whether a bucket's communication may start while the layers below it still compute. */
  readonly overlap: boolean;
}

/**
 * Run a scheme bucket by bucket (per-bucket compression): one copy of the
 * scheme per bucket, on the bucket's slice of the model with the bucket's
 * compressors and labels `b<index>/…`, all fed by one compute timeline
 * ({@link ComputeTimeline}): a bucket's copy takes a worker's gradients of
 * its slice when the timeline has computed them, and a worker starts its
 * next step when it holds every bucket. The copies' iteration records are
 * merged into one per iteration, as if one scheme had run: payload and
 * budgets add up; α and the compression error are the buckets' ratios
 * weighted by their inputs' ‖v‖², so they equal ‖Q(v)‖²/‖v‖² and
 * ‖v − Q(v)‖²/‖v‖² of the whole vector. Diagnostics hooks are not fed.
 */
export function runBucketed(scheme: Scheme, s: SchemeSetup & SchemeHooks, o: BucketedOptions): SimEvent<unknown> {
  const B = o.buckets.length;
  const P = s.workers.length;
  const timeline = new ComputeTimeline(s, o.buckets, (b, i) => o.uplink[b]![i]!.selectionPasses * o.buckets[b]!.size * s.workerDevices[i]!.selectSPerElement, o.overlap);
  const pending = new Map<number, (IterationRecord | undefined)[]>();
  const weights = s.workload.trained ? Float32Array.from(s.initialWeights) : new Float32Array(0);
  const merge = (b: number, r: IterationRecord) => {
    const slot = pending.get(r.iteration) ?? new Array<IterationRecord | undefined>(B).fill(undefined);
    slot[b] = r;
    pending.set(r.iteration, slot);
    if (slot.some((x) => x === undefined)) return;
    pending.delete(r.iteration);
    s.onIteration(merged(slot as IterationRecord[], P, s.workload.dim, weights));
  };
  const copies = o.buckets.map((bucket, b) => {
    const setup: SchemeSetup = {
      ...s,
      workload: sliceOf(s.workload, bucket),
      uplink: o.uplink[b]!,
      ...(o.downlink ? { downlink: o.downlink[b]! } : {}),
      initialWeights: s.initialWeights.subarray(bucket.offset, bucket.offset + bucket.size),
      label: `b${b}/`,
      gate: timeline.gate(b),
      // each bucket's copy hands its own classes' messages around
      ...(s.replicas ? { replicas: new Replicas(s.replicas.distinct, P) } : {}),
      onIteration: (r) => {
        if (weights.length > 0) weights.set(r.weights, bucket.offset);
        merge(b, r);
      },
    };
    return scheme(setup);
  });
  timeline.start();
  return s.env.allOf(copies);
}

/** One bucket's view of the workload: its slice's gradient, its layers. */
function sliceOf(w: Workload, bucket: Bucket): Workload {
  if (w.gradientSlice === undefined) throw new Error(`workload "${w.name}" cannot produce a bucket's slice of its gradient; use one bucket`);
  const slice = w.gradientSlice.bind(w);
  const layers = w.layers.filter((l) => bucket.layers.includes(l.name));
  return {
    name: `${w.name}[${bucket.offset}, ${bucket.offset + bucket.size})`,
    dim: bucket.size,
    layers,
    stepFlops: 0, // the timeline times the step
    trained: w.trained,
    gradient: (i, t, model, out) => slice(i, t, model, bucket.offset, out),
  };
}

function merged(records: readonly IterationRecord[], P: number, d: number, weights: Float32Array): IterationRecord {
  const first = records[0] as IterationRecord;
  const payload: PayloadCounters = { ...first.payload };
  for (const r of records.slice(1)) {
    payload.bytesUp += r.payload.bytesUp;
    payload.bytesDown += r.payload.bytesDown;
  }
  const sum = (f: (r: IterationRecord) => readonly number[], i: number) => records.reduce((n, r) => n + (f(r)[i] as number), 0);
  const perWorker = (f: (r: IterationRecord) => readonly number[]) => Array.from({ length: P }, (_, i) => sum(f, i));
  const inputNormSq = perWorker((r) => r.inputNormSq);
  const weighted = (f: (r: IterationRecord) => readonly number[]) =>
    Array.from({ length: P }, (_, i) => {
      const n = inputNormSq[i] as number;
      return n > 0 ? records.reduce((acc, r) => acc + (f(r)[i] as number) * (r.inputNormSq[i] as number), 0) / n : 0;
    });
  let nnz = 0;
  for (const r of records) nnz += r.downlinkNnzFraction * (r.weights.length > 0 ? r.weights.length : 0);
  return {
    iteration: first.iteration,
    weights,
    payload,
    budgets: perWorker((r) => r.budgets),
    bitsUp: perWorker((r) => r.bitsUp),
    bitsDown: perWorker((r) => r.bitsDown),
    alpha: weighted((r) => r.alpha),
    compressionError: weighted((r) => r.compressionError),
    inputNormSq,
    downlinkNnzFraction: nnz / d,
  };
}
