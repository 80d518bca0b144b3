import type { Framing } from '../framing.js';
import type { PowerProfile } from '../power.js';
import type { BitsPerSecond, Bytes, Seconds } from '../units.js';
import type { PresetSources } from './attributes.js';

/** Per-message setup on a link: a fixed delay and extra bytes on the wire before the first packet. */
export interface SetupCost {
  readonly timeS: Seconds;
  readonly bytes: Bytes;
}

/**
 * Loss and retransmission (ARQ). A packet is lost with probability
 * `packetErrorRate`; the sender notices after `timeoutS` from the end of the
 * transmission and resends it, holding its queue (head-of-line), at most
 * `maxRetries` times; then the packet — and its message — is dropped.
 */
export interface ArqConfig {
  readonly packetErrorRate: number;
  readonly timeoutS: Seconds;
  readonly maxRetries: number;
}

/** The sender's transmit queue: FIFO, `capacityPackets` waiting packets at most (null: unbounded). */
export interface QueueConfig {
  readonly capacityPackets: number | null;
}

/**
 * Whether a point-to-point link's two directions have a capacity each
 * ('full') or share one wire ('half': one packet on it at a time, both
 * directions' packets queued FIFO in one queue — a SimGrid SHARED link, a
 * half-duplex radio).
 */
export type Duplex = (typeof DUPLEX_MODES)[number];
/** The duplex modes, declared once (type, attribute check and scenario schema). */
export const DUPLEX_MODES = ['full', 'half'] as const;

/**
 * Acknowledgements of a transport over point-to-point links (TCP-like): the
 * destination of a message sent over this link (its first hop) sends one ACK
 * frame back along the reverse path for every `every`-th packet it receives
 * and for the message's last packet (cumulative ACKs, no delayed-ACK timer:
 * the last one leaves at once). ACK frames are real frames: each hop of the
 * reverse path carries `wireBytes` per ACK, queued FIFO with that direction's
 * data (on a half-duplex link, with both directions'). The sender is confirmed
 * when the ACK of the last packet arrives. `every: 0`: no ACKs are simulated.
 */
export interface AckConfig {
  /** ACK every `every`-th packet (1: every packet; 2: delayed ACK); 0: none. */
  readonly every: number;
  /** Bytes one ACK occupies on the wire, every per-frame overhead included. */
  readonly wireBytes: Bytes;
}

/** Everything that shapes one direction of a point-to-point link. */
export interface LinkConfig {
  /** 'full' (absent: full) or 'half'; a link is half duplex when either direction's configuration says so. */
  readonly duplex?: Duplex;
  readonly bandwidthBps: BitsPerSecond;
  /** One-way propagation delay (s). */
  readonly latencyS: Seconds;
  readonly framing: Framing;
  readonly setup: SetupCost;
  readonly arq: ArqConfig;
  readonly queue: QueueConfig;
  /** Transport acknowledgements of messages whose first hop this is (absent: none). */
  readonly ack?: AckConfig;
}

/** Whether a radio listens between its own transfers (idle listening costs energy). */
export type RadioPolicy = (typeof RADIO_POLICIES)[number];
/** The radio policies, declared once. */
export const RADIO_POLICIES = ['always-on', 'off-between-transfers'] as const;

/** The preset families; each may add its own fields. */
export const LINK_FAMILIES = ['ethernet', 'ieee802154', 'lte'] as const;
export type LinkFamily = (typeof LINK_FAMILIES)[number];

/** Fields every link preset has. Each number's source is in `sources`, keyed by declared field path (see attributes.ts). */
export interface BasePreset extends LinkConfig {
  readonly name: string;
  readonly description: string;
  /** The preset family; each family may add its own fields. */
  readonly family: LinkFamily;
  /** point-to-point links are FIFO ports; shared media need packet fidelity. */
  readonly medium: 'point-to-point' | 'shared';
  readonly power: PowerProfile;
  readonly radioPolicy: RadioPolicy;
  /** Source of each field, by declared dotted path (a parent path covers its children). */
  readonly sources: PresetSources;
}

/** A lossless, unbounded, setup-free link: the defaults a preset starts from. */
export const NO_ARQ: ArqConfig = { packetErrorRate: 0, timeoutS: 0, maxRetries: 0 };
export const NO_SETUP: SetupCost = { timeS: 0, bytes: 0 };
export const UNBOUNDED_QUEUE: QueueConfig = { capacityPackets: null };
/** No simulated acknowledgements (a UDP-like transport, or ACKs not modelled). */
export const NO_ACK: AckConfig = { every: 0, wireBytes: 0 };
