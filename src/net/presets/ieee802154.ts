import { headerBytes, type Framing, type HeaderField } from '../framing.js';
import type { PowerProfile } from '../power.js';
import { type Bytes, type Seconds, txTimeS } from '../units.js';
import { UNBOUNDED_QUEUE, NO_SETUP, type BasePreset, type RadioPolicy } from './types.js';
import { friisLossDb, noiseFigureForSensitivityDb, snrForPacketErrorRateDb } from '../media/ieee802154-error.js';

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
export type Ieee802154AddressMode = 'short' | 'extended';

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
export type Ieee802154ReceptionModel = 'sinr' | 'collision';

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

const STD = 'IEEE Std 802.15.4-2015';
const STD06 = 'IEEE Std 802.15.4-2006';
const CC2420 = 'TI CC2420 datasheet (SWRS041c), Electrical Specifications, current consumption';

/** The 2450 MHz O-QPSK PHY. */
const O_QPSK_2450: Ieee802154Phy = {
  symbolS: 16e-6,
  symbolsPerOctet: 2,
  shrBytes: 5,
  phrBytes: 1,
  aMaxPHYPacketSizeBytes: 127,
  aTurnaroundTimeSymbols: 12,
  ccaSymbols: 8,
};

/** CC2420 at 0 dBm output power, 3 V supply. */
const CC2420_RADIO: Ieee802154Radio = {
  chip: 'CC2420',
  supplyV: 3,
  txmA: 17.4,
  rxmA: 18.8,
  listenmA: 18.8,
  idlemA: 0.426,
  sleepmA: 0.02,
};

/** Options of `makeIeee802154Preset`. */
export interface Ieee802154Options {
  /** Preset name. */
  readonly name: string;
  /** Default 'short'. */
  readonly addressing?: Ieee802154AddressMode;
  /** Default true (source PAN ID elided). */
  readonly panIdCompression?: boolean;
  /** Add a 6LoWPAN IPHC header and a compressed UDP header (RFC 6282) to every frame. */
  readonly sixlowpan?: boolean;
  /** Default 'always-on'. */
  readonly radioPolicy?: RadioPolicy;
  /** Data-frame error rate on top of collisions (default 0). */
  readonly packetErrorRate?: number;
  /** Default 'sinr'. */
  readonly reception?: Ieee802154ReceptionModel;
  /** Distance of every member from the hub (m); default 10. */
  readonly distanceM?: number;
}

/** Centre of the 2450 MHz band (channels 11–26 at 2405–2480 MHz), for the free-space reference loss. */
const BAND_CENTRE_HZ = 2.4425e9;

/** The default reception model: 0 dBm CC2420, −85 dBm sensitivity, log-distance path loss with n = 3. */
function defaultReception(model: Ieee802154ReceptionModel, distanceM: number): Ieee802154Reception {
  const noiseBandwidthHz = 2e6;
  const sensitivityDbm = -85;
  return {
    model,
    txPowerDbm: 0,
    sensitivityDbm,
    noiseFigureDb: Math.round(noiseFigureForSensitivityDb(sensitivityDbm, noiseBandwidthHz) * 100) / 100,
    noiseBandwidthHz,
    lockMinSinrDb: -5,
    ccaThresholdDbm: null,
    referenceDistanceM: 1,
    referenceLossDb: Math.round(friisLossDb(1, BAND_CENTRE_HZ) * 100) / 100,
    pathLossExponent: 3,
    distanceM,
    distancesM: [],
  };
}

/** The MHR and MFR fields of a data frame, per layer, with their sources. */
export function macHeaderFields(addressing: Ieee802154AddressMode, panIdCompression: boolean): { mhr: HeaderField[]; mfr: HeaderField[] } {
  const addr = addressing === 'short' ? 2 : 8;
  const kind = addressing === 'short' ? 'short (16-bit)' : 'extended (64-bit)';
  const mhr: HeaderField[] = [
    { layer: 'MAC Frame Control', bytes: 2, inFrame: true, source: `${STD} §7.2.1 (${STD06} §7.2.1.1)` },
    { layer: 'MAC Sequence Number', bytes: 1, inFrame: true, source: `${STD} §7.2.2 (${STD06} §7.2.1.2)` },
    { layer: 'MAC Destination PAN ID', bytes: 2, inFrame: true, source: `${STD} §7.2.3 (${STD06} §7.2.1.3)` },
    { layer: `MAC Destination Address, ${kind}`, bytes: addr, inFrame: true, source: `${STD} §7.2.4 (${STD06} §7.2.1.4)` },
  ];
  if (!panIdCompression) {
    mhr.push({ layer: 'MAC Source PAN ID', bytes: 2, inFrame: true, source: `${STD} §7.2.5 (${STD06} §7.2.1.5)` });
  }
  mhr.push({
    layer: `MAC Source Address, ${kind}${panIdCompression ? ' (Source PAN ID elided: PAN ID Compression)' : ''}`,
    bytes: addr,
    inFrame: true,
    source: `${STD} §7.2.6, §7.2.1.5 and Table 7-2 (${STD06} §7.2.1.6, §7.2.1.1.5)`,
  });
  const mfr: HeaderField[] = [{ layer: 'MAC FCS (CRC-16)', bytes: 2, inFrame: true, source: `${STD} §7.2.10 (${STD06} §7.2.1.9)` }];
  return { mhr, mfr };
}

/** PHY SHR and PHR of the O-QPSK PPDU. */
function phyHeaderFields(phy: Ieee802154Phy): HeaderField[] {
  return [
    {
      layer: 'PHY SHR (preamble 4 + SFD 1)',
      bytes: phy.shrBytes,
      inFrame: false,
      source: `${STD} §12.1.1–12.1.2, O-QPSK PPDU (${STD06} §6.3.1–6.3.2: 4-octet preamble, 1-octet SFD)`,
    },
    { layer: 'PHY PHR (frame length)', bytes: phy.phrBytes, inFrame: false, source: `${STD} §12.1.3 (${STD06} §6.3.3: 7-bit frame length + 1 reserved bit)` },
  ];
}

/**
 * 6LoWPAN headers of a single-hop UDP datagram between link-local addresses
 * derived from the 802.15.4 short addresses (RFC 6282), no 6LoWPAN
 * fragmentation: each frame carries its own datagram.
 */
const SIXLOWPAN: readonly HeaderField[] = [
  {
    layer: '6LoWPAN IPHC',
    bytes: 2,
    inFrame: true,
    source:
      'RFC 6282 §3.1.1: LOWPAN_IPHC base encoding (2 B) with TF=11 (traffic class and flow label elided), NH=1, HLIM=11 (hop limit 255), ' +
      'SAC=0/SAM=11 and M=0/DAC=0/DAM=11 (link-local addresses fully elided, derived from the MAC short addresses, §3.2.2)',
  },
  {
    layer: '6LoWPAN UDP NHC',
    bytes: 4,
    inFrame: true,
    source:
      'RFC 6282 §4.3.3: UDP LOWPAN_NHC octet 11110CPP (1 B), P=11 ports 0xF0B0–0xF0BF in 4 bits each (1 B), C=0 checksum carried inline (2 B, §4.3.2), length elided',
  },
];

/** Radio power per energy state (W) from the chip's currents; the background is 'listen' for an always-on radio, else 'idle'. */
export function ieee802154Power(radio: Ieee802154Radio, policy: RadioPolicy): PowerProfile {
  const w = (mA: number) => (mA / 1000) * radio.supplyV;
  return {
    watts: { tx: w(radio.txmA), rx: w(radio.rxmA), listen: w(radio.listenmA), idle: w(radio.idlemA), sleep: w(radio.sleepmA) },
    background: policy === 'always-on' ? 'listen' : 'idle',
    source: `${CC2420} at ${radio.supplyV} V (P = I·V)`,
  };
}

/** macAckWaitDuration = aUnitBackoffPeriod + aTurnaroundTime + phySHRDuration + ⌈6·phySymbolsPerOctet⌉ (symbols). */
export function ackWaitDurationSymbols(phy: Ieee802154Phy, aUnitBackoffPeriodSymbols: number): number {
  return aUnitBackoffPeriodSymbols + phy.aTurnaroundTimeSymbols + phy.shrBytes * phy.symbolsPerOctet + Math.ceil(6 * phy.symbolsPerOctet);
}

/**
 * Build an IEEE 802.15.4 preset (2450 MHz O-QPSK, CC2420 radio, the MAC
 * defaults of the standard) with the given addressing, upper headers and radio
 * policy; every derived number (overheads, payload, ACK wait) is computed here
 * once from the typed constants.
 */
export function makeIeee802154Preset(options: Ieee802154Options): Ieee802154Preset {
  const addressing = options.addressing ?? 'short';
  const panIdCompression = options.panIdCompression ?? true;
  const sixlowpan = options.sixlowpan ?? false;
  const radioPolicy = options.radioPolicy ?? 'always-on';
  const phy = O_QPSK_2450;
  const { mhr, mfr } = macHeaderFields(addressing, panIdCompression);
  const upper = sixlowpan ? [...SIXLOWPAN] : [];
  const sum = (h: readonly HeaderField[]) => h.reduce((s, x) => s + x.bytes, 0);
  const mhrBytes = sum(mhr);
  const mfrBytes = sum(mfr);
  const aUnitBackoffPeriodSymbols = 20;
  const reception = defaultReception(options.reception ?? 'sinr', options.distanceM ?? 10);
  const snrAtSensitivityDb = snrForPacketErrorRateDb(20, 0.01);
  const mac: Ieee802154Mac = {
    addressing,
    panIdCompression,
    mhrBytes,
    mfrBytes,
    ackMpduBytes: 5,
    macMinBE: 3,
    macMaxBE: 5,
    macMaxCSMABackoffs: 4,
    aUnitBackoffPeriodSymbols,
    macAckWaitDurationSymbols: ackWaitDurationSymbols(phy, aUnitBackoffPeriodSymbols),
    macMaxFrameRetries: 3,
    aMaxSIFSFrameSizeBytes: 18,
    macSIFSPeriodSymbols: 12,
    macLIFSPeriodSymbols: 40,
    upperLayerRetries: 0,
  };
  const framing: Framing = {
    maxPayloadBytes: phy.aMaxPHYPacketSizeBytes - mhrBytes - mfrBytes - sum(upper),
    minFrameBytes: 0,
    headers: [...phyHeaderFields(phy), ...mhr, ...upper, ...mfr],
  };
  const addrText = `${addressing} addresses${panIdCompression ? ' with PAN ID compression' : ''}`;
  const upperText = sixlowpan ? '6LoWPAN IPHC + compressed UDP (RFC 6282)' : 'no upper-layer header';
  const sources: Record<string, string> = {
    bandwidthBps: `${STD} §12 O-QPSK PHY at 2450 MHz: 250 kb/s, 62.5 ksymbol/s (${STD06} §6.1.1 Table 1)`,
    latencyS:
      'propagation neglected (0): ≤ 100 m indoors is ≤ 0.33 µs, 2 % of one 16 µs symbol; the standard\'s timing (aTurnaroundTime, macAckWaitDuration) has no propagation term. A non-zero value is applied uniformly to every signal',
    'framing.maxPayloadBytes': `aMaxPHYPacketSize ${phy.aMaxPHYPacketSizeBytes} − MHR ${mhrBytes} − MFR ${mfrBytes}${sixlowpan ? ` − 6LoWPAN ${sum(upper)}` : ''} (${addrText}; ${upperText})`,
    'framing.minFrameBytes': 'no minimum frame size (the MPDU carries its own length in the PHR)',
    'framing.headers': 'per-layer fields, each with its own source',
    setup: 'nonbeacon-enabled PAN: no association or beacon tracking per message (the devices are associated beforehand)',
    'arq.packetErrorRate': 'channel errors neglected (0): losses come from collisions only; set > 0 to add independent data-frame errors (ACKs are not subject to it)',
    'arq.timeoutS': `mirrors mac.macAckWaitDurationSymbols × phy.symbolS`,
    'arq.maxRetries': 'mirrors mac.macMaxFrameRetries',
    queue: 'unbounded MAC transmit queue',
    power: `${CC2420}: TX 17.4 mA at 0 dBm, RX 18.8 mA, idle 0.426 mA, power-down 20 µA; 3 V supply assumed (2 × AA, as on TelosB)`,
    radioPolicy:
      "'always-on': the receiver listens whenever it is not sending (background 'listen', macRxOnWhenIdle = TRUE); 'off-between-transfers': the radio idles (oscillator on) between a node's own transfers and the MAC charges 'listen' for IFS, backoff, CCA, turnaround and ACK wait",
    'phy.symbolS': `${STD} §12 (2450 MHz O-QPSK: 62.5 ksymbol/s, ${STD06} §6.5.2)`,
    'phy.symbolsPerOctet': `${STD} §11.3 Table 11-2 phySymbolsPerOctet, O-QPSK (${STD06} Table 23)`,
    'phy.shrBytes': `${STD} §12.1.1–12.1.2: preamble 4 octets + SFD 1 octet; phySHRDuration 10 symbols (${STD06} §6.3.1–6.3.2)`,
    'phy.phrBytes': `${STD} §12.1.3 (${STD06} §6.3.3)`,
    'phy.aMaxPHYPacketSizeBytes': `${STD} §11.3 Table 11-1 aMaxPhyPacketSize (${STD06} §6.4.1 Table 22)`,
    'phy.aTurnaroundTimeSymbols': `${STD} §11.3 Table 11-1 aTurnaroundTime; §10.2.1–10.2.2 (${STD06} Table 22, §6.9.1–6.9.2); CC2420 RX→TX 192 µs = 12 symbols`,
    'phy.ccaSymbols': `${STD} §11.3 Table 11-1 aCcaTime, §10.2.8 CCA detection time 8 symbol periods (${STD06} §6.9.9)`,
    'mac.addressing': `${addrText}: the compact data frame of a star PAN whose devices have short addresses`,
    'mac.panIdCompression': `${STD} §7.2.1.5 and Table 7-2 (${STD06} §7.2.1.1.5)`,
    'mac.mhrBytes': `sum of the MHR fields in framing.headers (${STD} §7.2, general MAC frame format)`,
    'mac.mfrBytes': `${STD} §7.2.10 FCS, 2 octets (${STD06} §7.2.1.9)`,
    'mac.ackMpduBytes': `${STD} §7.3.3 Imm-Ack frame: frame control 2 + sequence number 1 + FCS 2 (${STD06} §7.2.2.3)`,
    'mac.macMinBE': `${STD} §8.4.3.1 Table 8-94 default (${STD06} Table 86)`,
    'mac.macMaxBE': `${STD} Table 8-94 default (${STD06} Table 86)`,
    'mac.macMaxCSMABackoffs': `${STD} Table 8-94 default (${STD06} Table 86)`,
    'mac.aUnitBackoffPeriodSymbols': `${STD} §8.4.2 Table 8-93 aUnitBackoffPeriod (${STD06} §7.4.1 Table 85)`,
    'mac.macAckWaitDurationSymbols':
      `${STD} Table 8-94: aUnitBackoffPeriod + aTurnaroundTime + phySHRDuration + ⌈6·phySymbolsPerOctet⌉ = 20 + 12 + 10 + 12 = 54 symbols = 864 µs for O-QPSK (${STD06} Table 86)`,
    'mac.macMaxFrameRetries': `${STD} Table 8-94 default (${STD06} Table 86)`,
    'mac.aMaxSIFSFrameSizeBytes': `${STD} Table 8-93 aMaxSifsFrameSize (${STD06} Table 85)`,
    'mac.macSIFSPeriodSymbols': `${STD} Table 8-94 macSifsPeriod, O-QPSK (${STD06} Table 86 macMinSIFSPeriod)`,
    'mac.macLIFSPeriodSymbols': `${STD} Table 8-94 macLifsPeriod, O-QPSK (${STD06} Table 86 macMinLIFSPeriod)`,
    'mac.upperLayerRetries':
      `outside the standard: ${STD} §6.2.5.1 reports CHANNEL_ACCESS_FAILURE and §6.7.4.3 NO_ACK to the next higher layer, which decides; 0 = drop, as ns-3 LrWpanMac`,
    'radio.chip': 'Texas Instruments (Chipcon) CC2420 2.4 GHz IEEE 802.15.4 transceiver (TelosB, MICAz)',
    'radio.supplyV': 'assumed 3 V (CC2420 operates from 2.1–3.6 V)',
    'radio.txmA': `${CC2420}: 17.4 mA at 0 dBm output power`,
    'radio.rxmA': `${CC2420}: 18.8 mA in receive mode`,
    'radio.listenmA': `${CC2420}: the receiver draws the receive-mode 18.8 mA whether or not a frame is arriving`,
    'radio.idlemA': `${CC2420}: 426 µA in idle mode (voltage regulator and crystal oscillator on)`,
    'radio.sleepmA': `${CC2420}: 20 µA in power-down mode (voltage regulator on)`,
    'reception.model':
      "'sinr': a frame is received by its SINR over time and the O-QPSK bit-error curve (IEEE Std 802.15.4-2006 Annex E.4.1.7, Figure E.2; as ns-3 LrWpanPhy with LrWpanErrorModel): " +
      'the receiver locks onto the first frame it detects, later frames are interference, and a frame survives a weaker or later interferer (capture); ' +
      "'collision': every frame that overlaps another is lost, whatever the distances (gradwire before issue #14)",
    'reception.txPowerDbm': `${CC2420}: 0 dBm, the largest programmable output power (PA_LEVEL 31), at which radio.txmA is given; ${STD06} §6.9.5 requires a transmitter capable of at least −3 dBm`,
    'reception.sensitivityDbm':
      `${STD06} §6.5.3.3 (${STD} §12.3.4): sensitivity −85 dBm or better, i.e. PER < 1 % on a 20-octet PSDU (§6.1.7); a weaker frame is not detected (no SHR lock). The CC2420 datasheet gives −95 dBm typical`,
    'reception.noiseFigureDb':
      `derived from the sensitivity: the noise figure at which a frame at reception.sensitivityDbm in noise alone has PER 1 % on a 20-octet PSDU (SNR ${snrAtSensitivityDb.toFixed(2)} dB on the Annex E curve), ` +
      'as ns-3 LrWpanPhy::SetRxSensitivity derives its noise factor; noise floor −174 dBm/Hz + 10·log10(2 MHz) + NF. Not recomputed when the sensitivity is overridden',
    'reception.noiseBandwidthHz': `2 MHz: the O-QPSK chip rate (2 Mchip/s, ${STD06} §6.5.2), the bandwidth over which Annex E states SINR`,
    'reception.lockMinSinrDb': 'ns-3 LrWpanPhy::EndPreamble: a frame whose SINR at the end of its SHR is −5 dB or less is undecodable (Annex E Figure E.2: BER above 10⁻¹) and the receiver stays free',
    'reception.ccaThresholdDbm':
      `null: every transmission is sensed by every CCA (all nodes within carrier sense, as gradwire before issue #14). A number enables energy detection (CCA mode 1, ${STD06} §6.9.9: ` +
      'busy when the energy reaches a threshold at most 10 dB above the sensitivity, or, as ns-3 LrWpanPhy::EndCca, while receiving a frame); ns-3 uses sensitivity + 10 dB',
    'reception.referenceDistanceM': 'log-distance path-loss model (Rappaport, Wireless Communications, 2nd ed., §4.9.1) with d0 = 1 m',
    'reception.referenceLossDb': `Friis free-space loss at d0 = 1 m and ${BAND_CENTRE_HZ / 1e9} GHz, the centre of the 2450 MHz band: 20·log10(4π·d0·f/c)`,
    'reception.pathLossExponent':
      'n = 3: the default of ns-3 LogDistancePropagationLossModel; Rappaport Table 4.2 gives 2 in free space, 2.7–3.5 urban, 4–6 obstructed in buildings',
    'reception.distanceM': 'assumed: every member 10 m from the hub (a room-scale sensor deployment), members at equal angles around it; override per deployment',
    'reception.distancesM': 'per-member distances from the hub, in joining order (sender/0, sender/1, …); empty: every member at reception.distanceM',
  };
  return {
    name: options.name,
    description: `IEEE 802.15.4 2.4 GHz O-QPSK (250 kb/s), unslotted CSMA-CA with ACKs, ${addrText}, ${upperText}; CC2420 radio, ${radioPolicy}`,
    family: 'ieee802154',
    medium: 'shared',
    bandwidthBps: 250e3,
    latencyS: 0,
    framing,
    setup: NO_SETUP,
    arq: {
      packetErrorRate: options.packetErrorRate ?? 0,
      timeoutS: mac.macAckWaitDurationSymbols * phy.symbolS,
      maxRetries: mac.macMaxFrameRetries,
    },
    queue: UNBOUNDED_QUEUE,
    power: ieee802154Power(CC2420_RADIO, radioPolicy),
    radioPolicy,
    phy,
    mac,
    radio: CC2420_RADIO,
    reception,
    sources,
  };
}

/** A copy of `preset` with another radio policy and the matching power-profile background. */
export function withRadioPolicy(preset: Ieee802154Preset, policy: RadioPolicy): Ieee802154Preset {
  return { ...preset, radioPolicy: policy, power: ieee802154Power(preset.radio, policy) };
}

/**
 * Problems that make a (possibly overridden) preset inconsistent or outside
 * what the medium models; empty when the preset is usable.
 */
export function ieee802154Problems(p: Ieee802154Preset): string[] {
  const out: string[] = [];
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-9);
  const octetS = txTimeS(1, p.bandwidthBps);
  if (!close(octetS, p.phy.symbolsPerOctet * p.phy.symbolS)) {
    out.push(`bandwidthBps ${p.bandwidthBps} gives ${octetS} s per octet, but phy.symbolsPerOctet × phy.symbolS = ${p.phy.symbolsPerOctet * p.phy.symbolS} s`);
  }
  const overhead = p.phy.shrBytes + p.phy.phrBytes + p.mac.mhrBytes + p.mac.mfrBytes;
  if (headerBytes(p.framing) < overhead) {
    out.push(`framing.headers sum to ${headerBytes(p.framing)} B, less than SHR + PHR + MHR + MFR = ${overhead} B`);
  }
  const outOfFrame = p.framing.headers.reduce((s, h) => s + (h.inFrame ? 0 : h.bytes), 0);
  if (outOfFrame !== p.phy.shrBytes + p.phy.phrBytes) {
    out.push(`framing.headers outside the frame (SHR + PHR) sum to ${outOfFrame} B, but phy.shrBytes + phy.phrBytes = ${p.phy.shrBytes + p.phy.phrBytes} B`);
  }
  const maxMpdu = p.framing.maxPayloadBytes + headerBytes(p.framing) - outOfFrame;
  if (maxMpdu > p.phy.aMaxPHYPacketSizeBytes) {
    out.push(`a full frame has an MPDU of ${maxMpdu} B, above aMaxPHYPacketSize ${p.phy.aMaxPHYPacketSizeBytes} B: lower framing.maxPayloadBytes`);
  }
  if (p.framing.minFrameBytes !== 0) out.push(`framing.minFrameBytes must be 0 on 802.15.4 (given ${p.framing.minFrameBytes})`);
  if (p.setup.timeS !== 0 || p.setup.bytes !== 0) out.push('setup must be zero: the shared medium has no per-message setup');
  if (!close(p.arq.timeoutS, p.mac.macAckWaitDurationSymbols * p.phy.symbolS)) {
    out.push(`arq.timeoutS ${p.arq.timeoutS} differs from mac.macAckWaitDurationSymbols × phy.symbolS = ${p.mac.macAckWaitDurationSymbols * p.phy.symbolS}: override both`);
  }
  if (p.arq.maxRetries !== p.mac.macMaxFrameRetries) {
    out.push(`arq.maxRetries ${p.arq.maxRetries} differs from mac.macMaxFrameRetries ${p.mac.macMaxFrameRetries}: override both`);
  }
  const ackS = 2 * p.latencyS + p.phy.aTurnaroundTimeSymbols * p.phy.symbolS + txTimeS(p.phy.shrBytes + p.phy.phrBytes + p.mac.ackMpduBytes, p.bandwidthBps);
  if (p.arq.timeoutS < ackS) out.push(`the ACK wait ${p.arq.timeoutS} s ends before an ACK can arrive (${ackS} s after the data frame)`);
  const ints: [string, number, number][] = [
    ['mac.macMinBE', p.mac.macMinBE, 0], ['mac.macMaxBE', p.mac.macMaxBE, 0], ['mac.macMaxCSMABackoffs', p.mac.macMaxCSMABackoffs, 0],
    ['mac.macMaxFrameRetries', p.mac.macMaxFrameRetries, 0], ['mac.upperLayerRetries', p.mac.upperLayerRetries, 0],
    ['mac.aUnitBackoffPeriodSymbols', p.mac.aUnitBackoffPeriodSymbols, 1],
  ];
  for (const [name, v, min] of ints) if (!Number.isInteger(v) || v < min) out.push(`${name} must be an integer ≥ ${min} (given ${v})`);
  if (p.mac.macMinBE > p.mac.macMaxBE) out.push(`mac.macMinBE ${p.mac.macMinBE} exceeds mac.macMaxBE ${p.mac.macMaxBE}`);
  if (!(p.arq.packetErrorRate >= 0 && p.arq.packetErrorRate < 1)) out.push(`arq.packetErrorRate must be in [0, 1) (given ${p.arq.packetErrorRate})`);
  if (!(p.latencyS >= 0)) out.push(`latencyS must be ≥ 0 (given ${p.latencyS})`);
  const r = p.reception;
  if (r.model !== 'sinr' && r.model !== 'collision') out.push(`reception.model must be 'sinr' or 'collision' (given ${String(r.model)})`);
  const finite: [string, number][] = [
    ['reception.txPowerDbm', r.txPowerDbm], ['reception.sensitivityDbm', r.sensitivityDbm], ['reception.noiseFigureDb', r.noiseFigureDb],
    ['reception.lockMinSinrDb', r.lockMinSinrDb], ['reception.referenceLossDb', r.referenceLossDb],
  ];
  for (const [name, v] of finite) if (typeof v !== 'number' || !Number.isFinite(v)) out.push(`${name} must be a number (given ${String(v)})`);
  const positive: [string, number][] = [
    ['reception.noiseBandwidthHz', r.noiseBandwidthHz], ['reception.referenceDistanceM', r.referenceDistanceM], ['reception.distanceM', r.distanceM],
  ];
  for (const [name, v] of positive) if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) out.push(`${name} must be > 0 (given ${String(v)})`);
  if (r.ccaThresholdDbm !== null && !(typeof r.ccaThresholdDbm === 'number' && Number.isFinite(r.ccaThresholdDbm))) {
    out.push(`reception.ccaThresholdDbm must be a number (dBm) or null (given ${String(r.ccaThresholdDbm)})`);
  }
  if (r.ccaThresholdDbm !== null && r.model !== 'sinr') out.push("reception.ccaThresholdDbm applies to reception.model 'sinr' only: set it to null, or the model to 'sinr'");
  if (!(r.pathLossExponent >= 0)) out.push(`reception.pathLossExponent must be ≥ 0 (given ${r.pathLossExponent})`);
  if (!Array.isArray(r.distancesM) || r.distancesM.some((d) => !(typeof d === 'number' && d > 0 && Number.isFinite(d)))) {
    out.push(`reception.distancesM must list distances > 0 in metres (given ${JSON.stringify(r.distancesM)})`);
  }
  const wanted = p.radioPolicy === 'always-on' ? 'listen' : 'idle';
  if ((p.power.background === 'listen') !== (p.radioPolicy === 'always-on')) {
    out.push(`radioPolicy '${p.radioPolicy}' needs power.background '${wanted}', not '${p.power.background}': override both (or use withRadioPolicy)`);
  }
  return out;
}

/**
 * IEEE 802.15.4 presets: `ieee802154` (short addresses with PAN ID
 * compression, raw MAC payload) and `ieee802154-6lowpan` (adds a 6LoWPAN IPHC
 * and compressed UDP header, RFC 6282), both with an always-on CC2420 radio.
 */
export const IEEE802154_PRESETS: readonly Ieee802154Preset[] = [
  makeIeee802154Preset({ name: 'ieee802154' }),
  makeIeee802154Preset({ name: 'ieee802154-6lowpan', sixlowpan: true }),
];
