/** Message fidelity's trace events (MessageTransport): one `tx`, `rx` or `ack` event per leg, from its planned packet times. */
import type { HopEvent } from '../hop.js';
import { txTimeS, type Seconds } from '../units.js';
import { type Leg, END, SINCE, START } from './message-legs.js';

/** The train's time on a leg's wire: its packets, back-to-back runs (and runs the wire never idled between) merged. */
export function spansOf(leg: Leg): number[] {
  const times = leg.times;
  const out: number[] = [];
  for (let j = 0; j < leg.n; j++) {
    const start = times[3 * j + START] as number;
    const end = times[3 * j + END] as number;
    // contiguous with the previous packet, or the wire never idled in between
    if (j > 0 && ((times[3 * j + SINCE] as number) <= (times[3 * j - 3 + END] as number) || start === times[3 * j - 3 + END])) out[out.length - 1] = end;
    else out.push(start, end);
  }
  return out;
}

export function wireSum(leg: Leg): Seconds {
  let s = 0;
  for (let j = 0; j < leg.n; j++) s += txTimeS(leg.wireBytes[j] as number, leg.bandwidthBps);
  return s;
}

export function emitTx(leg: Leg): void {
  const { hop, message } = leg;
  const bytes = hop.setupBytes;
  const setupWireS = txTimeS(bytes, hop.bandwidthBps);
  const spans = spansOf(leg);
  if (setupWireS > 0) spans[0] = (spans[0] as number) - setupWireS;
  const e: HopEvent = { hop, message, packets: message.train.wireBytes.length, wireBytes: message.train.totalWireBytes + bytes, seconds: wireSum(leg) + setupWireS, spans };
  for (const hook of hop.trace.tx) hook(e);
}

/**
 * ACK legs of at most this many frames report each frame's time on the wire
 * (`spans`); longer ones only their total, which time use places as one
 * interval ending at the last frame's arrival. ACK frames rarely touch (they
 * are spaced by the data they answer), so exact spans would keep an interval
 * per frame per node for the whole run: 170 k per 500 MB message on Ethernet.
 */
export const EXACT_ACK_SPANS = 4096;

export function emitAck(leg: Leg): void {
  const { hop, message } = leg;
  const e: HopEvent = {
    hop,
    message,
    packets: leg.n,
    wireBytes: leg.n * (leg.wireBytes[0] as number),
    seconds: wireSum(leg),
    ...(leg.n <= EXACT_ACK_SPANS ? { spans: spansOf(leg) } : {}),
  };
  for (const hook of hop.trace.ack) hook(e);
}

export function emitRx(leg: Leg): void {
  const { hop, message } = leg;
  const e: HopEvent = { hop, message, packets: message.train.wireBytes.length, wireBytes: message.train.totalWireBytes, seconds: wireSum(leg), spans: spansOf(leg) };
  for (const hook of hop.trace.rx) hook(e);
}
