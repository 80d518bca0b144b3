import type { Environment } from './environment.js';
import { simErrors } from './messages.js';

/** Scheduling priority: lower fires first among events at the same time. */
export const URGENT = 0;
/** Default priority of events. */
export const NORMAL = 1;

/** A callback run when an event is processed. */
export type Callback = (event: SimEvent<any>) => void;

/** Priorities are small integers: the queue packs (priority, seq) into one exact number, priority·2^47 + seq. */
const MAX_PRIORITY = 63;
const SEQ_SPAN = 2 ** 47;

/** The queue's tie-break key of an event scheduled with `priority` as the `seq`-th event (total order among equal times). */
export function orderKey(priority: number, seq: number): number {
  return priority * SEQ_SPAN + seq;
}

const PENDING = 0;
const TRIGGERED = 1;
const PROCESSED = 2;

/**
 * A one-shot event: it succeeds or fails once (a second trigger throws, naming
 * the event), is then scheduled, and its callbacks run when the environment
 * takes it from the queue. A failure that no callback defuses stops the run.
 *
 * The queue key (time, priority, seq) lives on the event itself so scheduling
 * allocates nothing beyond the event.
 */
export class SimEvent<T = unknown> {
  // Fields are declared and assigned in the constructor (not class-field
  // initializers): one straight-line constructor is the engine's hot allocation.
  /** Simulated time (s) at which the event is (or was) scheduled to fire. */
  declare time: number;
  /** Order among equal-time events: priority (URGENT before NORMAL), then insertion ({@link orderKey}). */
  declare order: number;
  /** The first callback; most events have exactly one (the process waiting for them), so no array. */
  private declare first: Callback | null;
  /** Callbacks after the first, in order; allocated on the second. */
  private declare more: Callback[] | null;
  /** Set by a callback that handles a failure, so the run does not stop. */
  declare defused: boolean;
  protected declare state: number;
  protected declare ok: boolean;
  protected declare val: T | undefined;
  declare readonly env: Environment;
  /** A name for error messages and traces. */
  declare readonly name: string;

  constructor(env: Environment, name = 'event') {
    this.env = env;
    this.name = name;
    this.time = 0;
    this.order = 0;
    this.first = null;
    this.more = null;
    this.defused = false;
    this.state = PENDING;
    this.ok = true;
    this.val = undefined;
  }

  /** True once succeed() or fail() has been called. */
  get triggered(): boolean {
    return this.state !== PENDING;
  }

  /** True once the environment has run the callbacks. */
  get processed(): boolean {
    return this.state === PROCESSED;
  }

  /** True if the event succeeded (only meaningful once triggered). */
  get isOk(): boolean {
    return this.ok;
  }

  /** The success value, or the failure's error. Throws if not yet triggered. */
  get value(): T {
    if (this.state === PENDING) throw new Error(simErrors.valueNotReady(this.name));
    return this.val as T;
  }

  /** Trigger success with a value; fires at the current time. */
  succeed(value?: T, priority = NORMAL): this {
    if (this.state !== PENDING) throw new Error(simErrors.alreadyTriggered(this.name));
    checkPriority(priority);
    this.ok = true;
    this.val = value;
    this.state = TRIGGERED;
    this.env.schedule(this, 0, priority);
    return this;
  }

  /** Trigger failure with an error; fires at the current time. */
  fail(error: Error, priority = NORMAL): this {
    if (this.state !== PENDING) throw new Error(simErrors.alreadyTriggered(this.name));
    checkPriority(priority);
    this.ok = false;
    this.val = error as unknown as T;
    this.state = TRIGGERED;
    this.env.schedule(this, 0, priority);
    return this;
  }

  /** Run `callback` when processed (immediately is not possible once processed: throws). */
  addCallback(callback: Callback): void {
    if (this.state === PROCESSED) throw new Error(simErrors.alreadyProcessed(this.name));
    if (this.first === null && this.more === null) this.first = callback;
    else (this.more ??= []).push(callback);
  }

  /** Remove a callback previously added (no-op if absent). */
  removeCallback(callback: Callback): void {
    if (this.state === PROCESSED) return;
    if (this.first === callback) {
      this.first = null;
      return;
    }
    const i = this.more?.indexOf(callback) ?? -1;
    if (i >= 0) this.more!.splice(i, 1);
  }

  /** @internal Called by the environment when it takes the event from the queue. */
  process(): void {
    this.state = PROCESSED;
    const first = this.first;
    const more = this.more;
    this.first = null;
    this.more = null;
    if (first !== null) first(this);
    if (more !== null) for (let i = 0; i < more.length; i++) (more[i] as Callback)(this);
    if (!this.ok && !this.defused) throw this.val as unknown as Error;
  }

  /** @internal Mark triggered with a value without scheduling (for Timeout). */
  protected preTrigger(value: T | undefined): void {
    this.val = value;
    this.state = TRIGGERED;
  }
}

function checkPriority(priority: number): void {
  if (!(Number.isInteger(priority) && priority >= 0 && priority <= MAX_PRIORITY)) throw new Error(simErrors.badPriority(priority, MAX_PRIORITY));
}

/** An event that succeeds after `delay` seconds of simulated time. */
export class Timeout<T = undefined> extends SimEvent<T> {
  constructor(env: Environment, delay: number, value?: T) {
    super(env, 'timeout');
    if (!(delay >= 0)) throw new Error(simErrors.negativeDelay(delay));
    this.preTrigger(value);
    env.schedule(this, delay, NORMAL);
  }
}

/** Thrown into a process by `Process.interrupt(cause)`. */
export class Interrupt extends Error {
  constructor(override readonly cause: unknown) {
    super(`interrupted: ${String(cause)}`);
    this.name = 'Interrupt';
  }
}
