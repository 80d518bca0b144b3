import { describe, expect, it } from 'vitest';
import { FpqQueue, pingpongCase, timeoutsCase, timeoutsRun } from '../../src/bench/engine.js';
import { EventQueue, type Processable, type Queue } from '../../src/sim/index.js';

// The engine suite's queue on fastpriorityqueue must be a correct event queue, or its timings compare nothing.

const item = (name: string) => ({ name }) as unknown as Processable;
const names = (q: FpqQueue) => {
  const out: string[] = [];
  for (let p = q.pop(); p !== undefined; p = q.pop()) out.push((p as unknown as { name: string }).name);
  return out;
};

/**
 * A queue that logs every pop as `time:item`, items numbered by their first
 * appearance (push or replace): two runs of one schedule on two queues log
 * the same lines exactly when they pop the same entries in the same order.
 */
class PopLog implements Queue<Processable> {
  readonly pops: string[] = [];
  private readonly ids = new Map<Processable, number>();
  constructor(private readonly inner: Queue<Processable>) {}
  private id(item: Processable): number {
    if (!this.ids.has(item)) this.ids.set(item, this.ids.size);
    return this.ids.get(item)!;
  }
  get size(): number {
    return this.inner.size;
  }
  peekTime(): number {
    return this.inner.peekTime();
  }
  push(item: Processable, time: number, order: number): number {
    this.id(item);
    return this.inner.push(item, time, order);
  }
  pop(): Processable | undefined {
    const time = this.inner.peekTime();
    const item = this.inner.pop();
    if (item !== undefined) this.pops.push(`${time}:${this.id(item)}`);
    return item;
  }
  poppedArg(): unknown {
    return this.inner.poppedArg();
  }
  holds(slot: number, order: number): boolean {
    return this.inner.holds(slot, order);
  }
  item(slot: number): Processable {
    return this.inner.item(slot);
  }
  replace(slot: number, item: Processable, arg?: unknown): void {
    this.id(item);
    this.inner.replace(slot, item, arg);
  }
}

describe('FpqQueue, the engine queue interface on fastpriorityqueue', () => {
  it('pops by time, then by order at equal times, and is empty after', () => {
    const q = new FpqQueue();
    expect(q.peekTime()).toBe(Infinity);
    q.push(item('a'), 2, 0);
    q.push(item('b'), 1, 2);
    q.push(item('c'), 1, 1);
    q.push(item('d'), 2, 3);
    expect(q.size).toBe(4);
    expect(q.peekTime()).toBe(1);
    expect(names(q)).toEqual(['c', 'b', 'a', 'd']);
    expect(q.size).toBe(0);
    expect(q.pop()).toBeUndefined();
  });

  it('grows past its first 64 slots', () => {
    const q = new FpqQueue();
    for (let i = 0; i < 200; i++) q.push(item(String(i)), 200 - i, i);
    expect(q.size).toBe(200);
    expect(names(q)).toEqual(Array.from({ length: 200 }, (_, i) => String(199 - i)));
  });

  it('puts a new entry in a freed slot, never over one still queued', () => {
    const q = new FpqQueue();
    const slots = [q.push(item('a'), 3, 0), q.push(item('b'), 1, 1), q.push(item('c'), 2, 2)];
    expect((q.pop() as unknown as { name: string }).name).toBe('b');
    const d = q.push(item('d'), 0, 3);
    expect(d).toBe(slots[1]);
    expect(names(q)).toEqual(['d', 'c', 'a']);
  });

  it('knows which entry a slot holds, and swaps an entry’s item and argument in place', () => {
    const q = new FpqQueue();
    const s = q.push(item('x'), 1, 7);
    expect(q.holds(s, 7)).toBe(true);
    expect(q.holds(s, 8)).toBe(false);
    q.replace(s, item('y'), 42);
    expect(q.item(s)).toEqual({ name: 'y' });
    expect(q.pop()).toEqual({ name: 'y' });
    expect(q.poppedArg()).toBe(42);
    expect(q.holds(s, 7)).toBe(false);
  });

  it('runs the timeouts case event for event as the engine’s own queue does: the same pops in the same order, the same end time', () => {
    const typed = new PopLog(new EventQueue<Processable>());
    const fpq = new PopLog(new FpqQueue());
    const typedEnv = timeoutsRun(10, 2000, typed);
    const fpqEnv = timeoutsRun(10, 2000, fpq);
    // 2000 timeouts, each process's start, `done`
    expect(typedEnv.eventsProcessed).toBe(2000 + 10 + 1);
    expect(typed.pops).toHaveLength(2011);
    expect(fpq.pops).toEqual(typed.pops);
    expect(fpqEnv.now).toBe(typedEnv.now);
    // the 2000th event of 10 merged rate-1 Poisson processes: Gamma(2000, rate 10), mean 200 s, sd 4.5 s (±30 s is over 6 sd)
    expect(typedEnv.now).toBeGreaterThan(170);
    expect(typedEnv.now).toBeLessThan(230);
    expect(timeoutsCase(10, 2000, new FpqQueue())).toBe(2011);
  });

  // A queue that breaks ties backwards ends this run at the same time with the same count (tried): only the pop log tells it apart.
  it('would tell queues apart that break ties differently: the 10 starts at time 0 pop in the order they were pushed', () => {
    const log = new PopLog(new FpqQueue());
    timeoutsRun(10, 20, log);
    expect(log.pops.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `0:${i}`));
  });
});

describe('the engine cases', () => {
  it('pingpong counts 4 events a round trip (a put and a get each way) plus each process’s start and end', () => {
    expect(pingpongCase(50)).toBe(4 * 50 + 4);
    expect(pingpongCase(100)).toBe(4 * 100 + 4);
  });
});
