/** Simulated seconds. */
export type Seconds = number;
/** Bytes. */
export type Bytes = number;
/** Bits per second. */
export type BitsPerSecond = number;
/** Joules. */
export type Joules = number;
/** Watts. */
export type Watts = number;

/** Time to clock `bytes` onto a wire of `bandwidthBps`: the one place transmission time is computed. */
export function txTimeS(bytes: Bytes, bandwidthBps: BitsPerSecond): Seconds {
  return (bytes * 8) / bandwidthBps;
}

/** Bits in `bytes`: the one bytes-to-bits conversion. */
export function bytesToBits(bytes: Bytes): number {
  return 8 * bytes;
}

/** Whole bytes that hold `bits` (a partial last byte takes a whole one): the one bits-to-bytes rounding. */
export function bitsToBytes(bits: number): Bytes {
  return Math.ceil(bits / 8);
}
