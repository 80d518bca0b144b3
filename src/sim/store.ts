import type { Environment } from './environment.js';
import { SimEvent } from './events.js';
import { Fifo } from './fifo.js';
import { simErrors } from './messages.js';

/** Which items a getter accepts. Must be pure: the store may call it many times, or not at all. */
export type ItemFilter<T> = (item: T) => boolean;

interface Getter<T> {
  readonly event: SimEvent<T>;
  readonly filter: ItemFilter<T> | undefined;
}

interface Putter<T> {
  readonly event: SimEvent<void>;
  readonly item: T;
}

/**
 * A mailbox (SimPy's Store and FilterStore in one). `get()` succeeds with the
 * oldest item, `get(filter)` with the oldest item the filter accepts; either
 * waits until such an item arrives, and items nobody asked for stay stored.
 * An arriving item goes to the earliest waiting getter whose filter accepts
 * it, so waiting getters are served in the FIFO order of their requests among
 * those that match. `put(item)` succeeds once the item is stored or handed to
 * a getter: at once unless the store is full and no waiting getter wants the
 * item; waiting putters are served FIFO as gets make room, and a getter may
 * take a waiting putter's item directly.
 *
 * Invariant: no waiting getter accepts any stored item or any waiting
 * putter's item (each item is offered to the waiting getters when it is put,
 * and a getter only waits when no stored or offered item matches). So a put
 * scans the waiting getters once, a get scans the stored items (then the
 * waiting putters) once, and an unfiltered get of a non-empty store is O(1).
 */
export class Store<T> {
  private readonly items = new Fifo<T>();
  private readonly getters = new Fifo<Getter<T>>();
  private readonly putters = new Fifo<Putter<T>>();

  constructor(
    readonly env: Environment,
    /** Most items stored at once; default unbounded. */
    readonly capacity = Infinity,
    readonly name = 'store',
  ) {
    if (!(capacity >= 1)) throw new Error(simErrors.capacity(name, capacity));
  }

  /** Items currently stored (not yet taken by any getter). */
  get size(): number {
    return this.items.length;
  }

  /** Getters waiting for a matching item. */
  get waitingGetters(): number {
    return this.getters.length;
  }

  /** Offer an item; the event succeeds when it has been stored or handed to a getter. */
  put(item: T): SimEvent<void> {
    const event = new SimEvent<void>(this.env, `${this.name}:put`);
    // A matching getter takes the item even when the store is full: it never occupies a slot.
    const g = this.getters.length === 0 ? -1 : this.getters.findIndex((getter) => getter.filter === undefined || getter.filter(item));
    if (g >= 0) {
      const getter = this.getters.removeAt(g) as Getter<T>;
      event.succeed();
      getter.event.succeed(item);
    } else if (this.items.length < this.capacity) {
      event.succeed();
      this.items.push(item);
    } else {
      this.putters.push({ event, item });
    }
    return event;
  }

  /** Take the oldest item `filter` accepts (the oldest item when no filter is given); the event succeeds with it. */
  get<S extends T>(filter: (item: T) => item is S): SimEvent<S>;
  get(filter?: ItemFilter<T>): SimEvent<T>;
  get(filter?: ItemFilter<T>): SimEvent<T> {
    const event = new SimEvent<T>(this.env, `${this.name}:get`);
    const i = filter === undefined ? (this.items.length > 0 ? 0 : -1) : this.items.findIndex(filter);
    if (i >= 0) {
      event.succeed(this.items.removeAt(i) as T);
      this.admitPutters();
      return event;
    }
    // Stored items are older than waiting putters' items; the putters are next in line.
    const p = filter === undefined ? -1 : this.putters.findIndex((putter) => filter(putter.item));
    if (p >= 0) {
      const putter = this.putters.removeAt(p) as Putter<T>;
      event.succeed(putter.item);
      putter.event.succeed();
      return event;
    }
    this.getters.push({ event, filter });
    return event;
  }

  /** Withdraw a get that is still waiting; false if it was already served (or is not this store's). */
  cancel(get: SimEvent<T>): boolean {
    const i = this.getters.findIndex((g) => g.event === get);
    if (i < 0) return false;
    this.getters.removeAt(i);
    return true;
  }

  /** Store waiting putters' items while there is room (by the invariant, no waiting getter wants them). */
  private admitPutters(): void {
    while (this.putters.length > 0 && this.items.length < this.capacity) {
      const { event, item } = this.putters.shift() as Putter<T>;
      event.succeed();
      this.items.push(item);
    }
  }
}
