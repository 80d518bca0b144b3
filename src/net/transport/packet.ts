import { type Hop, sendTrain } from '../hop.js';
import type { Message } from '../message.js';
import type { Transport } from './transport.js';

/**
 * Packet fidelity: every packet is an event on every hop; nodes forward
 * packets along their routes and reassemble messages (NetNode.receive).
 */
export class PacketTransport implements Transport {
  start(message: Message, path: readonly Hop[]): void {
    sendTrain(path[0] as Hop, message);
  }
}
