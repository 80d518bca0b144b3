import type { ProcessGenerator } from '../../sim/index.js';
import type { CompressedMessage, CompressionWork, Compressor } from '../compress/compressor.js';
import { compressionSeconds, computeTimeS, stepFactor, type DevicePreset } from '../devices.js';
import { type SchemeSetup, Divergence } from './types.js';

/** A worker's compressed gradient and what it tells the metrics. */
export interface WorkerUpdate {
  readonly message: CompressedMessage;
  /** Coordinates sent (d when dense). */
  readonly budget: number;
  /** ‖Q(v)‖² / ‖v‖² for the compressor input v (g, or g + memory with error feedback). */
  readonly alpha: number;
  /** Compression error ‖v − Q(v)‖² / ‖v‖² of the same input (0 for an all-zero input). */
  readonly compressionError: number;
  /** ‖v‖² */
  readonly inputNormSq: number;
  /** The compute the compressor did for this message (its `lastWork`), charged with the step. */
  readonly work: CompressionWork;
}

/** Copies of a worker's step for the parameter server's round hook (diagnostics only). */
export interface StepProbe {
  /** (η·)g */
  readonly scaledGradient: Float32Array;
  /** The compressor input: memory + (η·)g with error feedback, else (η·)g. */
  readonly accumulator: Float32Array;
}

/**
 * One worker's local step: the device's compute for its batch (see
 * {@link batchCompute}), then a real gradient at `w` written into `scratch`
 * (scaled in place to η·g when `eta` is given) and its compression —
 * through the compressor's memory (`residual`: error feedback), if any, whose input is then memory +
 * (η·)g, formed in the memory itself — then the time the compressor reports
 * this message's work took (see {@link chargeCompression}: a CAT search
 * where it searched, one selection pass where the hybrid reused T, none for
 * the identity). The compression's time is charged after the compression,
 * when it is known; the batch's and the compression's seconds are one
 * compute interval of the energy ledger. Nothing of size d is allocated but
 * the message (and the probe, when asked for). `scratch` is the scheme's one
 * gradient buffer: the gradient is computed and compressed with no simulated
 * time in between, so every worker can use the same one.
 */
export function* workerStep(s: SchemeSetup, i: number, w: Float32Array, t: number, scratch: Float32Array, eta?: number, probe?: (p: StepProbe) => void): ProcessGenerator<WorkerUpdate> {
  const computeS: number = yield* batchCompute(s, i, t);
  const compute = (r: number): WorkerUpdate => {
    const compressor = s.uplink[r]!;
    const memory = compressor.residual; // error feedback: the input is memory + (η·)g, and the memory knows its norms
    const g = gradientOf(s, r, w, t, scratch);
    if (eta !== undefined) for (let j = 0; j < g.length; j++) g[j] = eta * (g[j] as number);
    if (probe !== undefined) probe({ scaledGradient: g.slice(), accumulator: memory?.inputFor(g) ?? g.slice() });
    // ‖g‖² first: a finite sum vouches for every coordinate, so the compressor skips its own pass
    const gNormSq = memory !== undefined ? 0 : normSq(g);
    const message = compressOrDiverge(compressor, g, t, r, memory === undefined && Number.isFinite(gNormSq));
    const sent = normSq(message.values); // a sparse message's indices are distinct
    let input: number;
    let error: number;
    if (memory !== undefined) {
      input = memory.inputNormSq;
      error = memory.residualNormSq(); // e = acc − decode(sent)
    } else {
      input = gNormSq;
      // a lossless compressor (the identity) sends g itself: nothing is lost, no pass needed
      error = compressor.lossless === true ? 0 : errorSq(g, message, input);
    }
    return {
      message,
      budget: budgetOf(message, s.workload.dim),
      alpha: sent / Math.max(input, 1e-300),
      compressionError: input > 0 ? error / input : 0,
      inputNormSq: input,
      work: compressor.lastWork,
    };
  };
  // with replicas every member of a class charges the class's message's work: each compresses for its own time
  const update = s.replicas === undefined ? compute(i) : s.replicas.take(i, t, compute);
  yield* chargeCompression(s, i, t, computeS, compressionSeconds(s.workerDevices[i]!, update.work));
  return update;
}

/**
 * The device's compute time for worker i's batch at step t (with
 * heterogeneity), elapsed, not yet charged to the energy ledger (see
 * {@link chargeCompression}); returns its seconds. In a bucketed run, the
 * wait until the timeline has computed (and charged) the bucket's
 * gradients; returns 0.
 */
export function* batchCompute(s: SchemeSetup, i: number, t: number): ProcessGenerator<number> {
  if (s.gate !== undefined) {
    yield s.gate.gradients(i, t);
    return 0;
  }
  const seconds = computeTimeS(s.workerDevices[i]!, s.workload.stepFlops) * stepFactor(s.heterogeneity, s.computeStreams[i]!);
  yield s.env.timeout(seconds);
  return seconds;
}

/**
 * After {@link batchCompute} and the compression: `compressionS` more
 * seconds of compute, then the step's batch and compression seconds charged
 * to the energy ledger as one interval. In a bucketed run, `compressionS`
 * goes on the worker's timeline, which charges it.
 */
export function* chargeCompression(s: SchemeSetup, i: number, t: number, computeS: number, compressionS: number): ProcessGenerator<void> {
  if (s.gate !== undefined) {
    yield s.gate.compressed(i, t, compressionS);
    return;
  }
  if (compressionS > 0) yield s.env.timeout(compressionS);
  s.network.ledger.addCompute(s.workers[i]!.name, computeS + compressionS, s.workerDevices[i]!.computeW);
}

/**
 * The time worker i's step takes before it compresses, for schemes that
 * charge the step first (gTop-k): the device's compute time for its batch
 * (with heterogeneity) plus the uplink compressor's a-priori selection
 * passes over d (`selectionPasses`; exact for compressors whose work does
 * not vary per message, e.g. Top-k), one interval, charged to the energy
 * ledger when it ends. In a bucketed run, the wait until the timeline has
 * computed the bucket's gradients and charged those passes.
 */
export function* stepTime(s: SchemeSetup, i: number, t: number): ProcessGenerator<void> {
  if (s.gate !== undefined) {
    yield s.gate.ready(i, t); // the timeline charges the compute and the passes
    return;
  }
  const device = s.workerDevices[i]!;
  const seconds = computeTimeS(device, s.workload.stepFlops) * stepFactor(s.heterogeneity, s.computeStreams[i]!) + s.uplink[i]!.selectionPasses * s.workload.dim * device.selectSPerElement;
  yield s.env.timeout(seconds);
  s.network.ledger.addCompute(s.workers[i]!.name, seconds, device.computeW);
}

/**
 * Seconds of a worker's combining compute in a decentralized round
 * (aggregating the collective's result, applying the update): FLOPs over
 * the device's rate. No per-step overhead: it is part of the training step
 * whose overhead the gradient's compute has paid (a framework launches the
 * optimizer's kernels with the step's). A server's round, a step of its own,
 * pays it: see {@link serverComputeS}.
 */
export function combineComputeS(device: DevicePreset, flops: number): number {
  return flops / device.flopsPerS;
}

/** Seconds of a parameter server's round (a step of its own: FLOPs and its overhead; a bucket's copy pays no overhead of its own). */
export function serverComputeS(s: SchemeSetup, device: DevicePreset, flops: number): number {
  return s.gate !== undefined ? flops / device.flopsPerS : computeTimeS(device, flops);
}

/** Worker i's gradient at `w` for iteration t, written into `out` (returned). */
export function gradientOf(s: SchemeSetup, i: number, w: Float32Array, t: number, out: Float32Array): Float32Array {
  s.workload.gradient(i, t, w, out);
  return out;
}

/** {@link stepTime}, then worker i's gradient into `out` (returned). */
export function* localGradient(s: SchemeSetup, i: number, w: Float32Array, t: number, out: Float32Array): ProcessGenerator<Float32Array> {
  yield* stepTime(s, i, t);
  return gradientOf(s, i, w, t, out);
}

/** ‖v − decode(m)‖² in float64, given ‖v‖² (a sparse message touches only its k coordinates). */
export function errorSq(v: Float32Array, m: CompressedMessage, vNormSq: number): number {
  const { values } = m;
  if (m.kind === 'dense') {
    let s = 0;
    for (let i = 0; i < values.length; i++) s += ((v[i] as number) - (values[i] as number)) ** 2;
    return s;
  }
  let s = vNormSq;
  const { indices } = m;
  for (let j = 0; j < indices.length; j++) {
    const x = v[indices[j] as number] as number;
    s += (x - (values[j] as number)) ** 2 - x * x;
  }
  return Math.max(0, s);
}

/**
 * Every worker computes in parallel, worker i for `seconds[i]`; each charge
 * is made when that worker finishes (a compute trace event ends at its
 * time), and the round ends with the slowest.
 */
export function* parallelCompute(s: SchemeSetup, seconds: readonly number[]): ProcessGenerator<void> {
  seconds.forEach((sec, i) => {
    const charge = () => s.network.ledger.addCompute(s.workers[i]!.name, sec, s.workerDevices[i]!.computeW);
    s.env.timeout(sec).addCallback(charge);
  });
  yield s.env.timeout(Math.max(...seconds));
}

/** `compressor.compress(v)`, a refusal (a non-finite input) ending the run as diverged at iteration t. */
export function compressOrDiverge(compressor: Compressor, v: Float32Array, t: number, worker: number, inputFinite = false): CompressedMessage {
  try {
    return compressor.compress(v, { iteration: t, worker, ...(inputFinite ? { inputFinite } : {}) });
  } catch (e) {
    throw new Divergence(t, (e as Error).message);
  }
}

/** Coordinates a message carries (d when dense). */
export function budgetOf(message: CompressedMessage, d: number): number {
  return message.kind === 'dense' ? d : message.indices.length;
}

/** ‖v‖² in float64. */
export function normSq(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
  return s;
}

/** w ← w − η·u (in place). */
export function step(w: Float32Array, eta: number, u: Float32Array): void {
  for (let j = 0; j < w.length; j++) w[j] = (w[j] as number) - eta * (u[j] as number);
}

/** Non-zeros of v over its length. */
export function nnzFraction(v: Float32Array): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) n++;
  return n / v.length;
}
