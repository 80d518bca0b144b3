import type { Bytes } from './units.js';
import { netErrors } from './messages.js';

/** One layer's per-packet header (or trailer, or gap), with where the number comes from. */
export interface HeaderField {
  /** Layer and field, e.g. "IPv4 header". */
  readonly layer: string;
  readonly bytes: Bytes;
  /** True if the bytes are inside the frame that the minimum frame size applies to. */
  readonly inFrame: boolean;
  readonly source: string;
}

/** How a message is cut into packets and what each packet costs on the wire. */
export interface Framing {
  /** Maximum application payload per packet (bytes). */
  readonly maxPayloadBytes: Bytes;
  /** Per-packet overhead, listed per layer. */
  readonly headers: readonly HeaderField[];
  /** Minimum frame size; shorter frames are padded (bytes, counting `inFrame` headers + payload). */
  readonly minFrameBytes: Bytes;
}

/**
 * A message's packets: payload and wire size of each, in order. Typed arrays,
 * 8 B a packet outside V8's heap: a 124 M-parameter model is 340 931 packets.
 */
export interface PacketTrain {
  /** The framing the train was cut with. */
  readonly framing: Framing;
  readonly payloadBytes: Readonly<Uint32Array>;
  readonly wireBytes: Readonly<Uint32Array>;
  readonly totalWireBytes: Bytes;
}

/** Packets a message of `payloadBytes` is cut into at `maxPayloadBytes` a packet: an empty message still costs one. */
export function packetCount(payloadBytes: Bytes, maxPayloadBytes: Bytes): number {
  return Math.max(1, Math.ceil(payloadBytes / maxPayloadBytes));
}

/**
 * The smallest payload per packet among `links`: what cuts a message into the
 * most packets when it may cross any of them (a loop: no Math.min(...) stack
 * overflow for very many links).
 */
export function minPayloadBytes(links: readonly { readonly framing: Pick<Framing, 'maxPayloadBytes'> }[]): Bytes {
  let least = Infinity;
  for (const l of links) least = Math.min(least, l.framing.maxPayloadBytes);
  return least;
}

/**
 * Cut a message of `payloadBytes` into packets of at most `maxPayloadBytes`
 * (an empty message still costs one packet), pad each frame to the minimum
 * frame size, and add every per-packet header. This is exactly what the
 * simulated link charges.
 */
export function packetize(framing: Framing, payloadBytes: Bytes): PacketTrain {
  if (!Number.isInteger(payloadBytes) || payloadBytes < 0) {
    throw new Error(netErrors.payloadNotWhole(payloadBytes));
  }
  // the same size over the same framing again (a broadcast, an incast, every iteration's messages): the same train
  const cached = trains.get(framing)?.get(payloadBytes)?.deref();
  if (cached !== undefined) return cached;
  const inFrame = framing.headers.reduce((s, h) => s + (h.inFrame ? h.bytes : 0), 0);
  const outOfFrame = framing.headers.reduce((s, h) => s + (h.inFrame ? 0 : h.bytes), 0);
  const n = packetCount(payloadBytes, framing.maxPayloadBytes);
  const payloads = new Uint32Array(n);
  const wires = new Uint32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(framing.maxPayloadBytes, payloadBytes - i * framing.maxPayloadBytes);
    const wire = Math.max(p + inFrame, framing.minFrameBytes) + outOfFrame;
    payloads[i] = p;
    wires[i] = wire;
    total += wire;
  }
  const train: PacketTrain = { framing, payloadBytes: payloads, wireBytes: wires, totalWireBytes: total };
  let bySize = trains.get(framing);
  if (bySize === undefined) trains.set(framing, (bySize = new Map()));
  bySize.set(payloadBytes, new WeakRef(train));
  forgotten.register(train, { bySize, bytes: payloadBytes });
  return train;
}

/**
 * Trains alive, by framing and size: trains are never modified, so every message
 * of one size shares one (1024 uploads of a 124 M-parameter model keep one train
 * of 340 931 packets, not 1024). Held weakly: a train no message holds any more
 * is collected, and its entry with it; what is cut is the same either way.
 */
const trains = new WeakMap<Framing, Map<Bytes, WeakRef<PacketTrain>>>();
const forgotten = new FinalizationRegistry<{ bySize: Map<Bytes, WeakRef<PacketTrain>>; bytes: Bytes }>(({ bySize, bytes }) => {
  // a newer train of that size may have taken the entry since
  if (bySize.get(bytes)?.deref() === undefined) bySize.delete(bytes);
});

/** Total per-packet overhead bytes (all layers). */
export function headerBytes(framing: Framing): Bytes {
  return framing.headers.reduce((s, h) => s + h.bytes, 0);
}

/** True if two framings cut every message into the same packets (so a relay can forward packets as they are). */
export function sameFraming(a: Framing, b: Framing): boolean {
  if (a === b) return true;
  const sums = (f: Framing) => f.headers.reduce((s, h) => [s[0]! + (h.inFrame ? h.bytes : 0), s[1]! + (h.inFrame ? 0 : h.bytes)], [0, 0]);
  const [ai, ao] = sums(a);
  const [bi, bo] = sums(b);
  return a.maxPayloadBytes === b.maxPayloadBytes && a.minFrameBytes === b.minFrameBytes && ai === bi && ao === bo;
}
