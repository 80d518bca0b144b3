import type { Environment } from './environment.js';
import { simErrors } from './messages.js';

/** Scheduling priority: lower fires first among events at the same time. */
export const URGENT = 0;
/** Default priority of events. */
export const NORMAL = 1;

/** A callback run when an event is processed. */
export type Callback = (event: SimEvent<any>) => void;

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
  /** Simulated time (s) at which the event is (or was) scheduled to fire. */
  time = 0;
  /** Priority among equal-time events (URGENT before NORMAL). */
  priority = NORMAL;
  /** Insertion sequence number: total order among equal (time, priority). */
  seq = 0;
  /** Callbacks to run on processing; null once processed. */
  callbacks: Callback[] | null = [];
  /** Set by a callback that handles a failure, so the run does not stop. */
  defused = false;
  protected state = PENDING;
  protected ok = true;
  protected val: T | undefined = undefined;

  constructor(
    readonly env: Environment,
    /** A name for error messages and traces. */
    readonly name = 'event',
  ) {}

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
    this.ok = true;
    this.val = value;
    this.state = TRIGGERED;
    this.env.schedule(this, 0, priority);
    return this;
  }

  /** Trigger failure with an error; fires at the current time. */
  fail(error: Error, priority = NORMAL): this {
    if (this.state !== PENDING) throw new Error(simErrors.alreadyTriggered(this.name));
    this.ok = false;
    this.val = error as unknown as T;
    this.state = TRIGGERED;
    this.env.schedule(this, 0, priority);
    return this;
  }

  /** Run `callback` when processed (immediately is not possible once processed: throws). */
  addCallback(callback: Callback): void {
    if (this.callbacks === null) throw new Error(simErrors.alreadyProcessed(this.name));
    this.callbacks.push(callback);
  }

  /** Remove a callback previously added (no-op if absent). */
  removeCallback(callback: Callback): void {
    if (this.callbacks === null) return;
    const i = this.callbacks.indexOf(callback);
    if (i >= 0) this.callbacks.splice(i, 1);
  }

  /** @internal Called by the environment when it takes the event from the queue. */
  process(): void {
    const callbacks = this.callbacks as Callback[];
    this.callbacks = null;
    this.state = PROCESSED;
    for (let i = 0; i < callbacks.length; i++) (callbacks[i] as Callback)(this);
    if (!this.ok && !this.defused) throw this.val as unknown as Error;
  }

  /** @internal Mark triggered with a value without scheduling (for Timeout). */
  protected preTrigger(value: T | undefined): void {
    this.val = value;
    this.state = TRIGGERED;
  }
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
