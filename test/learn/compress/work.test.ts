import { describe, expect, it } from 'vitest';
import { NO_WORK, addWork, passWork, sortComparisons } from '../../../src/learn/compress/work.js';

describe('compression work', () => {
  it('counts n·log2 n comparisons for a sort of n > 1 elements: 24 for 8, 10 240 for 1024, none for 0 or 1', () => {
    expect(sortComparisons(8)).toBe(24);
    expect(sortComparisons(1024)).toBe(10_240);
    expect(sortComparisons(3)).toBeCloseTo(4.754887502163468, 14); // 3·log2 3
    expect([sortComparisons(1), sortComparisons(0)]).toEqual([0, 0]);
  });

  it('counts linear passes as element reads and adds works field by field; no work is zero and frozen', () => {
    expect(passWork(1000)).toEqual({ passElements: 1000, sortComparisons: 0 });
    expect(passWork(1000, 3)).toEqual({ passElements: 3000, sortComparisons: 0 });
    expect(addWork(passWork(10, 2), { passElements: 5, sortComparisons: 24 })).toEqual({ passElements: 25, sortComparisons: 24 });
    expect(addWork(NO_WORK, NO_WORK)).toEqual({ passElements: 0, sortComparisons: 0 });
    expect(Object.isFrozen(NO_WORK)).toBe(true);
  });
});
