import type { Framing, HeaderField } from '../framing.js';
import { NO_ACK, NO_ARQ, NO_SETUP, UNBOUNDED_QUEUE, type AckConfig, type BasePreset, type Duplex } from './types.js';

/** An Ethernet preset (point-to-point, full duplex). */
export interface EthernetPreset extends BasePreset {
  readonly family: 'ethernet';
  readonly duplex: Duplex;
  readonly ack: AckConfig;
}

const PREAMBLE: HeaderField = { layer: 'Ethernet preamble + SFD', bytes: 8, inFrame: false, source: 'IEEE 802.3-2018 §3.2.1–3.2.2 (7 B preamble + 1 B SFD)' };
const ETH_HEADER: HeaderField = { layer: 'Ethernet header', bytes: 14, inFrame: true, source: 'IEEE 802.3-2018 §3.2.3–3.2.6 (dst 6 + src 6 + EtherType 2)' };
const IPV4: HeaderField = { layer: 'IPv4 header', bytes: 20, inFrame: true, source: 'RFC 791 §3.1 (no options)' };
const UDP: HeaderField = { layer: 'UDP header', bytes: 8, inFrame: true, source: 'RFC 768' };
const TCP: HeaderField = { layer: 'TCP header', bytes: 20, inFrame: true, source: 'RFC 9293 §3.1 (no options)' };
const FCS: HeaderField = { layer: 'Ethernet FCS', bytes: 4, inFrame: true, source: 'IEEE 802.3-2018 §3.2.9 (CRC-32)' };
const IFG: HeaderField = { layer: 'Inter-frame gap', bytes: 12, inFrame: false, source: 'IEEE 802.3-2018 §4.4.2 (96 bit times)' };

/**
 * A TCP ACK without payload or options: Ethernet header 14 + IPv4 20 + TCP 20 +
 * FCS 4 = 58 B, padded to the 64-byte minimum frame, plus preamble/SFD 8 and
 * the inter-frame gap 12.
 */
const TCP_ACK: AckConfig = { every: 2, wireBytes: 64 + PREAMBLE.bytes + IFG.bytes };

const MTU = 1500; // IEEE 802.3 maximum client data (RFC 894 IP MTU)

function framing(transport: HeaderField): Framing {
  return {
    maxPayloadBytes: MTU - IPV4.bytes - transport.bytes,
    minFrameBytes: 64,
    headers: [PREAMBLE, ETH_HEADER, IPV4, transport, FCS, IFG],
  };
}

const RATES = [
  {
    tag: '1g',
    bps: 1e9,
    phy: '1000BASE-T',
    clause: 'IEEE 802.3-2018 Clause 40 (1000BASE-T, 1000 Mb/s)',
    watts: 1.0,
    wattsSource: '≈1 W per 1000BASE-T port, near-constant whether sending or idle without Energy-Efficient Ethernet (IEEE 802.3az saves up to ~1 W per GbE link when idle)',
  },
  {
    tag: '10g',
    bps: 1e10,
    phy: '10GBASE-T',
    clause: 'IEEE 802.3-2018 Clause 55 (10GBASE-T, 10 Gb/s)',
    watts: 4.0,
    wattsSource: 'assumed ≈4 W per 10GBASE-T port (vendor 10GBASE-T PHYs draw 2–5 W per port), near-constant without EEE',
  },
  {
    tag: '100g',
    bps: 1e11,
    phy: '100GBASE-SR4',
    clause: 'IEEE 802.3-2018 Clause 95 (100GBASE-SR4, 100 Gb/s)',
    watts: 3.5,
    wattsSource: 'assumed one QSFP28 100GBASE-SR4 module at SFF-8636 power class 4 (≤ 3.5 W), near-constant',
  },
];

function ethernet(rate: (typeof RATES)[number], transport: 'udp' | 'tcp'): EthernetPreset {
  const header = transport === 'udp' ? UDP : TCP;
  return {
    name: `ethernet-${rate.tag}-${transport}`,
    description: `${rate.phy} Ethernet, ${transport.toUpperCase()}/IPv4, MTU 1500, store-and-forward`,
    family: 'ethernet',
    medium: 'point-to-point',
    duplex: 'full',
    bandwidthBps: rate.bps,
    latencyS: 0.5e-6,
    framing: framing(header),
    setup: NO_SETUP,
    arq: NO_ARQ,
    queue: UNBOUNDED_QUEUE,
    ack: transport === 'tcp' ? TCP_ACK : NO_ACK,
    power: { watts: { tx: rate.watts, rx: rate.watts, idle: rate.watts }, background: 'idle', source: rate.wattsSource },
    radioPolicy: 'always-on',
    sources: {
      duplex: `${rate.phy} is full duplex (IEEE 802.3-2018 Annex 4A, full-duplex operation); set "half" for a link whose directions share one capacity (half-duplex CSMA/CD Ethernet, a SimGrid SHARED link, a half-duplex radio hop)`,
      bandwidthBps: rate.clause,
      latencyS: '100 m of cable at a nominal velocity of propagation of 0.65c ≈ 0.51 µs',
      'framing.maxPayloadBytes': `MTU 1500 (RFC 894) − IPv4 20 − ${header.layer} ${header.bytes}`,
      'framing.minFrameBytes': 'IEEE 802.3-2018 §4.4.2 minFrameSize 512 bits',
      setup: transport === 'tcp' ? 'persistent connection (as MPI/ZMQ transports reuse TCP connections); set setup.timeS to one RTT to model a fresh handshake' : 'UDP is connectionless',
      arq: 'wired Ethernet: bit error rate ≤ 1e-12 (IEEE 802.3 Clause 40.1), losses neglected',
      ack:
        transport === 'tcp'
          ? 'TCP delayed ACK: one ACK for every second full-sized segment (RFC 1122 §4.2.3.2, RFC 5681 §4.2), and one for the last segment at once (the delayed-ACK timer is not modelled); ack.every=1 acknowledges every segment (quick ACK)'
          : 'UDP sends no acknowledgements',
      'ack.wireBytes':
        transport === 'tcp'
          ? 'a bare TCP ACK: Ethernet header 14 + IPv4 20 + TCP 20 (RFC 9293, no options) + FCS 4 = 58 B padded to the 64 B minimum frame (IEEE 802.3-2018 §4.4.2), + preamble/SFD 8 + inter-frame gap 12 = 84 B'
          : 'no ACK frames',
      queue: 'unbounded sender queue',
      power: rate.wattsSource,
      radioPolicy: 'wired PHYs stay up',
    },
  };
}

/** Ethernet presets: 1, 10 and 100 Gb/s, each over UDP/IPv4 and TCP/IPv4. */
export const ETHERNET_PRESETS: readonly EthernetPreset[] = RATES.flatMap((r) => [ethernet(r, 'udp'), ethernet(r, 'tcp')]);
