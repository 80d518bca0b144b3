import { AllOf, AnyOf, type AnyOfValue } from './condition.js';
import { type Processable, SimEvent, Timeout, orderKey } from './events.js';
import { simErrors } from './messages.js';
import { Process, type ProcessGenerator } from './process.js';
import { EventQueue, type Queue } from './queue.js';

/**
 * The simulation environment: a simulated clock (seconds) and an event queue
 * (a binary heap on typed arrays, {@link EventQueue}). Wall-clock time never enters it.
 */
export class Environment {
  /** Current simulated time (s). */
  now = 0;
  /** Number of events taken from the queue so far (the unit benchmarks count). */
  eventsProcessed = 0;
  /** The process whose generator is running, if any. */
  activeProcess: Process<unknown> | null = null;
  private seq = 0;
  /** @internal */
  readonly queue: Queue<Processable>;

  /** `queue` replaces the event queue (the engine bench compares implementations). */
  constructor(initialTime = 0, queue: Queue<Processable> = new EventQueue<Processable>()) {
    this.now = initialTime;
    this.queue = queue;
  }

  /** @internal Put an event in the queue `delay` seconds from now. */
  schedule(event: SimEvent<unknown>, delay: number, priority: number): void {
    this.queue.push(event, this.now + delay, orderKey(priority, this.seq++));
  }

  /** @internal Take the next sequence number (for a queue entry's {@link orderKey}). */
  takeSeq(): number {
    return this.seq++;
  }

  /** An event that fires `delay` seconds from now with `value`. */
  timeout<T = undefined>(delay: number, value?: T): Timeout<T> {
    return new Timeout<T>(this, delay, value);
  }

  /** A fresh, untriggered event to be succeeded or failed by someone. */
  event<T = unknown>(name?: string): SimEvent<T> {
    return new SimEvent<T>(this, name);
  }

  /** Start a process driving `generator`; it begins at the current time. */
  process<R>(generator: ProcessGenerator<R>, name?: string): Process<R> {
    return new Process<R>(this, generator, name);
  }

  /** Succeeds when all events have succeeded, with their values in order; fails on the first failure. */
  allOf<T>(events: readonly SimEvent<T>[]): AllOf<T> {
    return new AllOf<T>(this, events);
  }

  /** Succeeds when the first of the events is processed, with its index and value. */
  anyOf<T>(events: readonly SimEvent<T>[]): SimEvent<AnyOfValue<T>> {
    return new AnyOf<T>(this, events);
  }

  /** Time of the next event, or Infinity when the queue is empty. */
  peek(): number {
    return this.queue.peekTime();
  }

  /** Process the next event; false when the queue is empty. */
  step(): boolean {
    const queue = this.queue;
    if (queue.size === 0) return false;
    this.now = queue.peekTime();
    const event = queue.pop() as Processable;
    this.eventsProcessed++;
    event.process(queue.poppedArg());
    return true;
  }

  /**
   * Run until the queue is empty, until simulated time `until` (events at
   * exactly `until` are left for later; the clock ends at `until`), or until
   * the event `until` has been processed (its value is returned).
   */
  run(until?: number | SimEvent<unknown>): unknown {
    if (until === undefined) {
      while (this.step());
      return undefined;
    }
    if (typeof until === 'number') {
      if (until < this.now) throw new Error(simErrors.untilInPast(until, this.now));
      while (this.peek() < until) this.step();
      this.now = until;
      return undefined;
    }
    if (until.env !== this) throw new Error(simErrors.mixedEnvironments(until.name));
    while (!until.processed) {
      if (!this.step()) throw new Error(simErrors.untilNeverTriggered(until.name));
    }
    return until.value;
  }
}
