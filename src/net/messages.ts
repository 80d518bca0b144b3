/**
 * Error messages of the network layer (nodes, links, transports, media, cost
 * model, experiments): each embeds the offending value and, where there is
 * one, says the fix, so tests compare against these functions, not literals.
 * The IEEE 802.15.4 medium, the topologies and the collectives keep their
 * own catalogs (ieee802154Messages, topologyErrors, collectiveErrors).
 */
export const netErrors = {
  // network and nodes
  duplicateNode: (name: string) => `duplicate node name "${name}"; give each node its own name`,
  unknownNode: (name: string) => `no node named "${name}" in the network`,
  noRoute: (node: string, dst: string) => `node "${node}" has no route to "${dst}"`,
  routingLoop: (src: string, dst: string) => `routing loop from "${src}" to "${dst}"`,
  sendToSelf: (src: string) => `message from "${src}" to itself; give a destination other than the source`,
  payloadNotWhole: (payloadBytes: number) => `message payload must be a whole number of bytes ≥ 0, got ${payloadBytes}`,
  // accounting
  selfMeteredHop: (hop: string) => `energy ledger: hop "${hop}" meters its own energy; watching its traces would charge it twice`,
  unmeteredNode: (name: string) => `energy ledger does not meter node "${name}"`,
  untrackedNode: (name: string) => `time use: node "${name}" is not tracked`,
  // links and transports
  lossyPortWithoutStream: (port: string) => `port ${port}: a lossy link needs a random stream`,
  notFifoForMessage: (hop: string) => `hop ${hop} is not a lossless FIFO link: use fidelity "packet"`,
  notFifoForFlow: (hop: string) => `hop ${hop} is not a lossless FIFO link: flow fidelity cannot model it; use fidelity "packet"`,
  emptyPath: (id: number, src: string) => `message ${id} from "${src}" has an empty path`,
  maxMinCapacity: (link: number, capacity: number) => `max-min: link ${link} has capacity ${capacity}; capacities must be finite and > 0`,
  maxMinNoLink: (flow: number) => `max-min: flow ${flow} crosses no link`,
  maxMinBadLink: (flow: number, link: number, links: number) => `max-min: flow ${flow} names link ${link}, but there are ${links} links`,
  // media
  notSharedMedium: (preset: string, family: string) => `preset "${preset}" (${family}) is not a shared medium`,
  lteEnbAsUe: (cell: string) => `LTE cell "${cell}": the eNodeB cannot also be one of its UEs`,
  lteUeTwice: (cell: string, ue: string) => `LTE cell "${cell}": UE "${ue}" is attached twice`,
  lteNoUe: (cell: string, ue: string) => `LTE cell "${cell}" has no UE named "${ue}"`,
  lteRrcUnbound: (ue: string) => `LTE UE "${ue}": RRC machine used before its hops were bound`,
  lteChannelRates: (channel: string, capacityBps: number, perFlowBps: number) => `LTE channel ${channel}: capacity and per-UE rate must be > 0 bit/s, got ${capacityBps} and ${perFlowBps}`,
  // cost model
  emptyCostPath: () => 'costOfPath: a path needs at least one hop',
  lossyCostPath: () => 'costOfPath: lossy links have no deterministic cost; use the expected cost of the medium',
  ieee802154NotAlwaysOn: (preset: string, radioPolicy: string) => `costOfIeee802154 assumes an always-on radio; "${preset}" has radio policy ${radioPolicy}`,
  // experiments
  transferSizes: (sizes: number, senders: number) => `transfer: ${sizes} sizes for ${senders} senders; give one per sender`,
  bottleneckOnSharedMedium: (medium: string) => `a bottleneck link applies to point-to-point presets, not to the shared medium "${medium}"`,
  fidelityUnsupported: (fidelity: string, hop: string) =>
    `--fidelity ${fidelity}: hop ${hop} is not a lossless FIFO link (a shared medium, loss with ARQ or a bounded queue); use --fidelity packet or auto`,
  collectiveLost: (collective: string) =>
    `collective ${collective} did not finish: a message was lost (dropped after its retries or by a full queue); use a lossless link, more retries or a larger queue`,
};
