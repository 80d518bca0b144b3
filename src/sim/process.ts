import type { Environment } from './environment.js';
import { Interrupt, SimEvent, Timeout, UNCLAIMED, URGENT, type Waiter, orderKey } from './events.js';
import { simErrors } from './messages.js';

/** The generator a process drives: it yields events and receives their values. */
export type ProcessGenerator<R = unknown> = Generator<SimEvent<unknown>, R, unknown>;

/**
 * A process drives a generator (in the spirit of SimPy): each yielded event
 * suspends it until the event is processed, then the event's value is sent back
 * in (or its error thrown in). A process is itself an event that succeeds with
 * the generator's return value, so others can wait on it. The events it waits
 * for resume it directly (it is their {@link Waiter}), not through a closure;
 * a timeout only it waits for resumes it from the queue ({@link Timeout.claim}).
 */
export class Process<R = unknown> extends SimEvent<R> implements Waiter {
  /**
   * What this process waits for: an event, or the slot of a queue entry it
   * claimed (a small integer: a double field would allocate per wait), whose
   * value it keeps in `val` meanwhile (unread until the process finishes).
   */
  private waitingFor: SimEvent<unknown> | number;

  constructor(
    env: Environment,
    private readonly generator: ProcessGenerator<R>,
    name = 'process',
  ) {
    super(env, name);
    // Start at the current time, after the code that created us (SimPy's Initialize):
    // an urgent entry that resumes us as a claimed timeout would.
    this.waitingFor = env.queue.push(this, env.now, orderKey(URGENT, env.takeSeq()));
  }

  /** True until the generator returns or throws. */
  get isAlive(): boolean {
    return !this.triggered;
  }

  /**
   * Throw an `Interrupt(cause)` into the process at the current time. The event
   * it was waiting for stays scheduled but no longer resumes it.
   */
  interrupt(cause?: unknown): void {
    if (this.triggered) throw new Error(simErrors.interruptDead(this.name));
    if (this.env.activeProcess === this) throw new Error(simErrors.interruptSelf(this.name));
    const irq = new SimEvent<Error>(this.env, `${this.name}:interrupt`);
    irq.addCallback((event) => {
      if (this.triggered) return; // finished before the interrupt fired
      this.stopWaiting();
      this.resume(event);
    });
    irq.defused = true;
    irq.fail(new Interrupt(cause), URGENT);
  }

  /**
   * @internal Taken from the queue: its own completion, or (while alive) the
   * entry it claimed, which passes the generator: read from beside the entry,
   * it arrives from memory together with this process instead of after it.
   */
  override process(generator?: ProcessGenerator<R>): void {
    if (this.triggered) return super.process();
    const value = this.val;
    this.val = undefined;
    this.run(true, value, generator ?? this.generator);
  }

  /** @internal Called by the event this process waits for, when it is processed. */
  resume(event: SimEvent<unknown>): void {
    if (event.isOk) return this.run(true, event.value);
    event.defused = true; // handed to the process, which may catch it
    this.run(false, event.value);
  }

  private stopWaiting(): void {
    const waitingFor = this.waitingFor;
    if (typeof waitingFor !== 'number') return waitingFor.removeCallback(this);
    // The claimed entry is still queued: had it fired, this process would wait on something newer.
    const queue = this.env.queue;
    this.val = undefined;
    const item = queue.item(waitingFor);
    if (item === this) queue.replace(waitingFor, UNCLAIMED);
    else (item as SimEvent<unknown>).removeCallback(this); // the timeout took its entry back
  }

  /** Send `value` into the generator (throw it when not `ok`) and run it to its next wait. */
  private run(ok: boolean, value: unknown, generator = this.generator): void {
    const env = this.env;
    env.activeProcess = this;
    for (;;) {
      let step: IteratorResult<SimEvent<unknown>, R>;
      try {
        step = ok ? generator.next(value) : generator.throw(value);
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
        break;
      }
      if (step.done) {
        this.succeed(step.value);
        break;
      }
      const next = step.value;
      if (next instanceof Timeout) {
        if (next.claim(this, generator)) {
          this.waitingFor = next.slot;
          this.val = next.value;
          break;
        }
      } else if (!(next instanceof SimEvent)) {
        const bad = new SimEvent<Error>(env, 'invalid-yield');
        bad.fail(new Error(simErrors.notAnEvent(this.name, next)));
        bad.defused = true;
        ok = false;
        value = bad.value; // thrown into the generator right away
        continue;
      }
      this.waitingFor = next;
      if (!next.processed) {
        next.addCallback(this);
        break;
      }
      // Already processed: resume immediately with its value.
      ok = next.isOk;
      if (!ok) next.defused = true;
      value = next.value;
    }
    env.activeProcess = null;
  }
}

/** Typed wait: `const v = yield* wait(ev)` gives `v` the event's value type. */
export function* wait<T>(event: SimEvent<T>): Generator<SimEvent<T>, T, unknown> {
  return (yield event) as T;
}
