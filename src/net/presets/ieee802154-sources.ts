import type { PresetSources } from './attributes.js';
import type { Ieee802154Phy } from './ieee802154-types.js';

/** The standards and datasheet the IEEE 802.15.4 presets cite. */
export const STD = 'IEEE Std 802.15.4-2015';
export const STD06 = 'IEEE Std 802.15.4-2006';
export const CC2420 = 'TI CC2420 datasheet (SWRS041c), Electrical Specifications, current consumption';

/** Centre of the 2450 MHz band (channels 11–26 at 2405–2480 MHz), for the free-space reference loss. */
export const BAND_CENTRE_HZ = 2.4425e9;

/** What the sources of one IEEE 802.15.4 preset depend on. */
export interface Ieee802154SourceFacts {
  readonly phy: Ieee802154Phy;
  readonly mhrBytes: number;
  readonly mfrBytes: number;
  /** Bytes of 6LoWPAN headers (0: none). */
  readonly sixlowpanBytes: number;
  readonly addrText: string;
  readonly upperText: string;
  readonly snrAtSensitivityDb: number;
}

/** The source of every field of an IEEE 802.15.4 preset, keyed by declared attribute. */
export function ieee802154Sources(f: Ieee802154SourceFacts): PresetSources {
  const { phy, mhrBytes, mfrBytes, addrText, upperText, snrAtSensitivityDb } = f;
  return {
    bandwidthBps: `${STD} §12 O-QPSK PHY at 2450 MHz: 250 kb/s, 62.5 ksymbol/s (${STD06} §6.1.1 Table 1)`,
    latencyS:
      "propagation neglected (0): ≤ 100 m indoors is ≤ 0.33 µs, 2 % of one 16 µs symbol; the standard's timing (aTurnaroundTime, macAckWaitDuration) has no propagation term. A non-zero value is applied uniformly to every signal",
    'framing.maxPayloadBytes': `aMaxPHYPacketSize ${phy.aMaxPHYPacketSizeBytes} − MHR ${mhrBytes} − MFR ${mfrBytes}${f.sixlowpanBytes > 0 ? ` − 6LoWPAN ${f.sixlowpanBytes}` : ''} (${addrText}; ${upperText})`,
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
    'mac.macAckWaitDurationSymbols': `${STD} Table 8-94: aUnitBackoffPeriod + aTurnaroundTime + phySHRDuration + ⌈6·phySymbolsPerOctet⌉ = 20 + 12 + 10 + 12 = 54 symbols = 864 µs for O-QPSK (${STD06} Table 86)`,
    'mac.macMaxFrameRetries': `${STD} Table 8-94 default (${STD06} Table 86)`,
    'mac.aMaxSIFSFrameSizeBytes': `${STD} Table 8-93 aMaxSifsFrameSize (${STD06} Table 85)`,
    'mac.macSIFSPeriodSymbols': `${STD} Table 8-94 macSifsPeriod, O-QPSK (${STD06} Table 86 macMinSIFSPeriod)`,
    'mac.macLIFSPeriodSymbols': `${STD} Table 8-94 macLifsPeriod, O-QPSK (${STD06} Table 86 macMinLIFSPeriod)`,
    'mac.upperLayerRetries': `outside the standard: ${STD} §6.2.5.1 reports CHANNEL_ACCESS_FAILURE and §6.7.4.3 NO_ACK to the next higher layer, which decides; 0 = drop, as ns-3 LrWpanMac`,
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
    'reception.sensitivityDbm': `${STD06} §6.5.3.3 (${STD} §12.3.4): sensitivity −85 dBm or better, i.e. PER < 1 % on a 20-octet PSDU (§6.1.7); a weaker frame is not detected (no SHR lock). The CC2420 datasheet gives −95 dBm typical`,
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
    'reception.pathLossExponent': 'n = 3: the default of ns-3 LogDistancePropagationLossModel; Rappaport Table 4.2 gives 2 in free space, 2.7–3.5 urban, 4–6 obstructed in buildings',
    'reception.distanceM': 'assumed: every member 10 m from the hub (a room-scale sensor deployment), members at equal angles around it; override per deployment',
    'reception.distancesM': 'per-member distances from the hub, in joining order (sender/0, sender/1, …); empty: every member at reception.distanceM',
  };
}
