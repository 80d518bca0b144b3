import { describe, expect, it } from 'vitest';
import { headerBytes, packetize } from '../../src/net/framing.js';
import { LINK_PRESETS } from '../../src/net/presets/index.js';

const eth = LINK_PRESETS['ethernet-1g-udp']!;

describe('UDP/IPv4 over Ethernet framing', () => {
  it('carries 1472 B per frame and charges 66 B of headers, preamble and gap', () => {
    expect(headerBytes(eth.framing)).toBe(66);
    const train = packetize(eth.framing, 3000);
    expect([...train.payloadBytes]).toEqual([1472, 1472, 56]);
    // 1472 + 14 + 20 + 8 + 4 = 1518 B frame, + 8 preamble + 12 gap
    expect([...train.wireBytes]).toEqual([1538, 1538, 122]);
  });

  it('pads short frames to the 64 B minimum', () => {
    expect([...packetize(eth.framing, 10).wireBytes]).toEqual([64 + 20]);
    expect([...packetize(eth.framing, 0).wireBytes]).toEqual([84]);
  });

  it('refuses a fractional payload', () => {
    expect(() => packetize(eth.framing, 1.5)).toThrow(/whole number of bytes/);
  });
});
