import type { Ieee802154Preset } from '../presets/ieee802154.js';
import { type Bytes, type Seconds, txTimeS } from '../units.js';

/** Durations of the medium, in seconds, derived once from a preset. */
export interface Ieee802154Timing {
  readonly symbolS: Seconds;
  /** aUnitBackoffPeriod (s). */
  readonly unitBackoffS: Seconds;
  /** aCcaTime (s). */
  readonly ccaS: Seconds;
  /** aTurnaroundTime (s). */
  readonly turnaroundS: Seconds;
  /** macAckWaitDuration (s), from the end of the data frame. */
  readonly ackWaitS: Seconds;
  /** Airtime of the Imm-Ack PPDU: SHR + PHR + 5 B MPDU (s). */
  readonly ackAirS: Seconds;
  readonly sifsS: Seconds;
  readonly lifsS: Seconds;
  readonly propagationS: Seconds;
  /** SHR + PHR bytes: wire bytes of a frame minus its MPDU. */
  readonly phyOverheadBytes: Bytes;
}

/** The medium's durations for a preset. */
export function ieee802154Timing(p: Ieee802154Preset): Ieee802154Timing {
  const sym = p.phy.symbolS;
  const phyOverheadBytes = p.phy.shrBytes + p.phy.phrBytes;
  return {
    symbolS: sym,
    unitBackoffS: p.mac.aUnitBackoffPeriodSymbols * sym,
    ccaS: p.phy.ccaSymbols * sym,
    turnaroundS: p.phy.aTurnaroundTimeSymbols * sym,
    ackWaitS: p.arq.timeoutS,
    ackAirS: txTimeS(phyOverheadBytes + p.mac.ackMpduBytes, p.bandwidthBps),
    sifsS: p.mac.macSIFSPeriodSymbols * sym,
    lifsS: p.mac.macLIFSPeriodSymbols * sym,
    propagationS: p.latencyS,
    phyOverheadBytes,
  };
}
