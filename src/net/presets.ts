import type { Framing } from './framing.js';
import type { BitsPerSecond, Seconds, Watts } from './units.js';

/** Power draw of a node's network interface in each state (W). */
export interface InterfacePower {
  readonly txW: Watts;
  readonly rxW: Watts;
  readonly idleW: Watts;
  readonly source: string;
}

/** A link preset: rate, delay, framing and interface power, each number with its source. */
export interface LinkPreset {
  readonly name: string;
  readonly description: string;
  readonly bandwidthBps: BitsPerSecond;
  readonly bandwidthSource: string;
  /** One-way propagation delay per hop (s). */
  readonly latencyS: Seconds;
  readonly latencySource: string;
  readonly framing: Framing;
  readonly power: InterfacePower;
}

/** UDP/IPv4 over Ethernet II: 1472 B of UDP payload per 1500 B MTU frame. */
const UDP_IPV4_ETHERNET: Framing = {
  maxPayloadBytes: 1472,
  minFrameBytes: 64,
  headers: [
    { layer: 'Ethernet preamble + SFD', bytes: 8, inFrame: false, source: 'IEEE 802.3-2018 §3.2.1–3.2.2 (7 B preamble + 1 B SFD)' },
    { layer: 'Ethernet header', bytes: 14, inFrame: true, source: 'IEEE 802.3-2018 §3.2.3–3.2.6 (dst 6 + src 6 + EtherType 2)' },
    { layer: 'IPv4 header', bytes: 20, inFrame: true, source: 'RFC 791 §3.1 (no options)' },
    { layer: 'UDP header', bytes: 8, inFrame: true, source: 'RFC 768' },
    { layer: 'Ethernet FCS', bytes: 4, inFrame: true, source: 'IEEE 802.3-2018 §3.2.9 (CRC-32)' },
    { layer: 'Inter-frame gap', bytes: 12, inFrame: false, source: 'IEEE 802.3-2018 §4.4.2 (96 bit times)' },
  ],
};

/** Link presets by name. */
export const LINK_PRESETS: Readonly<Record<string, LinkPreset>> = {
  'ethernet-1g-udp': {
    name: 'ethernet-1g-udp',
    description: '1000BASE-T Ethernet, UDP/IPv4, MTU 1500, no jumbo frames',
    bandwidthBps: 1e9,
    bandwidthSource: 'IEEE 802.3-2018 Clause 40 (1000BASE-T, 1000 Mb/s)',
    latencyS: 0.5e-6,
    latencySource: '100 m of Cat-6 at a nominal velocity of propagation of 0.65c ≈ 0.51 µs',
    framing: UDP_IPV4_ETHERNET,
    power: {
      txW: 1.0,
      rxW: 1.0,
      idleW: 1.0,
      source:
        'assumed ≈1 W per 1000BASE-T port, near-constant whether sending or idle without Energy-Efficient Ethernet ' +
        '(the IEEE 802.3az motivation: idle links draw near-constant power; EEE saves up to ~1 W per GbE link)',
    },
  },
};

/** Names of all link presets. */
export function linkPresetNames(): string[] {
  return Object.keys(LINK_PRESETS);
}
