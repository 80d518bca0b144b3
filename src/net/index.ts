/** The network layer: links, framing, presets, topologies, energy. Knows nothing about gradients. */
export { txTimeS, type Seconds, type Bytes, type BitsPerSecond, type Joules, type Watts } from './units.js';
export { packetize, headerBytes, type Framing, type HeaderField, type PacketTrain } from './framing.js';
export { LINK_PRESETS, linkPresetNames, type LinkPreset, type InterfacePower } from './presets.js';
export type { Message, Delivery, Packet } from './message.js';
export { Port, type PortTrace } from './port.js';
export { NetNode, type NodeRole } from './node.js';
export { EnergyLedger } from './energy.js';
export { Network, type LinkSpec } from './network.js';
export { buildStar, type Star, type StarSpec } from './topology/star.js';
