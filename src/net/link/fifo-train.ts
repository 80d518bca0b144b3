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
export function fifoTrain(ready: ArrayLike<Seconds>, wireBytes: ArrayLike<Bytes>, bandwidthBps: BitsPerSecond, latencyS: Seconds, setupS: Seconds, freeAtS: Seconds): FifoTrainResult {
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

/** A FIFO store-and-forward hop as the idle pipeline sees it (a Hop is one). */
export interface IdleHop {
  readonly bandwidthBps: BitsPerSecond;
  readonly latencyS: Seconds;
  /** Per-message setup before the first packet (s). */
  setupS(): Seconds;
}

/** When a packet train's bits leave each hop of an otherwise idle path (s, from the moment it is sent). */
export interface IdleTrainTimes {
  /** Per hop: when the train's last bit leaves the hop's sender. */
  readonly lastBitS: readonly Seconds[];
  /** Per hop: the packets' total time on the hop's wire, setup bytes excluded. */
  readonly wireS: readonly Seconds[];
  /** Each packet's arrival at the end of the path. */
  readonly arrivals: readonly Seconds[];
  /** When the last bit arrives at the end of the path. */
  readonly arrivalS: Seconds;
}

/**
 * Store-and-forward times of one packet train alone on a path of FIFO hops,
 * all packets ready at time 0 — the recursion packet fidelity realises event
 * by event, and the one flow fidelity's pipeline and the cost model use:
 * with c_k = 8 / bandwidth of hop k, s_k its setup, L_k its latency and w_j
 * the packets' wire bytes,
 *   d[k][j] = max(d[k−1][j] + L_{k−1}, d[k][j−1]) + [j = 1]·s_k + c_k·w_j,
 * arrival = d[K][n] + L_K. O(packets × hops).
 */
export function idleTrainTimes(wireBytes: ArrayLike<Bytes>, path: readonly IdleHop[]): IdleTrainTimes {
  // each hop is idle: the packets' arrivals at one are their ready times at the next
  let ready: Seconds[] = new Array<Seconds>(wireBytes.length).fill(0);
  const lastBitS: Seconds[] = [];
  const wireS: Seconds[] = [];
  for (const hop of path) {
    const r = fifoTrain(ready, wireBytes, hop.bandwidthBps, hop.latencyS, hop.setupS(), 0);
    lastBitS.push(r.freeAtS);
    wireS.push(r.wireS);
    ready = r.arrivals;
  }
  return { lastBitS, wireS, arrivals: ready, arrivalS: ready[ready.length - 1] as Seconds };
}
