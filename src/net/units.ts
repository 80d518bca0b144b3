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
