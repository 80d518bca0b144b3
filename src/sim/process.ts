import type { Environment } from './environment.js';
import { type Callback, Interrupt, SimEvent, URGENT } from './events.js';
import { simErrors } from './messages.js';

/** The generator a process drives: it yields events and receives their values. */
export type ProcessGenerator<R = unknown> = Generator<SimEvent<any>, R, any>;

/**
 * A process drives a generator (in the spirit of SimPy): each yielded event
 * suspends it until the event is processed, then the event's value is sent back
 * in (or its error thrown in). A process is itself an event that succeeds with
 * the generator's return value, so others can wait on it.
 */
export class Process<R = unknown> extends SimEvent<R> {
  /** The event this process currently waits for. */
  private target: SimEvent<any>;
  private readonly resumeCallback: Callback;

  constructor(
    env: Environment,
    private readonly generator: ProcessGenerator<R>,
    name = 'process',
  ) {
    super(env, name);
    this.resumeCallback = (event) => this.resume(event);
    // Start at the current time, after the code that created us (SimPy's Initialize).
    const init = new SimEvent<undefined>(env, `${name}:init`);
    init.addCallback(this.resumeCallback);
    init.succeed(undefined, URGENT);
    this.target = init;
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
      this.target.removeCallback(this.resumeCallback);
      this.resume(event);
    });
    irq.defused = true;
    irq.fail(new Interrupt(cause), URGENT);
  }

  private resume(event: SimEvent<any>): void {
    const env = this.env;
    env.activeProcess = this;
    let current = event;
    for (;;) {
      let step: IteratorResult<SimEvent<any>, R>;
      try {
        if (current.isOk) {
          step = this.generator.next(current.value);
        } else {
          current.defused = true; // handed to the process, which may catch it
          step = this.generator.throw(current.value);
        }
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
        break;
      }
      if (step.done) {
        this.succeed(step.value);
        break;
      }
      const next = step.value;
      if (!(next instanceof SimEvent)) {
        current = new SimEvent(env, 'invalid-yield');
        current.fail(new Error(simErrors.notAnEvent(this.name, next)));
        current.defused = true;
        continue; // throw the error into the generator right away
      }
      this.target = next;
      if (!next.processed) {
        next.addCallback(this.resumeCallback);
        break;
      }
      current = next; // already processed: resume immediately with its value
    }
    env.activeProcess = null;
  }
}

/** Typed wait: `const v = yield* wait(ev)` gives `v` the event's value type. */
export function* wait<T>(event: SimEvent<T>): Generator<SimEvent<T>, T, any> {
  return (yield event) as T;
}
