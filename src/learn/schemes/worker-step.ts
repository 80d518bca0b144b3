import type { SimEvent } from '../../sim/index.js';
import type { CompressedMessage } from '../compress/compressor.js';
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
 * One worker's local step: a real mini-batch gradient at `w`, the device's
 * compute time (with heterogeneity) plus the compressor's selection passes,
 * charged to the energy ledger; then compression. A non-finite gradient ends
 * the run as diverged.
 */
export function* workerStep(s: SchemeSetup, i: number, w: Float32Array, t: number): Generator<SimEvent<any>, WorkerUpdate, any> {
  const sampler = s.samplers[i]!;
  const device = s.workerDevices[i]!;
  const compressor = s.uplink[i]!;
  const node = s.workers[i]!;
  const g = s.model.gradient(w, sampler.next());
  const passes = compressionPasses(compressor.name);
  const seconds =
    computeTimeS(device, s.model.flopsPerSample * sampler.batchSize) * stepFactor(s.heterogeneity, s.computeStreams[i]!) +
    passes * s.model.dim * device.selectSPerElement;
  yield s.env.timeout(seconds);
  s.network.ledger.addCompute(node.name, seconds, device.computeW);
  let message: CompressedMessage;
  try {
    message = compressor.compress(g, { iteration: t, worker: i });
  } catch (e) {
    throw new Divergence(t, (e as Error).message);
  }
  const sent = toDense(message);
  const input = compressor instanceof ErrorFeedback ? addInto(compressor.memory(), sent) : g;
  return { message, budget: message.kind === 'dense' ? s.model.dim : message.indices.length, alpha: normSq(sent) / Math.max(normSq(input), 1e-300) };
}

/**
 * Passes over the vector a compressor's selection or quantisation takes: none
 * to send it as is or to pick shared random indices, one for a selection or a
 * quantisation pass.
 */
export function compressionPasses(name: string): number {
  const inner = name.replace(/^ef\((.*)\)$/, '$1');
  return inner.startsWith('identity') || inner.startsWith('randk') ? 0 : 1;
}

/** ‖v‖² in float64. */
export function normSq(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
  return s;
}

function addInto(a: Float32Array, b: Float32Array): Float32Array {
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
