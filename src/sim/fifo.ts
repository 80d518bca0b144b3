/** A first-in first-out queue with O(1) push and shift (a growable ring buffer). */
export class Fifo<T> {
  private items: (T | undefined)[] = new Array(8);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) % this.items.length] = item;
    this.count++;
  }

  /** Remove and return the oldest item (undefined when empty). */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    return item;
  }

  /** The oldest item without removing it. */
  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  /** Position (0 = oldest) of the oldest item `predicate` accepts, or -1. */
  findIndex(predicate: (item: T) => boolean): number {
    for (let i = 0; i < this.count; i++) {
      if (predicate(this.items[(this.head + i) % this.items.length] as T)) return i;
    }
    return -1;
  }

  /** Remove and return the item at position `index` (0 = oldest): O(1) at 0, else O(n − index). */
  removeAt(index: number): T | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    if (index === 0) return this.shift();
    const n = this.items.length;
    const item = this.items[(this.head + index) % n];
    for (let i = index; i < this.count - 1; i++) {
      this.items[(this.head + i) % n] = this.items[(this.head + i + 1) % n];
    }
    this.items[(this.head + this.count - 1) % n] = undefined;
    this.count--;
    return item;
  }

  /** Remove the first occurrence of `item`; true if found. O(n), for cancellations. */
  remove(item: T): boolean {
    const kept: T[] = [];
    let found = false;
    while (this.count > 0) {
      const x = this.shift() as T;
      if (!found && x === item) found = true;
      else kept.push(x);
    }
    for (const x of kept) this.push(x);
    return found;
  }

  private grow(): void {
    const next: (T | undefined)[] = new Array(this.items.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) % this.items.length];
    this.items = next;
    this.head = 0;
  }
}
