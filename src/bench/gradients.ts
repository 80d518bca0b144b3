import { SyntheticGradientSource } from '../learn/workloads/gradients/synthetic.js';
import type { GradientLayer } from '../learn/workloads/gradients/source.js';
import { RandomStreams } from '../sim/random.js';
import { compared, emit, pairedMedians, round } from './harness.js';

/** ResNet-50's parameter count (He et al. 2016), the size the synthetic source must serve fast. */
const D = 25_557_032;
/** Layers of the bench profile: ResNet-50 has 161 parameter tensors; sizes grow geometrically with depth. */
const LAYERS = 161;
/** Workers served per iteration in the `next` case (one shared-state step per this many calls). */
const WORKERS = 16;
const ROUNDS = 15;

/** A made-up forward-order layer list of D parameters (only the count of layers and chunks matters here). */
export function benchLayers(d = D, count = LAYERS): GradientLayer[] {
  const weights = Array.from({ length: count }, (_, i) => 1.03 ** i);
  const total = weights.reduce((a, b) => a + b, 0);
  const layers = weights.map((w, i) => ({ name: `layer${i}`, size: Math.floor((d * w) / total) }));
  const last = layers[count - 1] as GradientLayer;
  layers[count - 1] = { ...last, size: last.size + d - layers.reduce((n, l) => n + l.size, 0) };
  return layers;
}

/** Baseline: a float32 vector written by a plain loop (one computed store per element, no memset). */
export function fillLoop(out: Float32Array, value: number): void {
  for (let i = 0; i < out.length; i++) out[i] = value * i;
}

/**
 * The `gradients` suite: the synthetic gradient source (default options) on
 * d = 25,557,032 (ResNet-50), one JSON line per case:
 * - `synthetic-construct`: building the source (tables, layer scales), once;
 * - `synthetic-next`: one `next()` of the whole vector, for workers 0…15 of
 *   one iteration in turn (no shared-state step inside), with
 *   `elementsPerS` and `nextOverFill`;
 * - `synthetic-advance`: a `next()` that moves to a new iteration, so it
 *   includes the one O(d) step of the shared AR(1) component (paid once per
 *   iteration, whatever the number of workers);
 * - `fill-loop`: the baseline, a plain loop writing every element of a
 *   Float32Array of d, with `elementsPerS`.
 * Cases are timed in alternation ({@link pairedMedians}); `ms` are medians.
 * `synthetic-next` and `synthetic-advance` carry `baseline: "fill-loop"` and
 * `ratio`, the median over rounds of their ms / fill ms in the same round,
 * also printed as `nextOverFill` and `advanceOverFill`.
 */
export function runGradientsBench(): void {
  const layers = benchLayers();
  const t0 = performance.now();
  const source = new SyntheticGradientSource(layers, new RandomStreams('bench', 0).stream('gradients/synthetic'));
  emit({ bench: 'gradients', case: 'synthetic-construct', d: D, layers: LAYERS, ms: round(performance.now() - t0), bytes: source.bytes });
  const out = new Float32Array(D);
  let worker = 0;
  let iteration = 1;
  source.next(iteration, 0, out);
  const next = () => source.next(iteration, worker++ % WORKERS, out);
  const advance = () => source.next(++iteration, 0, out);
  const fill = () => fillLoop(out, 1e-9);
  const t = pairedMedians([next, advance, fill], ROUNDS, { warmup: 2 });
  const perS = (ms: number) => Math.round(D / (ms / 1000));
  const vsFillNext = compared(t, 0, 2, 'fill-loop');
  const vsFillAdvance = compared(t, 1, 2, 'fill-loop');
  emit({ bench: 'gradients', case: 'synthetic-next', d: D, ms: t.ms[0] as number, ...vsFillNext, elementsPerS: perS(t.ms[0] as number), nextOverFill: vsFillNext.ratio, rounds: ROUNDS });
  emit({ bench: 'gradients', case: 'synthetic-advance', d: D, ms: t.ms[1] as number, ...vsFillAdvance, elementsPerS: perS(t.ms[1] as number), advanceOverFill: vsFillAdvance.ratio, rounds: ROUNDS });
  emit({ bench: 'gradients', case: 'fill-loop', d: D, ms: t.ms[2] as number, elementsPerS: perS(t.ms[2] as number), rounds: ROUNDS });
}
