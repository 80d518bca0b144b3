import type { RandomStream } from '../sim/random.js';
import * as msg from './messages.js';

/**
 * IID partition of sample indices `0..n-1` over `parts` workers: one seeded
 * shuffle, then `parts` contiguous, near-equal slices (the first `n mod parts`
 * workers get one extra sample). Every index appears in exactly one part.
 *
 * @param n number of samples (positive integer)
 * @param parts number of workers, 1 ≤ parts ≤ n (every worker gets data)
 * @param stream drawn from for the shuffle (n − 1 draws)
 * @returns one Int32Array of sample indices per worker, in shuffled order
 */
export function partitionIid(n: number, parts: number, stream: RandomStream): Int32Array[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(msg.notPositiveInteger('n', n));
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError(msg.notPositiveInteger('parts', parts));
  if (parts > n) throw new RangeError(msg.tooManyParts(parts, n));
  const order = stream.shuffle(Array.from({ length: n }, (_, i) => i));
  const base = Math.floor(n / parts);
  const extra = n % parts;
  const result: Int32Array[] = [];
  let start = 0;
  for (let p = 0; p < parts; p++) {
    const size = base + (p < extra ? 1 : 0);
    result.push(Int32Array.from(order.slice(start, start + size)));
    start += size;
  }
  return result;
}
