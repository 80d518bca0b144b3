import { headerBytes } from '../framing.js';
import { txTimeS } from '../units.js';
import { attributeProblems, type LinkAttribute } from './attributes.js';
import type { Ieee802154Preset } from './ieee802154-types.js';

/** Fields whose messages here predate the declarations (tests and users quote them). */
const OWN_WORDING: ReadonlySet<LinkAttribute> = new Set<LinkAttribute>(['reception.model', 'reception.distancesM']);

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
  // each 802.15.4 field against its declaration (attributes.ts); the reception model and the distance list keep their own wording
  out.push(...attributeProblems(p, (a, name) => a.family === 'ieee802154' && !OWN_WORDING.has(name)));
  if (p.mac.macMinBE > p.mac.macMaxBE) out.push(`mac.macMinBE ${p.mac.macMinBE} exceeds mac.macMaxBE ${p.mac.macMaxBE}`);
  if (!(p.arq.packetErrorRate >= 0 && p.arq.packetErrorRate < 1)) out.push(`arq.packetErrorRate must be in [0, 1) (given ${p.arq.packetErrorRate})`);
  if (!(p.latencyS >= 0)) out.push(`latencyS must be ≥ 0 (given ${p.latencyS})`);
  const r = p.reception;
  if (r.model !== 'sinr' && r.model !== 'collision') out.push(`reception.model must be 'sinr' or 'collision' (given ${String(r.model)})`);
  if (r.ccaThresholdDbm !== null && r.model !== 'sinr') out.push("reception.ccaThresholdDbm applies to reception.model 'sinr' only: set it to null, or the model to 'sinr'");
  if (!Array.isArray(r.distancesM) || r.distancesM.some((d) => !(typeof d === 'number' && d > 0 && Number.isFinite(d)))) {
    out.push(`reception.distancesM must list distances > 0 in metres (given ${JSON.stringify(r.distancesM)})`);
  }
  const wanted = p.radioPolicy === 'always-on' ? 'listen' : 'idle';
  if ((p.power.background === 'listen') !== (p.radioPolicy === 'always-on')) {
    out.push(`radioPolicy '${p.radioPolicy}' needs power.background '${wanted}', not '${p.power.background}': override both (or use withRadioPolicy)`);
  }
  return out;
}
