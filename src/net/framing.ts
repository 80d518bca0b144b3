import type { Bytes } from './units.js';

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

/** A message's packets: payload and wire size of each, in order. */
export interface PacketTrain {
  /** The framing the train was cut with. */
  readonly framing: Framing;
  readonly payloadBytes: readonly Bytes[];
  readonly wireBytes: readonly Bytes[];
  readonly totalWireBytes: Bytes;
}

/**
 * Cut a message of `payloadBytes` into packets of at most `maxPayloadBytes`
 * (an empty message still costs one packet), pad each frame to the minimum
 * frame size, and add every per-packet header. This is exactly what the
 * simulated link charges.
 */
export function packetize(framing: Framing, payloadBytes: Bytes): PacketTrain {
  if (!Number.isInteger(payloadBytes) || payloadBytes < 0) {
    throw new Error(`message payload must be a whole number of bytes ≥ 0, got ${payloadBytes}`);
  }
  // the same size over the same framing again (a broadcast, an incast, every iteration's messages): the same train
  if (last !== null && last.framing === framing && last.bytes === payloadBytes) return last.train;
  const inFrame = framing.headers.reduce((s, h) => s + (h.inFrame ? h.bytes : 0), 0);
  const outOfFrame = framing.headers.reduce((s, h) => s + (h.inFrame ? 0 : h.bytes), 0);
  const n = Math.max(1, Math.ceil(payloadBytes / framing.maxPayloadBytes));
  const payloads: Bytes[] = new Array(n);
  const wires: Bytes[] = new Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(framing.maxPayloadBytes, payloadBytes - i * framing.maxPayloadBytes);
    const wire = Math.max(p + inFrame, framing.minFrameBytes) + outOfFrame;
    payloads[i] = p;
    wires[i] = wire;
    total += wire;
  }
  const train: PacketTrain = { framing, payloadBytes: payloads, wireBytes: wires, totalWireBytes: total };
  last = { framing, bytes: payloadBytes, train };
  return train;
}

/** The last train cut (trains are never modified, so messages of one size may share one). */
let last: { readonly framing: Framing; readonly bytes: Bytes; readonly train: PacketTrain } | null = null;

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
