import type { WorkloadLayer } from './workload.js';

/**
 * A bucket: consecutive layers whose gradients travel together, as
 * data-parallel frameworks group them (PyTorch DDP's `bucket_cap_mb`, Li et
 * al., "PyTorch Distributed", VLDB 2020 §3.2.3). Its parameters are one
 * contiguous slice of the flat vector.
 */
export interface Bucket {
  /** Position in backward order: bucket 0 is ready first. */
  readonly index: number;
  /** First parameter of the slice. */
  readonly offset: number;
  /** Parameters in the slice. */
  readonly size: number;
  /** Names of its layers, in forward order. */
  readonly layers: readonly string[];
  /** FLOPs of the backward pass of its layers (over one step's batch). */
  readonly backwardFlops: number;
}

/**
 * Group layers into buckets in backward order (last layer first), as DDP
 * does: a bucket takes layers until its gradients reach `bucketBytes`
 * (fp32, 4 bytes per parameter), then a new bucket starts; a layer is never
 * split, so a layer larger than the cap is a bucket of its own. Layers
 * without parameters join the bucket being filled (their backward compute
 * still delays it).
 * @param layers in forward order
 * @param bucketBytes cap per bucket, bytes (> 0; Infinity: one bucket)
 */
export function planBuckets(layers: readonly WorkloadLayer[], bucketBytes: number): Bucket[] {
  if (!(bucketBytes > 0)) throw new RangeError(`bucket size must be > 0 bytes, got ${bucketBytes}`);
  const offsets: number[] = [];
  let at = 0;
  for (const l of layers) {
    offsets.push(at);
    at += l.size;
  }
  const buckets: Bucket[] = [];
  let members: number[] = [];
  let bytes = 0;
  const close = () => {
    if (members.length === 0) return;
    const first = members[members.length - 1] as number; // lowest layer index (members are in backward order)
    let size = 0;
    let backwardFlops = 0;
    for (const j of members) {
      size += (layers[j] as WorkloadLayer).size;
      backwardFlops += (layers[j] as WorkloadLayer).backwardFlops;
    }
    buckets.push({ index: buckets.length, offset: offsets[first] as number, size, layers: [...members].reverse().map((j) => (layers[j] as WorkloadLayer).name), backwardFlops });
    members = [];
    bytes = 0;
  };
  for (let j = layers.length - 1; j >= 0; j--) {
    members.push(j);
    bytes += 4 * (layers[j] as WorkloadLayer).size;
    if (bytes >= bucketBytes) close();
  }
  close();
  // a trailing bucket of parameter-free layers only (the input end) joins the one before it
  const last = buckets.at(-1);
  if (buckets.length > 1 && last !== undefined && last.size === 0) {
    buckets.pop();
    const prev = buckets.pop() as Bucket;
    buckets.push({ ...prev, layers: [...last.layers, ...prev.layers], backwardFlops: prev.backwardFlops + last.backwardFlops });
  }
  return buckets;
}
