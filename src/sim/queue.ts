/** What the environment needs of its queue: entries with key (time, order) in stable slots. */
export interface Queue<T> {
  readonly size: number;
  /** Time of the first entry, or Infinity when empty. */
  peekTime(): number;
  /** Add `item` with key (time, order), orders distinct; returns its slot. */
  push(item: T, time: number, order: number): number;
  /** Remove the first entry and return its item (undefined when empty). */
  pop(): T | undefined;
  /** The argument stored beside the item {@link pop} returned last, until the next push. */
  poppedArg(): unknown;
  /** True while the entry pushed into `slot` with `order` is queued. */
  holds(slot: number, order: number): boolean;
  /** The item of a queued entry. */
  item(slot: number): T;
  /** Swap the item (and its argument) of a queued entry; the key stays. */
  replace(slot: number, item: T, arg?: unknown): void;
}

/**
 * The event queue: a binary min-heap on (time, order) kept in parallel typed
 * arrays, so a comparison reads two packed numbers instead of dereferencing an
 * event, and sifting moves numbers only. Each entry's item sits in a fixed
 * slot of `items`, written on push and cleared on pop; the heap moves the
 * slot's index. (slot, order) names one queued entry, whose item may be
 * swapped while it waits, with an argument for the item stored beside it (one
 * cache line brings both).
 */
export class EventQueue<T> implements Queue<T> {
  private times = new Float64Array(64);
  private orders = new Float64Array(64);
  private slots = new Int32Array(64);
  /** The order of the entry last pushed into each slot. */
  private slotOrders = new Float64Array(64);
  /** Free slots below the high-water mark (a stack). */
  private free = new Int32Array(64);
  private freeCount = 0;
  /** Slot s holds its item at 2s and the item's argument at 2s + 1. */
  private readonly items: unknown[] = [];
  /** Number of queued entries. */
  size = 0;
  /** The slot of the entry {@link pop} removed last. */
  private popped = 0;
  /** Written only to make {@link pop} read the next item early (see there); public so the compiler does not call it unused. */
  touched = false;

  /** Time of the first entry, or Infinity when empty. */
  peekTime(): number {
    return this.size === 0 ? Infinity : (this.times[0] as number);
  }

  /** Add `item` with key (time, order), orders distinct; returns its slot. */
  push(item: T, time: number, order: number): number {
    if (this.size === this.times.length) this.grow();
    const slot = this.freeCount > 0 ? (this.free[--this.freeCount] as number) : this.size;
    this.items[2 * slot] = item;
    this.items[2 * slot + 1] = undefined;
    this.slotOrders[slot] = order;
    const times = this.times;
    const orders = this.orders;
    const slots = this.slots;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = times[p] as number;
      if (time > tp || (time === tp && order > (orders[p] as number))) break;
      times[i] = tp;
      orders[i] = orders[p] as number;
      slots[i] = slots[p] as number;
      i = p;
    }
    times[i] = time;
    orders[i] = order;
    slots[i] = slot;
    return slot;
  }

  /** True while the entry pushed into `slot` with `order` is queued. */
  holds(slot: number, order: number): boolean {
    return this.items[2 * slot] !== undefined && this.slotOrders[slot] === order;
  }

  /** The item of a queued entry. */
  item(slot: number): T {
    return this.items[2 * slot] as T;
  }

  /** Swap the item (and its argument) of a queued entry; the key stays. */
  replace(slot: number, item: T, arg?: unknown): void {
    this.items[2 * slot] = item;
    this.items[2 * slot + 1] = arg;
  }

  /**
   * The argument stored beside the item {@link pop} returned last, until the
   * next push. (Read in place: storing it in a field would cost a write
   * barrier that touches the argument's page.)
   */
  poppedArg(): unknown {
    return this.items[2 * this.popped + 1];
  }

  /** Remove the first entry and return its item (undefined when empty). */
  pop(): T | undefined {
    const n = this.size;
    if (n === 0) return undefined;
    const slots = this.slots;
    const top = slots[0] as number;
    const item = this.items[2 * top] as T;
    this.items[2 * top] = undefined;
    this.popped = top;
    this.free[this.freeCount++] = top;
    const last = n - 1;
    this.size = last;
    if (last > 0) {
      // Sift the last entry down from the root.
      const times = this.times;
      const orders = this.orders;
      const time = times[last] as number;
      const order = orders[last] as number;
      const slot = slots[last] as number;
      const half = last >> 1;
      let i = 0;
      while (i < half) {
        let c = 2 * i + 1;
        let tc = times[c] as number;
        const r = c + 1;
        if (r < last) {
          const tr = times[r] as number;
          if (tr < tc || (tr === tc && (orders[r] as number) < (orders[c] as number))) {
            c = r;
            tc = tr;
          }
        }
        if (time < tc || (time === tc && order < (orders[c] as number))) break;
        times[i] = tc;
        orders[i] = orders[c] as number;
        slots[i] = slots[c] as number;
        i = c;
      }
      times[i] = time;
      orders[i] = order;
      slots[i] = slot;
      // Read the next entry's item now: with many entries it is a cache miss,
      // which then overlaps this event's processing instead of delaying the next.
      this.touched = this.items[2 * (slots[0] as number)] !== undefined;
    }
    return item;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    const orders = new Float64Array(n);
    const slots = new Int32Array(n);
    const slotOrders = new Float64Array(n);
    const free = new Int32Array(n);
    times.set(this.times);
    orders.set(this.orders);
    slots.set(this.slots);
    slotOrders.set(this.slotOrders);
    free.set(this.free);
    this.times = times;
    this.orders = orders;
    this.slots = slots;
    this.slotOrders = slotOrders;
    this.free = free;
  }
}
