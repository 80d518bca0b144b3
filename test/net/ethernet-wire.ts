/**
 * Expected wire sizes and times of UDP/IPv4 over Ethernet (the `ethernet-*-udp` presets), written out from the
 * standards and independent of src/net (framing.ts's packetize, units.ts's txTimeS), so that a mistake there
 * cannot cancel out of a test's expectation.
 * A packet carries at most 1500 (MTU, RFC 894) − 20 (IPv4, RFC 791) − 8 (UDP, RFC 768) = 1472 B of payload; its
 * frame adds the MAC header 14 B and the FCS 4 B and is padded to 64 B (IEEE 802.3-2018 §4.4.2); the wire adds
 * preamble + SFD 8 B and the inter-frame gap 12 B. A full packet is 1538 B on the wire, an empty one 84 B.
 */
export function udpEthernetPackets(payload: number): number[] {
  const n = Math.max(1, Math.ceil(payload / 1472));
  return Array.from({ length: n }, (_, i) => Math.max(Math.min(1472, payload - 1472 * i) + 14 + 20 + 8 + 4, 64) + 8 + 12);
}

/** Wire bytes of a `payload`-byte message: the sum over its packets. */
export function udpEthernetWireBytes(payload: number): number {
  return udpEthernetPackets(payload).reduce((s, b) => s + b, 0);
}

/** Seconds to put `bytes` on a link of `bps` bits per second: 8 bits a byte. */
export function wireS(bytes: number, bps: number): number {
  return (bytes * 8) / bps;
}
