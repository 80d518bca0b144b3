/**
 * Workers that share their gradient numerics, for studies whose per-worker
 * state (error-feedback memory, residuals: 4d bytes each) cannot be held for
 * every worker — a GPT-class profile on 1024 workers would need terabytes.
 * Worker i belongs to class i mod R; the first member of a class to reach
 * iteration t computes the class's gradient and compressed message (with the
 * class's compressor and memory), and every other member sends the same
 * message. Every worker still computes for its own time, sends its own
 * message over the network and is counted in every byte, packet and joule;
 * what is shared is the content, as if the members' data were the same.
 * Message sizes are exact for fixed budgets; the overlap of the workers'
 * index sets (e.g. the aggregate's non-zeros) is that of R workers.
 */
export class Replicas<U> {
  private readonly cache = new Map<string, { value: U; left: number }>();
  private readonly members: number[];

  /**
   * @param distinct R, 1 ≤ R ≤ P
   * @param workers P
   */
  constructor(
    readonly distinct: number,
    workers: number,
  ) {
    if (!Number.isInteger(distinct) || distinct < 1 || distinct > workers) throw new RangeError(`distinct gradients must be an integer in [1, ${workers}], got ${distinct}`);
    this.members = Array.from({ length: distinct }, (_, r) => Math.floor((workers - 1 - r) / distinct) + 1);
  }

  /** Workers in class r. */
  size(r: number): number {
    return this.members[r] as number;
  }

  /** The class of worker i (the worker whose state computes for it). */
  classOf(i: number): number {
    return i % this.distinct;
  }

  /**
   * Worker i's value at iteration t: the class's, computed by `compute` for
   * the first member to ask and handed to the others (then forgotten).
   */
  take(i: number, t: number, compute: (representative: number) => U): U {
    const r = this.classOf(i);
    const key = `${r}/${t}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      if (--hit.left === 0) this.cache.delete(key);
      return hit.value;
    }
    const value = compute(r);
    const left = (this.members[r] as number) - 1;
    if (left > 0) this.cache.set(key, { value, left });
    return value;
  }
}
