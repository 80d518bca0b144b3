import type { Environment } from '../../sim/index.js';
import type { Hop } from '../hop.js';
import { reframe, relayMode } from '../node.js';
import type { Message } from '../message.js';
import type { Transport } from './transport.js';

/**
 * Message fidelity: one event per message per hop. Each FIFO hop serves the
 * whole packet train in closed form (Port.serveTrain) from the per-packet
 * ready times the previous hop produced, so store-and-forward pipelining is
 * exact. A hop serves trains in the order their first packet arrives, whole:
 * on a single path this equals packet fidelity to rounding (including the
 * reassembly and re-framing at a relay between hops that frame differently);
 * where trains meet
 * at a shared port, packet fidelity interleaves them, so individual messages
 * finish at other times, though a port that never idles finishes the last
 * byte at the same time.
 */
export class MessageTransport implements Transport {
  constructor(private readonly env: Environment) {}

  start(message: Message, path: readonly Hop[], deliver: () => void): void {
    const ready = message.train.wireBytes.map(() => this.env.now);
    this.serve(message, path, 0, ready, deliver);
  }

  private serve(message: Message, path: readonly Hop[], i: number, ready: readonly number[], deliver: () => void): void {
    const hop = path[i] as Hop;
    if (hop.serveTrain === undefined || !hop.fifo) {
      throw new Error(`hop ${hop.name} is not a lossless FIFO link: use fidelity "packet"`);
    }
    const arrivals = hop.serveTrain(message, ready);
    const lastArrival = arrivals[arrivals.length - 1] as number;
    const next = path[i + 1];
    if (next === undefined) {
      this.env.timeout(lastArrival - this.env.now).addCallback(deliver);
      return;
    }
    const mode = relayMode(message.train.framing, next.framing);
    if (mode !== 'reframe') {
      // forwarded packet by packet (with the next hop's headers if they differ)
      const forwarded = mode === 'forward' ? message : reframe(message, next.framing);
      this.env.timeout((arrivals[0] as number) - this.env.now).addCallback(() => this.serve(forwarded, path, i + 1, arrivals, deliver));
      return;
    }
    // a segmentation boundary: the relay reassembles the message, then re-frames it for the next hop
    const reframed = reframe(message, next.framing);
    this.env.timeout(lastArrival - this.env.now).addCallback(() =>
      this.serve(reframed, path, i + 1, reframed.train.wireBytes.map(() => lastArrival), deliver),
    );
  }
}
