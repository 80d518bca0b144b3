import type { Model } from '../learn/models/model.js';
import type { Scenario } from '../scenario/schema.js';

/** At least this many evaluated iterations per scheme under `evalEvery: auto` (curves and targets need points). */
export const AUTO_MIN_POINTS = 15;

/** With a stopping target, at least this many (the target is checked where the loss is evaluated). */
export const AUTO_TARGET_POINTS = 100;

/** Evaluation may cost this share of the training step's FLOPs under `auto`: 1/3 of the rest is a quarter of the whole. */
const AUTO_EVAL_SHARE = 1 / 3;

/** Vector passes over d per worker step besides the gradient: error feedback, selection, residual, aggregation, update. */
const VECTOR_PASSES = 16;

/**
 * FLOPs of one evaluation (the metrics computed at an evaluated iteration)
 * and of one training iteration, from the model's own FLOPs per sample
 * (forward : backward = 1 : 2, as `trainedWorkload`): the full-batch loss
 * nTrain forward passes, ‖∇F‖² nTrain forward + backward, test accuracy
 * nTest forward; a step P·(b forward + backward + 16 passes over d).
 */
export function evaluationCost(s: Scenario, model: Model, measure: ReadonlySet<string>): { evalFlops: number; stepFlops: number } {
  const fps = model.flopsPerSample;
  const nTest = 'testSamples' in s.model ? s.model.testSamples : 0;
  const evalFlops = (model.nTrain * fps) / 3 + (measure.has('grad_norm_sq') && model.fullGradient ? model.nTrain * fps : 0) + (measure.has('accuracy') && model.accuracy ? (nTest * fps) / 3 : 0);
  const P = s.workers.count;
  const b = s.workers.batchSize === 'full' ? model.nTrain / P : s.workers.batchSize;
  return { evalFlops, stepFlops: P * (b * fps + VECTOR_PASSES * model.dim) };
}

/**
 * Iterations between evaluations. A number in the scenario is taken as is.
 * `auto`: the smallest E with evaluation ≤ 1/3 of E training steps' FLOPs
 * (so about a quarter of the CPU), but at most iterations/15 so that every
 * scheme keeps 15 evaluated iterations — iterations/100 when a stopping
 * target is set, so time to target is found within 1 % of the run; 1 for a
 * workload profile (nothing to evaluate). The last iteration is always evaluated.
 */
export function evalEveryOf(s: Scenario, model: Model | undefined, measure: ReadonlySet<string>): number {
  const set = s.training.evalEvery;
  if (set !== 'auto') return set;
  if (model === undefined) return 1;
  const { evalFlops, stepFlops } = evaluationCost(s, model, measure);
  const wanted = Math.ceil(evalFlops / (AUTO_EVAL_SHARE * stepFlops));
  // a target is checked at evaluated iterations only: keep time to target within 1 % of the run
  const points = s.training.stop.targetLoss !== undefined || s.training.stop.targetAccuracy !== undefined ? AUTO_TARGET_POINTS : AUTO_MIN_POINTS;
  const cap = Math.max(1, Math.floor(s.training.iterations / points));
  return Math.max(1, Math.min(wanted, cap));
}
