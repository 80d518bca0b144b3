/** The synthetic source's unrolled loops against the plain formulas, at every length around the unroll of four. */
import { describe, expect, it } from 'vitest';
import { mixInto, productInto, stepInto } from '../../../../src/learn/workloads/gradients/kernels.js';

const ramp = (n: number, a: number, b: number) => Float32Array.from({ length: n }, (_, i) => a + b * i);

describe('gradient kernels', () => {
  for (const n of [0, 1, 3, 4, 5, 7, 8, 9, 13]) {
    it(`write every one of ${n} elements, rounded once to float32 (and nothing past them)`, () => {
      const shared = ramp(n + 2, 0.5, -0.25);
      const scales = ramp(n + 2, 1.1, 0.3);
      const noise = ramp(n + 2, -0.7, 0.45);
      const k = 0.3;
      // mixInto: shared + k·scale·noise
      const mixed = new Float32Array(n).fill(99);
      mixInto(mixed, shared, scales, noise, k);
      expect([...mixed]).toEqual(Array.from({ length: n }, (_, i) => Math.fround(shared[i]! + k * scales[i]! * noise[i]!)));
      // stepInto: decay·out + k·scale·noise, in place
      const before = ramp(n, 2, 0.125);
      const stepped = before.slice();
      stepInto(stepped, 0.9, scales, noise, k);
      expect([...stepped]).toEqual(Array.from({ length: n }, (_, i) => Math.fround(0.9 * before[i]! + k * scales[i]! * noise[i]!)));
      // productInto: k·scale·noise, whatever out held; a subarray leaves the rest of its buffer alone
      const buffer = new Float32Array(n + 2).fill(NaN);
      productInto(buffer.subarray(0, n), scales, noise, k);
      expect([...buffer.subarray(0, n)]).toEqual(Array.from({ length: n }, (_, i) => Math.fround(k * scales[i]! * noise[i]!)));
      expect([...buffer.subarray(n)]).toEqual([NaN, NaN]);
    });
  }
});
