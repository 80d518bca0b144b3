import type { Bytes, Seconds } from '../units.js';
import type { BasePreset } from './types.js';

/** The typed fields of an IEEE 802.15.4 preset: PHY, MAC, radio and reception. */

/**
 * PHY constants of an IEEE 802.15.4 PHY (here the 2450 MHz O-QPSK PHY).
 * Durations are in symbol periods, as the standard states them.
 */
export interface Ieee802154Phy {
  /** Symbol period (s): 16 µs at 62.5 ksymbol/s for the 2450 MHz O-QPSK PHY. */
  readonly symbolS: Seconds;
  /** phySymbolsPerOctet: 2 for O-QPSK (4 bits per symbol). */
  readonly symbolsPerOctet: number;
  /** Synchronization header: preamble + SFD (bytes); phySHRDuration = shrBytes × symbolsPerOctet symbols. */
  readonly shrBytes: Bytes;
  /** PHY header: the frame-length octet (bytes). */
  readonly phrBytes: Bytes;
  /** aMaxPHYPacketSize: the largest PSDU (= MPDU) the PHY carries (bytes). */
  readonly aMaxPHYPacketSizeBytes: Bytes;
  /** aTurnaroundTime: RX→TX and TX→RX turnaround (symbols). */
  readonly aTurnaroundTimeSymbols: number;
  /** aCcaTime: duration of one clear channel assessment (symbols). */
  readonly ccaSymbols: number;
}

/** MAC addressing of data frames: 16-bit short or 64-bit extended addresses. */
export type Ieee802154AddressMode = (typeof IEEE802154_ADDRESS_MODES)[number];
/** The MAC address modes, declared once. */
export const IEEE802154_ADDRESS_MODES = ['short', 'extended'] as const;

/**
 * MAC sublayer constants and PIB attributes that shape unslotted CSMA-CA,
 * acknowledgements, retransmissions and interframe spacing. Durations are in
 * symbol periods (see `Ieee802154Phy.symbolS`).
 */
export interface Ieee802154Mac {
  /** Addressing of both source and destination. */
  readonly addressing: Ieee802154AddressMode;
  /** PAN ID Compression: the source PAN ID is elided (source and destination in the same PAN). */
  readonly panIdCompression: boolean;
  /** MAC header bytes implied by the addressing (frame control, sequence number, PAN IDs, addresses). */
  readonly mhrBytes: Bytes;
  /** MAC footer bytes (FCS). */
  readonly mfrBytes: Bytes;
  /** MPDU of an Imm-Ack frame (frame control 2 + sequence number 1 + FCS 2). */
  readonly ackMpduBytes: Bytes;
  /** macMinBE: initial backoff exponent. */
  readonly macMinBE: number;
  /** macMaxBE: largest backoff exponent. */
  readonly macMaxBE: number;
  /** macMaxCSMABackoffs: busy CCAs tolerated before channel-access failure (the frame fails when NB exceeds it). */
  readonly macMaxCSMABackoffs: number;
  /** aUnitBackoffPeriod (symbols). */
  readonly aUnitBackoffPeriodSymbols: number;
  /** macAckWaitDuration (symbols), measured from the end of the data frame. */
  readonly macAckWaitDurationSymbols: number;
  /** macMaxFrameRetries: retransmissions after a missing acknowledgement. */
  readonly macMaxFrameRetries: number;
  /** aMaxSIFSFrameSize: MPDUs up to this size are followed by a SIFS, longer ones by a LIFS (bytes). */
  readonly aMaxSIFSFrameSizeBytes: Bytes;
  /** macSifsPeriod (symbols). */
  readonly macSIFSPeriodSymbols: number;
  /** macLifsPeriod (symbols). */
  readonly macLIFSPeriodSymbols: number;
  /**
   * Not part of the MAC: how many times the layer above resubmits a frame the
   * MAC gave up on (CHANNEL_ACCESS_FAILURE or NO_ACK), at the head of the queue,
   * before the frame — and its message — is dropped. 0: the plain MAC (as ns-3's
   * LrWpanMac), the frame is dropped.
   */
  readonly upperLayerRetries: number;
}

/** Supply currents of the radio chip per state, as its datasheet gives them. */
export interface Ieee802154Radio {
  readonly chip: string;
  /** Supply voltage (V). */
  readonly supplyV: number;
  /** Transmitting (at the preset's output power). */
  readonly txmA: number;
  /** Receiving a frame. */
  readonly rxmA: number;
  /** Receiver on, no frame (idle listening, CCA, backoff with the receiver on). */
  readonly listenmA: number;
  /** Oscillator running, radio off. */
  readonly idlemA: number;
  /** Power-down (voltage regulator on, oscillator off). */
  readonly sleepmA: number;
}

/** How a receiver decides whether a frame arrived intact. */
export type Ieee802154ReceptionModel = (typeof IEEE802154_RECEPTION_MODELS)[number];
/** The reception models, declared once. */
export const IEEE802154_RECEPTION_MODELS = ['sinr', 'collision'] as const;

/**
 * Reception on the channel: received power from transmit power and
 * log-distance path loss, noise, and where the nodes are. The hub (the first
 * node on the channel) is at the origin; member i (in joining order) is
 * `distancesM[i]` (or `distanceM`) metres from it, the members at equal angles
 * around it, so two members are 2·d·sin(π/n) apart when all are at d.
 *
 * 'sinr' (ns-3 lr-wpan): a receiver whose radio is listening locks onto the
 * first frame whose SHR it receives with power ≥ `sensitivityDbm` and SINR
 * > `lockMinSinrDb` at the SHR's end; while locked, every other frame is only
 * interference. The locked frame survives each chunk between changes of the
 * interference with probability (1 − BER(SINR))^bits (IEEE 802.15.4-2006
 * Annex E). 'collision': every overlapping frame is lost, at any distance.
 */
export interface Ieee802154Reception {
  readonly model: Ieee802154ReceptionModel;
  /** Transmit power of every node (dBm). */
  readonly txPowerDbm: number;
  /** Weakest frame a receiver detects (dBm). */
  readonly sensitivityDbm: number;
  /** Receiver noise figure (dB): noise floor = −174 dBm/Hz + 10·log10(noiseBandwidthHz) + noiseFigureDb. */
  readonly noiseFigureDb: number;
  /** Noise bandwidth (Hz). */
  readonly noiseBandwidthHz: number;
  /** Lowest SINR at the end of the SHR at which the receiver locks onto a frame (dB). */
  readonly lockMinSinrDb: number;
  /** Log-distance path loss: reference distance d0 (m). */
  readonly referenceDistanceM: number;
  /** Path loss at d0 (dB). */
  readonly referenceLossDb: number;
  /** Path-loss exponent n: PL(d) = PL(d0) + 10·n·log10(d/d0). */
  readonly pathLossExponent: number;
  /**
   * CCA (with 'sinr'): null, every transmission on the channel is sensed (one
   * collision domain); a number, CCA mode 1 energy detection: busy when the
   * received power reaches this threshold (dBm) during the CCA, or while the
   * receiver is locked onto a frame — so distant members can be hidden.
   */
  readonly ccaThresholdDbm: number | null;
  /** Distance of every member from the hub (m), unless `distancesM` lists it. */
  readonly distanceM: number;
  /** Distance of member i (joining order: sender/0, sender/1, …) from the hub (m); members past the list's end are at `distanceM`. */
  readonly distancesM: readonly number[];
}

/**
 * An IEEE 802.15.4 preset: a shared 2.4 GHz O-QPSK channel with unslotted
 * CSMA-CA, acknowledgements and retransmissions (see `attachIeee802154`). The
 * BasePreset fields mirror the typed fields: `bandwidthBps` is the PHY bit
 * rate, `arq` mirrors macAckWaitDuration and macMaxFrameRetries, and `framing`
 * lists the PHY, MAC and upper-layer headers of every frame.
 */
export interface Ieee802154Preset extends BasePreset {
  readonly family: 'ieee802154';
  readonly medium: 'shared';
  readonly phy: Ieee802154Phy;
  readonly mac: Ieee802154Mac;
  readonly radio: Ieee802154Radio;
  readonly reception: Ieee802154Reception;
}
