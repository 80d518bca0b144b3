import { packetize } from '../framing.js';
import { fifoTrain } from '../link/fifo-train.js';
import { type PowerProfile, powerOf } from '../power.js';
import type { LinkConfig } from '../presets/types.js';
import { type Bytes, type Joules, type Seconds, txTimeS } from '../units.js';

/** What one uncontended transfer costs, in the four metrics a budget tuner may optimise. */
export interface TransferCost {
  /** Bits the sender puts on the wire (framed packets plus per-message setup bytes). */
  readonly bits: number;
  readonly packets: number;
  /** From the send call to the last byte's arrival (s). */
  readonly seconds: Seconds;
  /** Energy of the sender and receiver over those seconds, as the ledger charges it (J). */
  readonly joules: Joules;
}

/** One hop of a point-to-point path as the cost model sees it. */
export interface PathHop {
  readonly link: LinkConfig;
}

/**
 * Exact cost of sending `payloadBytes` over a path of idle, lossless FIFO
 * store-and-forward hops (the message is framed by the first hop, as the
 * network does), between a sender and receiver with the given power profiles;
 * intermediate switches draw no attributed energy, as in the topology
 * builders. Same arithmetic as message fidelity (fifoTrain) and the same
 * energy formula as the EnergyLedger, so it equals what the simulator charges.
 */
export function costOfPath(
  hops: readonly PathHop[],
  payloadBytes: Bytes,
  sender: PowerProfile,
  receiver: PowerProfile,
): TransferCost {
  const first = hops[0];
  if (first === undefined) throw new Error('a path needs at least one hop');
  for (const h of hops) {
    if (h.link.arq.packetErrorRate > 0) throw new Error('costOfPath: lossy links have no deterministic cost; use the expected cost of the medium');
  }
  const train = packetize(first.link.framing, payloadBytes);
  let ready: Seconds[] = train.wireBytes.map(() => 0);
  let firstTxS = 0;
  let lastRxS = 0;
  hops.forEach((h, i) => {
    const setupS = h.link.setup.timeS + txTimeS(h.link.setup.bytes, h.link.bandwidthBps);
    const r = fifoTrain(ready, train.wireBytes, h.link.bandwidthBps, h.link.latencyS, setupS, 0);
    if (i === 0) firstTxS = r.wireS + txTimeS(h.link.setup.bytes, h.link.bandwidthBps);
    if (i === hops.length - 1) lastRxS = r.wireS;
    ready = r.arrivals;
  });
  const seconds = ready[ready.length - 1] as number;
  const energy = (p: PowerProfile, state: 'tx' | 'rx', stateS: Seconds) => {
    const bg = powerOf(p, p.background);
    return bg * seconds + (powerOf(p, state) - bg) * stateS;
  };
  return {
    bits: 8 * (train.totalWireBytes + first.link.setup.bytes),
    packets: train.wireBytes.length,
    seconds,
    joules: energy(sender, 'tx', firstTxS) + energy(receiver, 'rx', lastRxS),
  };
}
