import type { Environment } from './environment.js';
import { simErrors } from './messages.js';

/** Scheduling priority: lower fires first among events at the same time. */
export const URGENT = 0;
/** Default priority of events. */
export const NORMAL = 1;

/** A callback run when an event is processed. */
export type Callback = (event: SimEvent<unknown>) => void;

/** Something an event resumes directly, without a closure: the engine's processes. */
export interface Waiter {
  resume(event: SimEvent<unknown>): void;
}

/** What the queue holds: an event, or the process that claimed a timeout's entry ({@link Timeout.claim}). */
export interface Processable {
  /** Called when the entry fires, with the argument stored beside the item (if any). */
  process(arg?: unknown): void;
}

/** @internal Holds a timeout's entry that no process has claimed (or whose process was interrupted): fires, resumes nobody. */
export const UNCLAIMED: Processable = { process(): void {} };

type Hook = Callback | Waiter;

/** Priorities are small integers: the queue packs (priority, seq) into one exact number, priority·2^47 + seq. */
const MAX_PRIORITY = 63;
const SEQ_SPAN = 2 ** 47;

/** The queue's tie-break key of an event scheduled with `priority` as the `seq`-th event (total order among equal times). */
export function orderKey(priority: number, seq: number): number {
  return priority * SEQ_SPAN + seq;
}

// `flags`: the state in the low two bits, then failed, defused, and (timeouts) detached.
const PENDING = 0;
const TRIGGERED = 1;
const PROCESSED = 2;
const STATE = 3;
const FAILED = 4;
const DEFUSED = 8;
const DETACHED = 16;

/**
 * A one-shot event: it succeeds or fails once (a second trigger throws, naming
 * the event), is then scheduled, and its callbacks run when the environment
 * takes it from the queue. A failure that no callback defuses stops the run.
 *
 * Pending events outlive many others, so they are kept small: the queue holds
 * their keys (time, priority, seq), one field holds the callbacks, one the state.
 */
export class SimEvent<T = unknown> {
  // Fields are declared and assigned in the constructor (not class-field
  // initializers): one straight-line constructor is the engine's hot allocation.
  /** The callbacks in order: one hook alone (most events have just the process waiting for them), else an array. */
  declare protected hooks: Hook | Hook[] | null;
  declare protected flags: number;
  declare protected val: T | undefined;
  declare readonly env: Environment;
  /** A name for error messages and traces. */
  declare readonly name: string;

  constructor(env: Environment, name = 'event') {
    this.env = env;
    this.name = name;
    this.hooks = null;
    this.flags = PENDING;
    this.val = undefined;
  }

  /** True once succeed() or fail() has been called. */
  get triggered(): boolean {
    return (this.flags & STATE) !== PENDING;
  }

  /** True once the environment has run the callbacks. */
  get processed(): boolean {
    return (this.flags & STATE) === PROCESSED;
  }

  /** True if the event succeeded (only meaningful once triggered). */
  get isOk(): boolean {
    return (this.flags & FAILED) === 0;
  }

  /** Set by a callback that handles a failure, so the run does not stop. */
  get defused(): boolean {
    return (this.flags & DEFUSED) !== 0;
  }

  set defused(on: boolean) {
    this.flags = on ? this.flags | DEFUSED : this.flags & ~DEFUSED;
  }

  /** The success value, or the failure's error. Throws if not yet triggered. */
  get value(): T {
    if ((this.flags & STATE) === PENDING) throw new Error(simErrors.valueNotReady(this.name));
    return this.val as T;
  }

  /** Trigger success with a value; fires at the current time. */
  succeed(value?: T, priority = NORMAL): this {
    if ((this.flags & STATE) !== PENDING) throw new Error(simErrors.alreadyTriggered(this.name));
    checkPriority(priority);
    this.val = value;
    this.flags = (this.flags & DEFUSED) | TRIGGERED;
    this.env.schedule(this, 0, priority);
    return this;
  }

  /** Trigger failure with an error; fires at the current time. */
  fail(error: Error, priority = NORMAL): this {
    if ((this.flags & STATE) !== PENDING) throw new Error(simErrors.alreadyTriggered(this.name));
    checkPriority(priority);
    this.val = error as unknown as T;
    this.flags = (this.flags & DEFUSED) | TRIGGERED | FAILED;
    this.env.schedule(this, 0, priority);
    return this;
  }

  /** Run `callback` when processed (a {@link Waiter} is resumed instead); throws once processed. */
  addCallback(callback: Callback | Waiter): void {
    if ((this.flags & STATE) === PROCESSED) throw new Error(simErrors.alreadyProcessed(this.name));
    const hooks = this.hooks;
    if (hooks === null) this.hooks = callback;
    else if (Array.isArray(hooks)) hooks.push(callback);
    else this.hooks = [hooks, callback];
  }

  /** Remove the first occurrence of a callback previously added (no-op if absent). */
  removeCallback(callback: Callback | Waiter): void {
    if ((this.flags & STATE) === PROCESSED) return;
    const hooks = this.hooks;
    if (hooks === callback) this.hooks = null;
    else if (Array.isArray(hooks)) {
      const i = hooks.indexOf(callback);
      if (i >= 0) hooks.splice(i, 1);
    }
  }

  /** @internal Called by the environment when it takes the event from the queue. */
  process(): void {
    const flags = this.flags;
    this.flags = (flags & ~STATE) | PROCESSED;
    const hooks = this.hooks;
    this.hooks = null;
    if (hooks !== null) {
      if (typeof hooks === 'function') hooks(this);
      else if (!Array.isArray(hooks)) hooks.resume(this);
      else for (let i = 0; i < hooks.length; i++) run(hooks[i] as Hook, this);
    }
    if ((this.flags & (FAILED | DEFUSED)) === FAILED) throw this.val as unknown as Error;
  }
}

function run(hook: Hook, event: SimEvent<unknown>): void {
  if (typeof hook === 'function') hook(event);
  else hook.resume(event);
}

function checkPriority(priority: number): void {
  if (!(Number.isInteger(priority) && priority >= 0 && priority <= MAX_PRIORITY)) throw new Error(simErrors.badPriority(priority, MAX_PRIORITY));
}

/**
 * An event that succeeds after `delay` seconds of simulated time. Its queue
 * entry starts detached (the queue holds {@link UNCLAIMED}), so nothing
 * long-lived refers to the timeout. A process that alone waits for it claims
 * the entry: the queue then resumes that process directly, and the timeout,
 * usually dropped by then, dies young. Adding or removing a callback attaches
 * the entry first, so every other use sees the usual event.
 */
export class Timeout<T = undefined> extends SimEvent<T> {
  /** @internal The queue entry: slot, and sequence number (a small integer, unlike the order key: no heap number). */
  declare readonly slot: number;
  /** @internal */
  declare readonly seq: number;

  constructor(env: Environment, delay: number, value?: T) {
    super(env, 'timeout');
    if (!(delay >= 0)) throw new Error(simErrors.negativeDelay(delay));
    this.val = value;
    this.flags = TRIGGERED | DETACHED;
    const time = env.now + delay;
    const seq = env.takeSeq();
    this.seq = seq;
    this.slot = env.queue.push(UNCLAIMED, time, orderKey(NORMAL, seq));
  }

  override get processed(): boolean {
    return (this.flags & DETACHED) !== 0 ? !this.env.queue.holds(this.slot, orderKey(NORMAL, this.seq)) : super.processed;
  }

  override addCallback(callback: Callback | Waiter): void {
    this.attach();
    super.addCallback(callback);
  }

  override removeCallback(callback: Callback | Waiter): void {
    this.attach();
    super.removeCallback(callback);
  }

  /** @internal Have the queue call `waiter.process(arg)` when this timeout fires; false if it has fired or is watched. */
  claim(waiter: Processable, arg: unknown): boolean {
    const queue = this.env.queue;
    if ((this.flags & DETACHED) === 0 || queue.item(this.slot) !== UNCLAIMED || !queue.holds(this.slot, orderKey(NORMAL, this.seq))) return false;
    queue.replace(this.slot, waiter, arg);
    return true;
  }

  /** Put this timeout in its queue entry, its claimant (if any) as first callback; or note that it has fired. */
  private attach(): void {
    if ((this.flags & DETACHED) === 0) return;
    const queue = this.env.queue;
    if (!queue.holds(this.slot, orderKey(NORMAL, this.seq))) {
      this.flags = (this.flags & ~(DETACHED | STATE)) | PROCESSED;
      return;
    }
    this.flags &= ~DETACHED;
    const waiter = queue.item(this.slot);
    queue.replace(this.slot, this);
    if (waiter !== UNCLAIMED) this.hooks = waiter as unknown as Waiter;
  }
}

/** Thrown into a process by `Process.interrupt(cause)`. */
export class Interrupt extends Error {
  constructor(override readonly cause: unknown) {
    super(`interrupted: ${String(cause)}`);
    this.name = 'Interrupt';
  }
}
