import { bitsToBytes, bytesToBits } from '../../net/units.js';
import * as msg from '../messages.js';

/**
 * Writes unsigned fields of 1…32 bits, most significant bit first, into a
 * byte array sized up front. Floats are written as their IEEE-754 bit
 * patterns (big-endian for the two halves of a double).
 */
export class BitWriter {
  /** The output; the last byte is zero-padded. */
  readonly bytes: Uint8Array;
  private position = 0;
  private readonly view = new DataView(new ArrayBuffer(8));

  /** @param capacityBits total bits that will be written (exactly or at most) */
  constructor(readonly capacityBits: number) {
    this.bytes = new Uint8Array(bitsToBytes(capacityBits));
  }

  /** Bits written so far. */
  get bits(): number {
    return this.position;
  }

  /** Write the low `width` bits of `value` (0 ≤ value < 2^width, width ≤ 32). */
  write(value: number, width: number): void {
    if (this.position + width > this.capacityBits) throw new RangeError(msg.malformedPayload(`write past the ${this.capacityBits}-bit capacity`));
    const v = value >>> 0;
    let n = width;
    while (n > 0) {
      const byte = this.position >>> 3;
      const free = 8 - (this.position & 7);
      const take = n < free ? n : free;
      const chunk = (v >>> (n - take)) & ((1 << take) - 1);
      this.bytes[byte] = (this.bytes[byte] as number) | (chunk << (free - take));
      this.position += take;
      n -= take;
    }
  }

  /** Write a float32 (32 bits). `x` must already be a float32 value to round-trip exactly. */
  writeF32(x: number): void {
    this.view.setFloat32(0, x);
    this.write(this.view.getUint32(0), 32);
  }

  /** Write a float64 (64 bits, high word first). */
  writeF64(x: number): void {
    this.view.setFloat64(0, x);
    this.write(this.view.getUint32(0), 32);
    this.write(this.view.getUint32(4), 32);
  }

  /** Write an unsigned integer as LEB128: 7 bits per byte, low group first, high bit = "more follows". */
  writeVarint(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.write((v & 0x7f) | 0x80, 8);
      v = Math.floor(v / 128);
    }
    this.write(v, 8);
  }
}

/** Reads what a {@link BitWriter} wrote, with the exact bit length known. */
export class BitReader {
  private position = 0;
  private readonly view = new DataView(new ArrayBuffer(8));

  /**
   * @param bytes the payload
   * @param lengthBits exact payload length in bits (≤ 8·bytes.length)
   */
  constructor(
    private readonly bytes: Uint8Array,
    readonly lengthBits: number,
  ) {
    if (!Number.isInteger(lengthBits) || lengthBits < 0 || lengthBits > bytesToBits(bytes.length)) {
      throw new RangeError(msg.malformedPayload(`bit length ${lengthBits} does not fit ${bytes.length} bytes`));
    }
  }

  /** Bits read so far. */
  get bits(): number {
    return this.position;
  }

  /** Bits left before the end of the payload. */
  get remaining(): number {
    return this.lengthBits - this.position;
  }

  /** Read an unsigned field of `width` ≤ 32 bits. */
  read(width: number): number {
    if (width > this.remaining) throw new RangeError(msg.malformedPayload(`read of ${width} bits past the end (${this.remaining} left)`));
    let out = 0;
    let n = width;
    while (n > 0) {
      const byte = this.bytes[this.position >>> 3] as number;
      const avail = 8 - (this.position & 7);
      const take = n < avail ? n : avail;
      const chunk = (byte >>> (avail - take)) & ((1 << take) - 1);
      out = out * (1 << take) + chunk;
      this.position += take;
      n -= take;
    }
    return out;
  }

  /** Read a float32. */
  readF32(): number {
    this.view.setUint32(0, this.read(32));
    return this.view.getFloat32(0);
  }

  /** Read a float64. */
  readF64(): number {
    this.view.setUint32(0, this.read(32));
    this.view.setUint32(4, this.read(32));
    return this.view.getFloat64(0);
  }

  /** Read an LEB128 unsigned integer. */
  readVarint(): number {
    let value = 0;
    let factor = 1;
    for (;;) {
      const b = this.read(8);
      value += (b & 0x7f) * factor;
      if ((b & 0x80) === 0) return value;
      factor *= 128;
      if (factor > 2 ** 49) throw new RangeError(msg.malformedPayload('varint longer than 7 bytes'));
    }
  }
}

/** Bytes of `value` as an LEB128 varint (1 for 0…127, 2 for 128…16383, …). */
export function varintBytes(value: number): number {
  let n = 1;
  let v = value;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}
