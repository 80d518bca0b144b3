import { Environment } from '../../sim/index.js';
import { Network } from '../network.js';
import { type PowerProfile, UNMETERED } from '../power.js';
import { type Bytes, bytesToBits } from '../units.js';
import type { PathHop, TransferCost } from './cost-model.js';

/**
 * The cost of one message alone on a path, read off the simulator itself (at
 * message fidelity, exact on FIFO hops): for the paths whose ACKs and data
 * meet on a half-duplex wire past a relay, where the order they take the wire
 * in has no short closed form. Nodes n0 (sender) … nK (receiver); every hop a
 * link whose reverse direction has the same configuration; relays draw no
 * attributed energy.
 */
export function simulatedCost(hops: readonly PathHop[], payloadBytes: Bytes, sender: PowerProfile, receiver: PowerProfile): TransferCost {
  const env = new Environment();
  const net = new Network(env, { fidelity: 'message' });
  const k = hops.length;
  const nodes = hops.map((_, i) => (i === 0 ? net.addNode('n0', 'worker', sender) : net.addNode(`n${i}`, 'switch', UNMETERED)));
  nodes.push(net.addNode(`n${k}`, 'server', receiver));
  hops.forEach((h, i) => {
    const [forward, back] = net.connect(nodes[i]!, nodes[i + 1]!, h.link);
    nodes[i]!.setRoute(`n${k}`, forward);
    nodes[i + 1]!.setRoute('n0', back);
  });
  const message = net.send('n0', `n${k}`, payloadBytes, 'cost', null);
  let seconds = NaN;
  let confirmedS = NaN;
  net.onDelivery(message.id, () => (seconds = env.now));
  nodes[0]!.trace.confirmed.push((c) => (confirmedS = c.confirmedAtS));
  env.run();
  const sent = net.traffic.byNode.get('n0')!;
  const acked = net.traffic.byNode.get(`n${k}`);
  return {
    bits: bytesToBits(sent.wireBytes),
    packets: sent.packets,
    seconds,
    joules: net.ledger.nodeJ('n0', seconds) + net.ledger.nodeJ(`n${k}`, seconds),
    ...(Number.isNaN(confirmedS) ? {} : { confirmedS, ackBits: bytesToBits(acked?.wireBytes ?? 0) }),
  };
}
