import type { TrafficCount } from '../net/index.js';

/** Wire traffic of the workers, cumulative since t = 0 (the metrics' `wire_bytes_*` and `packets_*`). */
export interface WorkerWire {
  /** Wire bytes the workers put on their outgoing hops. */
  readonly wireBytesUp: number;
  /** Wire bytes put on the workers' incoming hops (behind a gateway, the radio leg). */
  readonly wireBytesDown: number;
  readonly packetsUp: number;
  readonly packetsDown: number;
}

/** The network's per-node counters this reads (a `TrafficStats`). */
export interface NodeCounters {
  readonly byNode: ReadonlyMap<string, TrafficCount>;
  readonly toNode: ReadonlyMap<string, TrafficCount>;
}

/**
 * Up = what the workers send, down = what the workers receive, the same for
 * every scheme (with a server: worker→server and server→worker). Read off the
 * network's counters, which count every frame on a node's own hops: first-hop
 * bytes only (a switch's or relay's forwarding is not the worker's), transport
 * ACK frames included, retransmissions included.
 */
export function workerWire(counters: NodeCounters, workers: readonly string[]): WorkerWire {
  let wireBytesUp = 0;
  let wireBytesDown = 0;
  let packetsUp = 0;
  let packetsDown = 0;
  for (const name of workers) {
    const sent = counters.byNode.get(name);
    const got = counters.toNode.get(name);
    wireBytesUp += sent?.wireBytes ?? 0;
    packetsUp += sent?.packets ?? 0;
    wireBytesDown += got?.wireBytes ?? 0;
    packetsDown += got?.packets ?? 0;
  }
  return { wireBytesUp, wireBytesDown, packetsUp, packetsDown };
}
