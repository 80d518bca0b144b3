import { describe, expect, it } from 'vitest';
import { FpqQueue, pingpongCase, timeoutsCase } from '../../src/bench/engine.js';
import type { Processable } from '../../src/sim/index.js';

// The engine suite's queue on fastpriorityqueue must be a correct event queue, or its timings compare nothing.

const item = (name: string) => ({ name }) as unknown as Processable;
const names = (q: FpqQueue) => {
  const out: string[] = [];
  for (let p = q.pop(); p !== undefined; p = q.pop()) out.push((p as unknown as { name: string }).name);
  return out;
};

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

  it('runs the timeouts case event for event as the engine’s own queue does', () => {
    expect(timeoutsCase(10, 2000, new FpqQueue())).toBe(timeoutsCase(10, 2000));
  });
});

describe('the engine cases', () => {
  it('pingpong counts 4 events a round trip (a put and a get each way) plus each process’s start and end', () => {
    expect(pingpongCase(50)).toBe(4 * 50 + 4);
    expect(pingpongCase(100)).toBe(4 * 100 + 4);
  });
});
