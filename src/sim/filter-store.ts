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

/**
 * A mailbox whose getters may choose (SimPy's FilterStore). `get(filter)`
 * succeeds with the oldest stored item the filter accepts (any item when no
 * filter is given), waiting until one arrives; items nobody asked for stay
 * stored. An arriving item goes to the earliest waiting getter whose filter
 * accepts it, so waiting getters are served in the FIFO order of their
 * requests among those that match. `put(item)` succeeds once the item is
 * stored or handed over (at once unless the store is full; waiting putters
 * are served FIFO as gets make room).
 *
 * Invariant: no waiting getter accepts any stored item (every item is offered
 * to the waiting getters when it arrives, and a getter only waits when no
 * stored item matches), so each put scans the waiting getters once and each
 * get scans the stored items once.
 */
export class FilterStore<T> {
  private readonly items: T[] = [];
  private readonly getters: Getter<T>[] = [];
  private readonly putters = new Fifo<{ event: SimEvent<void>; item: T }>();

  constructor(
    readonly env: Environment,
    /** Most items stored at once; default unbounded. */
    readonly capacity = Infinity,
    readonly name = 'filter-store',
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
    if (this.items.length < this.capacity) {
      event.succeed();
      this.accept(item);
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
    if (i < 0) {
      this.getters.push({ event, filter });
      return event;
    }
    const [item] = this.items.splice(i, 1);
    event.succeed(item as T);
    this.admitPutters();
    return event;
  }

  /** Withdraw a get that is still waiting; false if it was already served (or is not this store's). */
  cancel(get: SimEvent<T>): boolean {
    const i = this.getters.findIndex((g) => g.event === get);
    if (i < 0) return false;
    this.getters.splice(i, 1);
    return true;
  }

  /** Hand the item to the earliest waiting getter that accepts it, else store it. */
  private accept(item: T): void {
    for (let i = 0; i < this.getters.length; i++) {
      const getter = this.getters[i] as Getter<T>;
      if (getter.filter === undefined || getter.filter(item)) {
        this.getters.splice(i, 1);
        getter.event.succeed(item);
        return;
      }
    }
    this.items.push(item);
  }

  private admitPutters(): void {
    while (this.putters.length > 0 && this.items.length < this.capacity) {
      const { event, item } = this.putters.shift() as { event: SimEvent<void>; item: T };
      event.succeed();
      this.accept(item);
    }
  }
}
