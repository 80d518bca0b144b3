import { describe, expect, it } from 'vitest';
import { Fifo } from '../../src/sim/fifo.js';

/** A Fifo whose ring buffer has wrapped: items 3..12 with the head part-way through the buffer. */
function wrapped(): Fifo<number> {
  const q = new Fifo<number>();
  for (let i = 0; i < 8; i++) q.push(i);
  for (let i = 0; i < 3; i++) q.shift();
  for (let i = 8; i < 13; i++) q.push(i);
  return q;
}

function drain(q: Fifo<number>): number[] {
  const out: number[] = [];
  while (q.length > 0) out.push(q.shift() as number);
  return out;
}

describe('Fifo', () => {
  it('finds the position of the oldest matching item', () => {
    const q = wrapped();
    expect(q.findIndex((x) => x % 5 === 0)).toBe(2); // 5, after 3 and 4
    expect(q.findIndex((x) => x > 100)).toBe(-1);
  });

  it('removes at a position and keeps the rest in order, across the wrap', () => {
    const q = wrapped();
    expect(q.removeAt(0)).toBe(3);
    expect(q.removeAt(4)).toBe(8);
    expect(q.removeAt(q.length - 1)).toBe(12);
    expect(q.removeAt(q.length)).toBeUndefined();
    expect(q.length).toBe(7);
    q.push(13);
    expect(drain(q)).toEqual([4, 5, 6, 7, 9, 10, 11, 13]);
  });
});
