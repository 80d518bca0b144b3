import type { SimEvent } from '../../sim/index.js';
import type { CompressedMessage, Compressor } from '../compress/compressor.js';
import { toDense } from '../compress/accumulate.js';
import { ErrorFeedback } from '../compress/error-feedback.js';
import { computeTimeS, stepFactor } from '../devices.js';
import { type SchemeSetup, Divergence } from './types.js';

/** A worker's compressed gradient and what it tells the metrics. */
export interface WorkerUpdate {
  readonly message: CompressedMessage;
  /** Coordinates sent (d when dense). */
  readonly budget: number;
  /** ‖Q(v)‖² / ‖v‖² for the compressor input v (g, or g + memory with error feedback). */
  readonly alpha: number;
}

/**
 * One worker's local step: a real mini-batch gradient at `w` (scaled in
 * place to η·g when `eta` is given), its compute time charged (see
 * `localGradient`), then compression — through the worker's error feedback,
 * if any, whose input is then memory + (η·)g. α is measured against the
 * input actually compressed.
 */
export function* workerStep(
  s: SchemeSetup, i: number, w: Float32Array, t: number, eta?: number,
): Generator<SimEvent<any>, WorkerUpdate & { readonly gradient: Float32Array; readonly input: Float32Array }, any> {
  const compressor = s.uplink[i]!;
  const g = yield* localGradient(s, i, w);
  if (eta !== undefined) for (let j = 0; j < g.length; j++) g[j] = eta * (g[j] as number);
  const memory = compressor instanceof ErrorFeedback ? compressor.memory() : undefined;
  const message = compressOrDiverge(compressor, g, t, i);
  const input = memory === undefined ? g : addInto(memory, g); // fp32(e + g), as ErrorFeedback forms it
  return { message, budget: budgetOf(message, s.model.dim), alpha: normSq(toDense(message)) / Math.max(normSq(input), 1e-300), gradient: g, input };
}

/**
 * Worker i's mini-batch gradient at `w` after the time it takes: the
 * device's compute time for the batch (with heterogeneity) plus the uplink
 * compressor's selection passes over d coordinates, charged to the energy
 * ledger. Returns a new array.
 */
export function* localGradient(s: SchemeSetup, i: number, w: Float32Array): Generator<SimEvent<any>, Float32Array, any> {
  const sampler = s.samplers[i]!;
  const device = s.workerDevices[i]!;
  const g = s.model.gradient(w, sampler.next());
  const seconds =
    computeTimeS(device, s.model.flopsPerSample * sampler.batchSize) * stepFactor(s.heterogeneity, s.computeStreams[i]!) +
    s.uplink[i]!.selectionPasses * s.model.dim * device.selectSPerElement;
  yield s.env.timeout(seconds);
  s.network.ledger.addCompute(s.workers[i]!.name, seconds, device.computeW);
  return g;
}

/**
 * Every worker computes in parallel, worker i for `seconds[i]`; each charge
 * is made when that worker finishes (a compute trace event ends at its
 * time), and the round ends with the slowest.
 */
export function* parallelCompute(s: SchemeSetup, seconds: readonly number[]): Generator<SimEvent<any>, void, any> {
  seconds.forEach((sec, i) => {
    const charge = () => s.network.ledger.addCompute(s.workers[i]!.name, sec, s.workerDevices[i]!.computeW);
    s.env.timeout(sec).addCallback(charge);
  });
  yield s.env.timeout(Math.max(...seconds));
}

/** `compressor.compress(v)`, a refusal (a non-finite input) ending the run as diverged at iteration t. */
export function compressOrDiverge(compressor: Compressor, v: Float32Array, t: number, worker: number): CompressedMessage {
  try {
    return compressor.compress(v, { iteration: t, worker });
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

/** a += b in float32 (in place); returns a. */
export function addInto(a: Float32Array, b: Float32Array): Float32Array {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) + (b[i] as number);
  return a;
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
