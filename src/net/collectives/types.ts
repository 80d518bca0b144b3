import type { TrafficCount } from '../traffic.js';
import type { Bytes, Seconds } from '../units.js';

/** How big a body is on the network: its payload in whole bytes (framing is added by the links). */
export interface SizeOf<B> {
  readonly bytes: (body: B) => Bytes;
}

/**
 * How to reduce two bodies into one. `combine(a, b)` must not mutate its
 * arguments (bodies are shared between simulated nodes). Where the order can
 * matter (e.g. ties in a Top-k re-selection), each collective documents which
 * side is `a`; it is always deterministic.
 */
export interface Combiner<B> extends SizeOf<B> {
  readonly combine: (a: B, b: B) => B;
}

/** A dense body cut into chunks for ring all-reduce. */
export interface ChunkOps<B> extends Combiner<B> {
  /** Cut a body into exactly `parts` chunks (chunk k is reduced at one node and gathered from there). */
  readonly split: (body: B, parts: number) => readonly B[];
  /** Reassemble a body from its chunks, in order. */
  readonly join: (chunks: readonly B[]) => B;
}

/** Options every collective takes. */
export interface CollectiveOptions {
  /**
   * Prefix of every label this call sends (`<tag>/<part>`); receivers wait for
   * exact labels, so traffic of other collectives on the same nodes stays in
   * their inboxes. Must differ from the tag of every collective running at
   * the same time on the network. Default: `<collective>#<n>`, n counting the
   * calls on this network.
   */
  readonly tag?: string;
}

/** What one collective call cost, counting only its own messages. */
export interface CollectiveReport {
  /** Which collective, e.g. "ring-all-reduce". */
  readonly collective: string;
  /** The call's label prefix. */
  readonly tag: string;
  /** When the call started (s). */
  readonly startS: Seconds;
  /** When the last participant finished (s). */
  readonly endS: Seconds;
  /** endS − startS (s). */
  readonly durationS: Seconds;
  /**
   * When each participant's part was complete (s), by node name: when it held
   * its final result, or, for a node whose part ends by sending (a gather's
   * workers, a tree reduce's non-root nodes), when that message arrived.
   */
  readonly doneAtS: ReadonlyMap<string, Seconds>;
  /**
   * Wire bytes and packets each node transmitted for this call (as
   * TrafficStats counts them: framing, setup bytes, retransmissions and
   * forwarding by switches included), keys with no traffic omitted.
   */
  readonly byNode: ReadonlyMap<string, TrafficCount>;
  /** The same per link direction (hop name "a→b"). */
  readonly byLink: ReadonlyMap<string, TrafficCount>;
  /** Application payload bytes each node originated (framing and forwarding excluded). */
  readonly payloadBytesByNode: ReadonlyMap<string, Bytes>;
  /** Messages sent (each crossing its whole path once). */
  readonly messages: number;
}
