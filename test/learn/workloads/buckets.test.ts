import { describe, expect, it } from 'vitest';
import { planBuckets } from '../../../src/learn/workloads/buckets.js';
import type { WorkloadLayer } from '../../../src/learn/workloads/workload.js';

/** Three layers (forward order): a big first layer, a small middle one, a medium last one. */
const LAYERS: WorkloadLayer[] = [
  { name: 'conv', size: 3000, forwardFlops: 1e6, backwardFlops: 2e6 },
  { name: 'mid', size: 500, forwardFlops: 2e5, backwardFlops: 4e5 },
  { name: 'fc', size: 1500, forwardFlops: 3e5, backwardFlops: 6e5 },
];

describe('bucket plan', () => {
  it('groups layers in backward order until a bucket reaches the cap, never splitting a layer', () => {
    // fc (6 kB) + mid (2 kB) reach 8 kB; conv (12 kB) is a bucket of its own
    const b = planBuckets(LAYERS, 8000);
    expect(b.map((x) => x.layers)).toEqual([['mid', 'fc'], ['conv']]);
    expect(b.map((x) => [x.offset, x.size])).toEqual([
      [3000, 2000],
      [0, 3000],
    ]);
    expect(b.map((x) => x.backwardFlops)).toEqual([1e6, 2e6]);
    expect(planBuckets(LAYERS, Infinity).map((x) => x.size)).toEqual([5000]);
    expect(planBuckets(LAYERS, 1).map((x) => x.layers)).toEqual([['fc'], ['mid'], ['conv']]);
  });
});
