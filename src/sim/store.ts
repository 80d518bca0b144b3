import type { Environment } from './environment.js';
import { SimEvent } from './events.js';
import { Fifo } from './fifo.js';
import { simErrors } from './messages.js';

/**
 * A FIFO mailbox (SimPy's Store): `put(item)` succeeds once the item is stored
 * (at once unless the store is full); `get()` succeeds with the oldest item,
 * waiting if the store is empty. Waiting getters and putters are served FIFO.
 */
export class Store<T> {
  private readonly items = new Fifo<T>();
  private readonly getters = new Fifo<SimEvent<T>>();
  private readonly putters = new Fifo<{ event: SimEvent<void>; item: T }>();

  constructor(
    readonly env: Environment,
    readonly capacity = Infinity,
    readonly name = 'store',
  ) {
    if (!(capacity >= 1)) throw new Error(simErrors.capacity(name, capacity));
  }

  /** Items currently stored. */
  get size(): number {
    return this.items.length;
  }

  /** Offer an item; the event succeeds when it has been stored. */
  put(item: T): SimEvent<void> {
    const event = new SimEvent<void>(this.env, `${this.name}:put`);
    this.putters.push({ event, item });
    this.dispatch();
    return event;
  }

  /** Take the oldest item; the event succeeds with it. */
  get(): SimEvent<T> {
    const event = new SimEvent<T>(this.env, `${this.name}:get`);
    this.getters.push(event);
    this.dispatch();
    return event;
  }

  private dispatch(): void {
    for (;;) {
      let moved = false;
      while (this.putters.length > 0 && this.items.length < this.capacity) {
        const { event, item } = this.putters.shift() as { event: SimEvent<void>; item: T };
        this.items.push(item);
        event.succeed();
        moved = true;
      }
      while (this.getters.length > 0 && this.items.length > 0) {
        (this.getters.shift() as SimEvent<T>).succeed(this.items.shift() as T);
        moved = true;
      }
      if (!moved) return;
    }
  }
}
