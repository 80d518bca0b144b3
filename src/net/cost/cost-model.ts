import { packetize } from '../framing.js';
import { ackFrames } from '../link/acks.js';
import { fifoTrain, idleTrainTimes } from '../link/fifo-train.js';
import { linkSetupS } from '../link/setup.js';
import { type PowerProfile, powerOf } from '../power.js';
import type { LinkConfig } from '../presets/types.js';
import { type Bytes, bytesToBits, type Joules, type Seconds, txTimeS } from '../units.js';
import { simulatedCost } from './simulated-cost.js';
import { netErrors } from '../messages.js';

/** What one uncontended transfer costs, in the four metrics a budget tuner may optimise. */
export interface TransferCost {
  /** Bits the sender puts on the wire (framed packets plus per-message setup bytes). */
  readonly bits: number;
  readonly packets: number;
  /** From the send call to the last byte's arrival (s). */
  readonly seconds: Seconds;
  /**
   * Energy of the sender and receiver over those seconds, as the ledger
   * charges it, plus what their ACK frames draw above the background (J).
   */
  readonly joules: Joules;
  /** With ACKs (the first hop's `ack.every` > 0): when the last packet's ACK is back at the sender (s). */
  readonly confirmedS?: Seconds;
  /** With ACKs: bits of ACK frames the receiver puts on the wire back. */
  readonly ackBits?: number;
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
 *
 * ACKs (the first hop's `ack`) come back over the same links: each hop's
 * reverse direction has that hop's configuration, as Network.connect gives
 * it. Half duplex (`duplex: half`) matters to one message only through its
 * ACKs, which share the wire with its data: on one hop they queue behind the
 * whole train (queued at once at the sender); past a relay they can also go
 * before data that has not reached it yet and delay the delivery, so a path
 * with a half-duplex hop and ACKs is priced by simulating that one message
 * (at message fidelity, exact on FIFO hops). Without ACKs a half-duplex path
 * costs what a full-duplex one does.
 */
export function costOfPath(hops: readonly PathHop[], payloadBytes: Bytes, sender: PowerProfile, receiver: PowerProfile): TransferCost {
  const first = hops[0];
  if (first === undefined) throw new Error(netErrors.emptyCostPath());
  for (const h of hops) {
    if (h.link.arq.packetErrorRate > 0) throw new Error(netErrors.lossyCostPath());
  }
  const train = packetize(first.link.framing, payloadBytes);
  const ack = first.link.ack !== undefined && first.link.ack.every > 0 ? first.link.ack : null;
  if (ack !== null && hops.length > 1 && hops.some((h) => h.link.duplex === 'half')) return simulatedCost(hops, payloadBytes, sender, receiver);
  const idle = idleTrainTimes(
    train.wireBytes,
    hops.map((h) => ({ bandwidthBps: h.link.bandwidthBps, latencyS: h.link.latencyS, setupS: () => linkSetupS(h.link) })),
  );
  const ready = idle.arrivals;
  const last = hops.length - 1;
  const lastFreeS = idle.lastBitS[last] as Seconds;
  const firstTxS = (idle.wireS[0] as Seconds) + txTimeS(first.link.setup.bytes, first.link.bandwidthBps);
  const lastRxS = idle.wireS[last] as Seconds;
  const seconds = idle.arrivalS;
  const energy = (p: PowerProfile, state: 'tx' | 'rx', stateS: Seconds) => {
    const bg = powerOf(p, p.background);
    return bg * seconds + (powerOf(p, state) - bg) * stateS;
  };
  const cost: TransferCost = {
    bits: bytesToBits(train.totalWireBytes + first.link.setup.bytes),
    packets: train.wireBytes.length,
    seconds,
    joules: energy(sender, 'tx', firstTxS) + energy(receiver, 'rx', lastRxS),
  };
  if (ack === null) return cost;
  // The ACK of packet min((k+1)·every, n) − 1 leaves the receiver when that packet has arrived; the ACKs cross
  // the reverse hops idle (full duplex), or on one half-duplex hop after the whole train has left the wire.
  const n = train.wireBytes.length;
  const frames = ackFrames(n, ack.every);
  const ackBytes: Bytes[] = new Array(frames).fill(ack.wireBytes);
  let ackReady: Seconds[] = ackBytes.map((_, k) => ready[Math.min((k + 1) * ack.every, n) - 1] as number);
  const halfOneHop = hops.length === 1 && first.link.duplex === 'half';
  let ackFirstS = 0;
  let ackLastS = 0;
  [...hops].reverse().forEach((h, i) => {
    const r = fifoTrain(ackReady, ackBytes, h.link.bandwidthBps, h.link.latencyS, 0, halfOneHop ? lastFreeS : 0);
    if (i === 0) ackFirstS = r.wireS;
    if (i === hops.length - 1) ackLastS = r.wireS;
    ackReady = r.arrivals;
  });
  const extra = (p: PowerProfile, state: 'tx' | 'rx', stateS: Seconds) => (powerOf(p, state) - powerOf(p, p.background)) * stateS;
  return {
    ...cost,
    joules: cost.joules + extra(receiver, 'tx', ackFirstS) + extra(sender, 'rx', ackLastS),
    confirmedS: ackReady[frames - 1] as Seconds,
    ackBits: 8 * frames * ack.wireBytes,
  };
}
