/**
 * Expected wire sizes and times of UDP or TCP over IPv4 over Ethernet (the `ethernet-*` presets), written out from
 * the standards and independent of src/net (framing.ts's packetize, units.ts's txTimeS), so that a mistake there
 * cannot cancel out of a test's expectation.
 * A packet carries at most 1500 (MTU, RFC 894) − 20 (IPv4, RFC 791) − 8 (UDP, RFC 768) or 20 (TCP, RFC 9293)
 * = 1472 or 1460 B of payload; its frame adds the MAC header 14 B and the FCS 4 B and is padded to 64 B
 * (IEEE 802.3-2018 §4.4.2); the wire adds preamble + SFD 8 B and the inter-frame gap 12 B. A full UDP packet is
 * 1538 B on the wire, a full TCP one 1538 B too (1460 + 78), an empty one 84 B.
 */
export function ethernetPackets(payload: number, transportBytes: number): number[] {
  const max = 1500 - 20 - transportBytes;
  const n = Math.max(1, Math.ceil(payload / max));
  return Array.from({ length: n }, (_, i) => Math.max(Math.min(max, payload - max * i) + 14 + 20 + transportBytes + 4, 64) + 8 + 12);
}

/** Wire bytes of each packet of a `payload`-byte UDP message. */
export function udpEthernetPackets(payload: number): number[] {
  return ethernetPackets(payload, 8);
}

/** Wire bytes of a `payload`-byte message with a `transportBytes` transport header: the sum over its packets. */
export function ethernetWireBytes(payload: number, transportBytes: number): number {
  return ethernetPackets(payload, transportBytes).reduce((s, b) => s + b, 0);
}

/** Wire bytes of a `payload`-byte UDP message. */
export function udpEthernetWireBytes(payload: number): number {
  return ethernetWireBytes(payload, 8);
}

/** Seconds to put `bytes` on a link of `bps` bits per second: 8 bits a byte. */
export function wireS(bytes: number, bps: number): number {
  return (bytes * 8) / bps;
}
