import type { Hop, HopEvent } from './hop.js';

/** Bytes and packets, as counted on the wire. */
export interface TrafficCount {
  wireBytes: number;
  /** Time the bits occupied the link or medium (s). */
  busyS: number;
  packets: number;
  retransmissions: number;
  drops: number;
}

/** The counters of a {@link TrafficStats}, by sending node, by receiving node and by hop. */
export interface TrafficSnapshot {
  byNode: Map<string, TrafficCount>;
  toNode: Map<string, TrafficCount>;
  byHop: Map<string, TrafficCount>;
}

const zero = (): TrafficCount => ({ wireBytes: 0, busyS: 0, packets: 0, retransmissions: 0, drops: 0 });

/**
 * Traffic per node (sent) and per hop, fed by hop traces. Snapshots let a
 * caller take the difference over an interval; a filter counts only some
 * messages (a collective's own, say) whatever else is on the network.
 */
export class TrafficStats {
  /** What each node put on its outgoing hops. */
  readonly byNode = new Map<string, TrafficCount>();
  /** What was put on each node's incoming hops (sent to it, or through it). */
  readonly toNode = new Map<string, TrafficCount>();
  readonly byHop = new Map<string, TrafficCount>();

  /** @param filter Counts only the events it accepts (tx and drop); default: all. */
  constructor(private readonly filter?: (e: HopEvent) => boolean) {}

  /** Subscribe to a hop's traces; returns a function that unsubscribes. */
  watch(hop: Hop): () => void {
    const tx = (e: HopEvent) => {
      if (this.filter !== undefined && !this.filter(e)) return;
      for (const c of [this.count(this.byNode, e.hop.from.name), this.count(this.toNode, e.hop.to.name), this.count(this.byHop, e.hop.name)]) {
        c.wireBytes += e.wireBytes;
        c.busyS += e.seconds;
        c.packets += e.packets;
        if (e.retransmission) c.retransmissions += e.packets;
      }
    };
    const drop = (e: HopEvent) => {
      if (this.filter !== undefined && !this.filter(e)) return;
      this.count(this.byNode, e.hop.from.name).drops += e.packets;
      this.count(this.toNode, e.hop.to.name).drops += e.packets;
      this.count(this.byHop, e.hop.name).drops += e.packets;
    };
    hop.trace.tx.push(tx);
    hop.trace.drop.push(drop);
    // ACK frames are wire bytes too, sent by the hop's sender (the message's destination or a relay)
    hop.trace.ack.push(tx);
    return () => {
      remove(hop.trace.tx, tx);
      remove(hop.trace.drop, drop);
      remove(hop.trace.ack, tx);
    };
  }

  /** A deep copy of the counters now. */
  snapshot(): TrafficSnapshot {
    const copy = (m: Map<string, TrafficCount>) => new Map([...m].map(([k, v]) => [k, { ...v }]));
    return { byNode: copy(this.byNode), toNode: copy(this.toNode), byHop: copy(this.byHop) };
  }

  /** Counters accumulated since `before` (a snapshot), keys with no traffic omitted. */
  since(before: TrafficSnapshot): TrafficSnapshot {
    const diff = (now: Map<string, TrafficCount>, then: Map<string, TrafficCount>) => {
      const out = new Map<string, TrafficCount>();
      for (const [k, v] of now) {
        const b = then.get(k) ?? zero();
        const d = {
          wireBytes: v.wireBytes - b.wireBytes,
          busyS: v.busyS - b.busyS,
          packets: v.packets - b.packets,
          retransmissions: v.retransmissions - b.retransmissions,
          drops: v.drops - b.drops,
        };
        if (d.wireBytes || d.packets || d.drops) out.set(k, d);
      }
      return out;
    };
    return { byNode: diff(this.byNode, before.byNode), toNode: diff(this.toNode, before.toNode), byHop: diff(this.byHop, before.byHop) };
  }

  private count(m: Map<string, TrafficCount>, key: string): TrafficCount {
    let c = m.get(key);
    if (c === undefined) m.set(key, (c = zero()));
    return c;
  }
}

function remove<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}
