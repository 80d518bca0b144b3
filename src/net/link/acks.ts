/**
 * ACK frames of a message of `packets` packets over a transport that ACKs
 * every `every`-th packet and the last (`AckConfig`): ⌈packets / every⌉;
 * none when `every` is 0 (no ACKs simulated) or Infinity (no link ACKs).
 */
export function ackFrames(packets: number, every: number): number {
  return every > 0 ? Math.ceil(packets / every) : 0;
}
