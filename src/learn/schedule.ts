import * as msg from './messages.js';

/**
 * A learning-rate schedule η_t, t = 0, 1, 2, … the iteration (the update that
 * produces w_{t+1} uses η_t). Plain data, so a scenario can hold one; evaluate
 * with `rateAt`. Every variant starts at `rate` = η₀ > 0.
 */
export type Schedule =
  /** η_t = rate. */
  | { readonly kind: 'constant'; readonly rate: number }
  /**
   * Step decay: η_t = rate · factor^⌊t / every⌋ — multiplied by `factor`
   * (in (0, 1]) every `every` iterations (positive integer).
   */
  | { readonly kind: 'step'; readonly rate: number; readonly factor: number; readonly every: number }
  /** Inverse time: η_t = rate / (1 + decay · t), decay ≥ 0 (per iteration). */
  | { readonly kind: 'inverse-time'; readonly rate: number; readonly decay: number }
  /**
   * Cosine annealing (Loshchilov & Hutter 2017, one cycle, no restart):
   * η_t = minRate + ½(rate − minRate)(1 + cos(π · min(t, horizon) / horizon)),
   * falling from `rate` at t = 0 to `minRate` (default 0, 0 ≤ minRate ≤ rate) at
   * t = horizon (positive integer, iterations) and staying there.
   */
  | { readonly kind: 'cosine'; readonly rate: number; readonly horizon: number; readonly minRate?: number };

/**
 * The learning rate η_t of `schedule` at iteration `t`.
 * Validates the schedule (each parameter's constraint above) and t (an integer ≥ 0).
 */
export function rateAt(schedule: Schedule, t: number): number {
  checkSchedule(schedule);
  if (!Number.isInteger(t) || t < 0) throw new RangeError(msg.badIteration(t));
  switch (schedule.kind) {
    case 'constant':
      return schedule.rate;
    case 'step':
      return schedule.rate * schedule.factor ** Math.floor(t / schedule.every);
    case 'inverse-time':
      return schedule.rate / (1 + schedule.decay * t);
    case 'cosine': {
      const min = schedule.minRate ?? 0;
      const progress = Math.min(t, schedule.horizon) / schedule.horizon;
      return min + 0.5 * (schedule.rate - min) * (1 + Math.cos(Math.PI * progress));
    }
  }
}

/** Throw a catalog message if a parameter of `schedule` breaks its constraint (see `Schedule`). */
export function checkSchedule(schedule: Schedule): void {
  if (!(Number.isFinite(schedule.rate) && schedule.rate > 0)) throw new RangeError(msg.notPositive('rate', schedule.rate));
  switch (schedule.kind) {
    case 'constant':
      return;
    case 'step':
      if (!(Number.isFinite(schedule.factor) && schedule.factor > 0 && schedule.factor <= 1)) {
        throw new RangeError(msg.notInUnitInterval('factor', schedule.factor));
      }
      if (!Number.isInteger(schedule.every) || schedule.every < 1) {
        throw new RangeError(msg.notPositiveInteger('every', schedule.every));
      }
      return;
    case 'inverse-time':
      if (!(Number.isFinite(schedule.decay) && schedule.decay >= 0)) {
        throw new RangeError(msg.notNonNegative('decay', schedule.decay));
      }
      return;
    case 'cosine': {
      if (!Number.isInteger(schedule.horizon) || schedule.horizon < 1) {
        throw new RangeError(msg.notPositiveInteger('horizon', schedule.horizon));
      }
      const min = schedule.minRate ?? 0;
      if (!(Number.isFinite(min) && min >= 0 && min <= schedule.rate)) {
        throw new RangeError(msg.minRateOutOfRange(min, schedule.rate));
      }
      return;
    }
    default: {
      const unknown: never = schedule;
      throw new RangeError(msg.unknownSchedule(String((unknown as { kind?: unknown }).kind)));
    }
  }
}

/**
 * The step size `multiple / L` for an L-smooth objective: 1/L is the classic
 * gradient-descent step (monotone decrease for any step < 2/L) and the step
 * CAT's analysis assumes.
 *
 * @param smoothness L > 0, e.g. `model.smoothness()`
 * @param multiple the fraction (or multiple) of 1/L, > 0; default 1
 */
export function oneOverL(smoothness: number, multiple = 1): number {
  if (!(Number.isFinite(smoothness) && smoothness > 0)) throw new RangeError(msg.notPositive('smoothness L', smoothness));
  if (!(Number.isFinite(multiple) && multiple > 0)) throw new RangeError(msg.notPositive('multiple', multiple));
  return multiple / smoothness;
}

/**
 * The constant schedule η_t = multiple / L of a model, read from its
 * `smoothness()`; throws the catalog message if the model has none.
 */
export function oneOverLSchedule(model: { readonly name: string; smoothness?(): number }, multiple = 1): Schedule {
  if (model.smoothness === undefined) throw new RangeError(msg.noSmoothness(model.name));
  return { kind: 'constant', rate: oneOverL(model.smoothness(), multiple) };
}
