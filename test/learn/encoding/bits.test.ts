import { describe, expect, it } from 'vitest';
import { BitReader, BitWriter, varintBytes } from '../../../src/learn/encoding/bits.js';
import * as msg from '../../../src/learn/messages.js';

describe('BitWriter / BitReader', () => {
  it('write fields most significant bit first across byte boundaries', () => {
    const w = new BitWriter(12);
    w.write(1, 1);
    w.write(0b101, 3);
    w.write(0xabc >> 4, 8);
    expect([...w.bytes]).toEqual([0b1101_1010, 0b1011_0000]);
    const r = new BitReader(w.bytes, 12);
    expect([r.read(1), r.read(3), r.read(8)]).toEqual([1, 0b101, 0xab]);
    expect(r.remaining).toBe(0);
  });

  it('round-trip 32-bit fields, floats, doubles and varints at any alignment', () => {
    const values = [0, 1, 127, 128, 16_383, 16_384, 2 ** 31 - 1];
    const floats = [0, -0, 1.5, Math.fround(-3.25e-20), Math.fround(Math.PI), Infinity];
    const total = 3 + 32 * 2 + 32 * floats.length + 64 * 2 + values.reduce((s, v) => s + 8 * varintBytes(v), 0);
    const w = new BitWriter(total);
    w.write(0b101, 3);
    w.write(0xffffffff, 32);
    w.write(0x80000001, 32);
    for (const f of floats) w.writeF32(f);
    w.writeF64(Math.PI);
    w.writeF64(-1e300);
    for (const v of values) w.writeVarint(v);
    expect(w.bits).toBe(total);
    const r = new BitReader(w.bytes, total);
    expect(r.read(3)).toBe(0b101);
    expect(r.read(32)).toBe(0xffffffff);
    expect(r.read(32)).toBe(0x80000001);
    for (const f of floats) expect(Object.is(r.readF32(), f)).toBe(true);
    expect(r.readF64()).toBe(Math.PI);
    expect(r.readF64()).toBe(-1e300);
    for (const v of values) expect(r.readVarint()).toBe(v);
    expect(r.remaining).toBe(0);
  });

  it('size LEB128 varints at 7 bits per byte', () => {
    expect([0, 127, 128, 16_383, 16_384, 2 ** 21 - 1, 2 ** 21, 2 ** 31].map(varintBytes)).toEqual([1, 1, 2, 2, 3, 3, 4, 5]);
  });

  it('refuse to read past the end or write past the capacity', () => {
    expect(() => new BitReader(new Uint8Array(1), 4).read(5)).toThrow(msg.malformedPayload('read of 5 bits past the end (4 left)'));
    expect(() => new BitWriter(3).write(0, 4)).toThrow(msg.malformedPayload('write past the 3-bit capacity'));
  });
});
