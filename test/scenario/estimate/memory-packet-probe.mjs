// Measures what a packet costs the JS heap at packet fidelity: P senders incast through a switch to one
// receiver over the same preset (the switch→receiver port queues what the senders' links deliver faster
// than it drains). Usage: node --expose-gc test/scenario/estimate/memory-packet-probe.mjs <senders> <bytes each> [preset]
// Prints one JSON line: packets alive (queued at the switch + still in the senders' pending trains), the
// heap (after a full collection) above the same network before anything was sent, and bytes per packet.
import { Environment, RandomStreams } from '../../../dist/src/sim/index.js';
import { Network } from '../../../dist/src/net/network.js';
import { LINK_PRESETS } from '../../../dist/src/net/presets/index.js';
import { UNMETERED } from '../../../dist/src/net/power.js';
import { attachShared } from '../../../dist/src/net/media/attach.js';

const [senders = 256, bytes = 1e6, presetName = 'ethernet-1g-udp', fidelity = 'packet'] = process.argv.slice(2).map((x, i) => (i < 2 ? Number(x) : x));
const preset = LINK_PRESETS[presetName];
const env = new Environment();
const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};
const buffers = () => process.memoryUsage().arrayBuffers;
if (preset.medium === 'shared') {
  // a shared medium (802.15.4, LTE) has no train entry: a message's every packet waits in its sender's
  // queue (a MAC frame, a packet) from the moment it is sent, so measure right after sending
  const network = new Network(env, { fidelity: 'packet', streams: new RandomStreams(1, 0) });
  const receiver = network.addNode('receiver', 'server', UNMETERED);
  const nodes = Array.from({ length: senders }, (_, i) => network.addNode(`sender/${i}`, 'worker', UNMETERED));
  attachShared(network, receiver, nodes, preset);
  const base = heap();
  for (let i = 0; i < senders; i++) network.send(`sender/${i}`, 'receiver', bytes, 'probe', null);
  const sent = heap();
  const packets = senders * Math.ceil(bytes / preset.framing.maxPayloadBytes);
  console.log(JSON.stringify({ senders, bytes, preset: presetName, packets, bytesPerQueuedPacket: (sent - base) / packets, heapAboveBaseMB: (sent - base) / 1e6 }));
  process.exit(0);
}
const network = new Network(env, { fidelity, streams: new RandomStreams(1, 0) });
const receiver = network.addNode('receiver', 'server', UNMETERED);
const sw = network.addNode('switch', 'switch', UNMETERED);
const [toReceiver, back] = network.connect(sw, receiver, preset);
sw.setRoute('receiver', toReceiver);
receiver.setRoute('*', back);
const ports = [];
for (let i = 0; i < senders; i++) {
  const s = network.addNode(`sender/${i}`, 'worker', UNMETERED);
  const [up, down] = network.connect(s, sw, preset);
  s.setRoute('*', up);
  sw.setRoute(s.name, down);
  ports.push(up);
}
const base = heap();
const baseBuffers = buffers();
for (let i = 0; i < senders; i++) network.send(`sender/${i}`, 'receiver', bytes, 'probe', null);
const sent = heap();
const sentBuffers = buffers();
// the senders' links finish when their last packet is on the switch's queue: the queue is at its longest
const perSender = ports[0].config;
const packetsEach = Math.ceil(bytes / preset.framing.maxPayloadBytes);
const untilS = (packetsEach * (preset.framing.maxPayloadBytes + 60) * 8) / perSender.bandwidthBps;
env.run(untilS);
const peak = heap();
const peakBuffers = buffers();
const queued = toReceiver.queueLength;
const pending = ports.reduce((n, p) => n + p.queueLength, 0);
const packets = senders * packetsEach;
console.log(
  JSON.stringify({
    senders,
    bytes,
    preset: presetName,
    fidelity,
    packets,
    queued,
    pending,
    arrayBufferBytesPerPacket: (sentBuffers - baseBuffers) / packets,
    trainBytesPerPacket: (sent - base) / packets,
    queuedBytesPerPacket: (peak - sent) / Math.max(1, queued),
    heapAboveBaseMB: (peak - base) / 1e6,
    // typed arrays at the same instant: trains, ACK frame sizes, message fidelity's planned packet times
    buffersAboveBaseMB: (peakBuffers - baseBuffers) / 1e6,
  }),
);
