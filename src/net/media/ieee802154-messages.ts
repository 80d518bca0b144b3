/** Errors and drop reasons of the IEEE 802.15.4 medium, in one place (each names the value and the fix). */
export const ieee802154Messages = {
  invalidPreset: (name: string, problems: readonly string[]): string => `IEEE 802.15.4 preset "${name}" cannot be simulated: ${problems.join('; ')}`,
  alreadyOnChannel: (node: string): string => `node "${node}" is already on this IEEE 802.15.4 channel; attach each node once`,
  notOnChannel: (node: string): string => `node "${node}" is not on this IEEE 802.15.4 channel; attach it before linking it`,
  hubAmongMembers: (hub: string): string => `the hub "${hub}" is also listed among the members; list it once, as the hub`,
  frameTooLong: (hop: string, mpduBytes: number, maxBytes: number): string =>
    `hop ${hop}: a frame with a ${mpduBytes} B MPDU exceeds aMaxPHYPacketSize ${maxBytes} B; frame messages with this medium's framing`,
  dropChannelAccess: (backoffs: number, macMaxCSMABackoffs: number): string => `channel access failure: channel busy at ${backoffs} CCAs (NB > macMaxCSMABackoffs ${macMaxCSMABackoffs})`,
  dropNoAck: (transmissions: number, macMaxFrameRetries: number): string => `no ACK after ${transmissions} transmissions (macMaxFrameRetries ${macMaxFrameRetries})`,
  dropQueueFull: (capacity: number): string => `MAC queue full (${capacity} frames waiting)`,
};
