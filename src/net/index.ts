/** The network layer: links, media, framing, presets, topologies, collectives, energy, cost model. Knows nothing about gradients. */
export { txTimeS, type Seconds, type Bytes, type BitsPerSecond, type Joules, type Watts } from './units.js';
export { packetize, headerBytes, type Framing, type HeaderField, type PacketTrain } from './framing.js';
export * from './presets/index.js';
export { type PowerProfile, type EnergyState, powerOf, UNMETERED } from './power.js';
export type { Message, Delivery, Packet } from './message.js';
export { type Hop, type HopEvent, type HopTrace, newHopTrace } from './hop.js';
export { Port } from './link/port.js';
export { NetNode, type NodeRole } from './node.js';
export { EnergyLedger, type Settler } from './energy.js';
export { TrafficStats, type TrafficCount } from './traffic.js';
export { Network, type NetworkOptions } from './network.js';
export type { Fidelity, Transport } from './transport/transport.js';
export { buildStar, type Star, type StarSpec, type Attachment } from './topology/star.js';
