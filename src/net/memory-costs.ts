import type { LinkPreset } from './presets/index.js';

// What the network's data structures cost in memory, measured; the scenario estimate (`src/scenario/estimate/`) and
// `gradwire transfer` and `collective` (`src/cli/net-reach.ts`) count with them. Light on purpose (types only).

/**
 * Network and engine state per node (ports, queues, inbox, counters, energy
 * ledger, time use, sampler, event and generator objects alive during a
 * round): `npm run bench -- scale`'s workers-1024 case peaks 342 MB above
 * its baseline run, of which 147 MB are its data and ≈ 65 MB its Top-k
 * workspaces and error-feedback memories, so ≈ 127 kB per worker; rounded up
 * so the estimate errs high; JS objects. The packets in flight are counted
 * apart, per scheme (`src/scenario/estimate/packet-memory.ts`).
 */
export const PER_NODE_BYTES = 160e3;

/**
 * Bytes a message in the network costs, measured with
 * `node --expose-gc test/scenario/estimate/memory-packet-probe.mjs <senders> <bytes> [preset] [fidelity]`
 * (heap after a full collection and array buffers, above the same network
 * before sending; Node 20, x64):
 * - every fidelity: its packet train, a Uint32Array each of payload and wire
 *   bytes, 8 B per packet outside the heap (8.0 measured, 256 senders of
 *   distinct sizes); messages of one size share one train (`packetize`);
 * - over a transport with ACKs, their frames' wire sizes: 4 B per ACK frame
 *   outside the heap (2.0–2.1 B per packet at one ACK every 2);
 * - at message and flow fidelity, its transfer state, JS objects, whatever its
 *   length: 2.2–5.2 kB (UDP) and 3.8–6.8 kB (TCP) at message fidelity, 64 and
 *   256 senders of 250 kB, 1 MB and 4 MB; 1.6 kB at flow fidelity; taken as 8 kB;
 * - at message fidelity, the planned times of its packets on every leg
 *   (LEG_BYTES_PER_PACKET): 64 × 4 MB over TCP keep 74.2 B per packet in all,
 *   against 74.1 B counted (2 legs × 1.5 frames × 24 B, its ACK sizes, the train);
 * - at packet fidelity on point-to-point links, a packet waiting in a port's
 *   queue (a packet object and its ring-buffer slot), 60.7–65.7 B (the switch
 *   queue of a 64- and a 256-sender incast through one 1 Gb/s link, 42 651 to
 *   690 285 packets queued), taken as 72 — a bound: every packet of the
 *   messages alive at once queued somewhere;
 * - packet fidelity on IEEE 802.15.4: each sender's MAC queues a frame record
 *   per packet as soon as the message is sent, 202.1–202.8 B per packet with
 *   its train (64 × 1 MB, 256 × 100 kB), taken as 210;
 * - packet fidelity on LTE: each UE queues every packet at once, 81.1 B with
 *   its train (256 × 1 MB), taken as 88.
 * A whole run checks them: 32 workers sending d = 500 000 dense over 802.15.4
 * (552 000 frames at once, estimated 116 MB of them, 191 MB of JS objects in
 * all) kept at most 135 MB live after a full collection (`--trace-gc`); its
 * heap grew to 513 MB between collections with room to spare, which the 2×
 * headroom of `heapPlan` is for.
 */
export const TRAIN_BYTES_PER_PACKET = 8;
/**
 * At message fidelity each leg of a message (a hop it crosses, ACK legs too)
 * plans every packet's start, end and busy-period start: 3 Float64 = 24 B per
 * packet per leg, outside the heap, alive until the trains planned with it end.
 */
export const LEG_BYTES_PER_PACKET = 24;
export const ACK_FRAME_BYTES = 4;
export const MESSAGE_BYTES = 8e3;
export const QUEUED_BYTES_PER_PACKET = 72;
export const IEEE802154_BYTES_PER_PACKET = 210;
export const LTE_BYTES_PER_PACKET = 88;

/** Bytes per packet alive (its own train included, no sharing assumed) on a link at the given fidelity. */
export function bytesPerPacket(link: LinkPreset, packetFidelity: boolean): number {
  if (!packetFidelity) return TRAIN_BYTES_PER_PACKET;
  if (link.family === 'ieee802154') return IEEE802154_BYTES_PER_PACKET;
  if (link.family === 'lte') return LTE_BYTES_PER_PACKET;
  return TRAIN_BYTES_PER_PACKET + QUEUED_BYTES_PER_PACKET;
}
