import { type BitsPerSecond, type Bytes, type Seconds, txTimeS } from '../units.js';

/** The timing of one packet train through one FIFO store-and-forward hop. */
export interface FifoTrainResult {
  /** Arrival time of each packet's last bit at the receiver (s). */
  readonly arrivals: Seconds[];
  /** When the sender's wire is free again (s). */
  readonly freeAtS: Seconds;
  /** Total time the packets occupied the wire (s), setup bytes excluded. */
  readonly wireS: Seconds;
  /** When the packets were on the wire: [start, end, start, end, …] (s), back-to-back packets merged. */
  readonly spans: Seconds[];
}

/**
 * Packet j starts at max(ready_j, end of packet j−1) — the first one after the
 * per-message setup — takes wire_j·8/bandwidth on the wire, and arrives one
 * propagation delay after its last bit. The one formula message fidelity,
 * flow fidelity's idle pipeline and the cost model use.
 */
export function fifoTrain(
  ready: ArrayLike<Seconds>,
  wireBytes: ArrayLike<Bytes>,
  bandwidthBps: BitsPerSecond,
  latencyS: Seconds,
  setupS: Seconds,
  freeAtS: Seconds,
): FifoTrainResult {
  const arrivals: Seconds[] = new Array(wireBytes.length);
  let free = freeAtS;
  let wireS = 0;
  const spans: Seconds[] = [];
  for (let j = 0; j < wireBytes.length; j++) {
    let start = Math.max(ready[j] as number, free);
    if (j === 0) start += setupS;
    const s = txTimeS(wireBytes[j] as number, bandwidthBps);
    if (j > 0 && start === free) spans[spans.length - 1] = start + s;
    else spans.push(start, start + s);
    free = start + s;
    wireS += s;
    arrivals[j] = free + latencyS;
  }
  return { arrivals, freeAtS: free, wireS, spans };
}
