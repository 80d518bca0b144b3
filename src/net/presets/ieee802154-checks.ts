import { headerBytes } from '../framing.js';
import { txTimeS } from '../units.js';
import { attributeProblems } from './attributes.js';
import type { Ieee802154Preset } from './ieee802154-types.js';
import { ieee802154PresetMessages as msg } from './messages.js';

/**
 * Problems that make a (possibly overridden) preset inconsistent or outside
 * what the medium models; empty when the preset is usable. Every declared
 * field against its declaration (attributes.ts), the generic ones too (the
 * bandwidth, the latency, the packet error rate, …) as well as the 802.15.4
 * ones (the reception model, the distances, …), then what ties fields
 * together. presetProblems leaves an 802.15.4 preset to this function alone.
 */
export function ieee802154Problems(p: Ieee802154Preset): string[] {
  const out = attributeProblems(p);
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-9);
  const octetS = txTimeS(1, p.bandwidthBps);
  if (!close(octetS, p.phy.symbolsPerOctet * p.phy.symbolS)) out.push(msg.octetTime(p.bandwidthBps, octetS, p.phy.symbolsPerOctet * p.phy.symbolS));
  const overhead = p.phy.shrBytes + p.phy.phrBytes + p.mac.mhrBytes + p.mac.mfrBytes;
  if (headerBytes(p.framing) < overhead) out.push(msg.headersBelowOverhead(headerBytes(p.framing), overhead));
  const outOfFrame = p.framing.headers.reduce((s, h) => s + (h.inFrame ? 0 : h.bytes), 0);
  if (outOfFrame !== p.phy.shrBytes + p.phy.phrBytes) out.push(msg.outOfFrame(outOfFrame, p.phy.shrBytes + p.phy.phrBytes));
  const maxMpdu = p.framing.maxPayloadBytes + headerBytes(p.framing) - outOfFrame;
  if (maxMpdu > p.phy.aMaxPHYPacketSizeBytes) out.push(msg.mpduTooLarge(maxMpdu, p.phy.aMaxPHYPacketSizeBytes));
  if (p.framing.minFrameBytes !== 0) out.push(msg.minFrameBytes(p.framing.minFrameBytes));
  if (p.setup.timeS !== 0 || p.setup.bytes !== 0) out.push(msg.setup());
  if (!close(p.arq.timeoutS, p.mac.macAckWaitDurationSymbols * p.phy.symbolS)) out.push(msg.ackWait(p.arq.timeoutS, p.mac.macAckWaitDurationSymbols * p.phy.symbolS));
  if (p.arq.maxRetries !== p.mac.macMaxFrameRetries) out.push(msg.retries(p.arq.maxRetries, p.mac.macMaxFrameRetries));
  const ackS = 2 * p.latencyS + p.phy.aTurnaroundTimeSymbols * p.phy.symbolS + txTimeS(p.phy.shrBytes + p.phy.phrBytes + p.mac.ackMpduBytes, p.bandwidthBps);
  if (p.arq.timeoutS < ackS) out.push(msg.ackWaitTooShort(p.arq.timeoutS, ackS));
  if (p.mac.macMinBE > p.mac.macMaxBE) out.push(msg.backoffOrder(p.mac.macMinBE, p.mac.macMaxBE));
  if (p.reception.ccaThresholdDbm !== null && p.reception.model !== 'sinr') out.push(msg.ccaNeedsSinr());
  const wanted = p.radioPolicy === 'always-on' ? 'listen' : 'idle';
  if ((p.power.background === 'listen') !== (p.radioPolicy === 'always-on')) out.push(msg.radioPolicy(p.radioPolicy, wanted, p.power.background));
  return out;
}
