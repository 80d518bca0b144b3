import type { LinkPreset } from '../net/presets/index.js';
// the light modules only (no scenario schema, zod or YAML): test/cli/startup.test.ts
import { availableMemoryBytes, formatBytes } from '../scenario/estimate/bytes.js';
import { MAX_EVENTS } from '../scenario/estimate/event-limit.js';
import { EVENTS_PER_PACKET_HOP } from '../net/link/events.js';
import { everyPacketAnEvent } from '../net/link/fifo.js';
import { bytesPerPacket, PER_NODE_BYTES } from '../net/memory-costs.js';
import { InputError } from './errors.js';
import { describeValue } from '../text/value-words.js';

// `gradwire transfer` and `collective` build their network from flags: the same gate as a scenario's run, so that
// `--senders 1e308` or `--bytes 1e15` is refused with the flag named instead of crashing or running for days.

/** The most nodes a network command may build: each keeps ~PER_NODE_BYTES of network state. */
export function maxNodes(): number {
  return Math.max(1, Math.floor(availableMemoryBytes() / PER_NODE_BYTES));
}

/**
 * Refuse, naming `flag`, an experiment whose packets are out of reach: those
 * alive at once would not fit in this machine's memory (bytes per packet as
 * `packet-memory.ts` measured them), or all of them over `hops` hops and
 * `runs` repetitions would make more than MAX_EVENTS engine events.
 */
export function checkReach(flag: string, given: string, o: { alive: number; total: number; links: readonly LinkPreset[]; fidelity: string; hops: number; runs: number }): void {
  const perPacket = Math.max(...o.links.map((l) => bytesPerPacket(l, everyPacketAnEvent(o.fidelity, o.links))));
  const memory = o.alive * perPacket;
  const limit = availableMemoryBytes();
  if (memory > limit) {
    throw new InputError(
      `${flag}: expected what fits in memory, given ${describeValue(given)}: ${o.alive.toExponential(2)} packets at once of ${perPacket} B each need ${formatBytes(memory)}, more than the ${formatBytes(limit)} available`,
    );
  }
  const events = o.runs * o.total * o.hops * EVENTS_PER_PACKET_HOP;
  if (events > MAX_EVENTS) {
    throw new InputError(
      `${flag}: expected a simulation within reach, given ${describeValue(given)}: about ${events.toExponential(1)} events (more than ${MAX_EVENTS.toExponential(0)}, hours of CPU at about a million a second); send fewer bytes, or fewer senders or runs`,
    );
  }
}
