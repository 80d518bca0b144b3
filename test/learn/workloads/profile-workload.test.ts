import { describe, expect, it } from 'vitest';
import type { GradientSource } from '../../../src/learn/workloads/gradients/source.js';
import type { WorkloadProfile } from '../../../src/learn/workloads/profile.js';
import { profileWorkload } from '../../../src/learn/workloads/profile-workload.js';

const profile: WorkloadProfile = {
  name: 'tiny',
  description: 'two layers',
  source: 'test',
  sampleUnit: 'sample',
  publishedParams: 30,
  publishedParamsSource: 'test',
  layers: [
    { name: 'a', params: 10, forwardFlops: 100, backwardFlops: 200 },
    { name: 'b', params: 20, forwardFlops: 5, backwardFlops: 7 },
  ],
};

/** Coordinate j of worker w's gradient at iteration t is 1000·t + 100·w + j; records each call. */
const source = (dim: number, calls: unknown[][] = []): GradientSource => ({
  dim,
  bytes: 0,
  next: (t, w, out, offset = 0) => {
    calls.push([t, w, out.length, offset]);
    out.forEach((_, i) => (out[i] = 1000 * t + 100 * w + offset + i));
  },
});

describe('a profile run as a workload', () => {
  it('has d = Σ parameters and a step of batch × Σ (forward + backward) FLOPs, layer by layer', () => {
    const w = profileWorkload(profile, source(30), 32);
    expect(w.dim).toBe(30);
    expect(w.stepFlops).toBe(32 * (300 + 12));
    expect(w.layers.map((l) => [l.name, l.size, l.forwardFlops, l.backwardFlops])).toEqual([
      ['a', 10, 3200, 6400],
      ['b', 20, 160, 224],
    ]);
    expect(w.trained).toBe(false);
  });

  it('takes every gradient and slice from the source, whatever the weights', () => {
    const calls: unknown[][] = [];
    const w = profileWorkload(profile, source(30, calls), 1);
    const whole = new Float32Array(30);
    w.gradient(2, 3, new Float32Array(30), whole);
    expect(whole[0]).toBe(3200);
    expect(whole[29]).toBe(3229);
    const slice = new Float32Array(20);
    w.gradientSlice!(2, 3, new Float32Array(30), 10, slice);
    expect([...slice]).toEqual([...whole.subarray(10)]);
    expect(calls).toEqual([
      [3, 2, 30, 0],
      [3, 2, 20, 10],
    ]);
  });

  it('refuses a source of another dimension', () => {
    expect(() => profileWorkload(profile, source(29), 1)).toThrow('gradient source of dimension 29 for profile "tiny" of 30 parameters');
  });
});
