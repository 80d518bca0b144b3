import type { Framing, HeaderField } from '../framing.js';
import type { PowerProfile } from '../power.js';
import { UNBOUNDED_QUEUE, NO_SETUP, type RadioPolicy } from './types.js';
import { friisLossDb, noiseFigureForSensitivityDb, snrForPacketErrorRateDb } from '../media/ieee802154-error.js';
import type { Ieee802154AddressMode, Ieee802154Mac, Ieee802154Phy, Ieee802154Preset, Ieee802154Radio, Ieee802154Reception, Ieee802154ReceptionModel } from './ieee802154-types.js';
import { BAND_CENTRE_HZ, CC2420, STD, STD06, ieee802154Sources } from './ieee802154-sources.js';

export * from './ieee802154-types.js';
export { ieee802154Problems } from './ieee802154-checks.js';

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
    source: 'RFC 6282 §4.3.3: UDP LOWPAN_NHC octet 11110CPP (1 B), P=11 ports 0xF0B0–0xF0BF in 4 bits each (1 B), C=0 checksum carried inline (2 B, §4.3.2), length elided',
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
  const sources = ieee802154Sources({ phy, mhrBytes, mfrBytes, sixlowpanBytes: sum(upper), addrText, upperText, snrAtSensitivityDb });
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
 * IEEE 802.15.4 presets: `ieee802154` (short addresses with PAN ID
 * compression, raw MAC payload) and `ieee802154-6lowpan` (adds a 6LoWPAN IPHC
 * and compressed UDP header, RFC 6282), both with an always-on CC2420 radio.
 */
export const IEEE802154_PRESETS: readonly Ieee802154Preset[] = [makeIeee802154Preset({ name: 'ieee802154' }), makeIeee802154Preset({ name: 'ieee802154-6lowpan', sixlowpan: true })];
