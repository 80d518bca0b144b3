import { ieee802154Power, ieee802154Problems } from './ieee802154.js';
import type { LinkPreset } from './index.js';
import { ltePowerProfile } from './lte.js';
import { applyOverrides } from './override.js';

/**
 * A preset with overrides applied and its derived fields brought up to date:
 * the power profile follows the radio currents / RRC powers / radio policy
 * unless the overrides set `power.*` themselves.
 */
export function customizePreset(preset: LinkPreset, overrides: Readonly<Record<string, unknown>>): LinkPreset {
  const p = applyOverrides(preset, overrides);
  if (Object.keys(overrides).some((k) => k === 'power' || k.startsWith('power.'))) return p;
  switch (p.family) {
    case 'ieee802154':
      return { ...p, power: ieee802154Power(p.radio, p.radioPolicy) };
    case 'lte':
      return { ...p, power: ltePowerProfile(p) };
    default:
      return p;
  }
}

/** What is inconsistent or out of range in a (customised) preset; empty when it can run. */
export function presetProblems(p: LinkPreset): string[] {
  const out: string[] = [];
  if (!(p.bandwidthBps > 0)) out.push(`bandwidthBps must be > 0 (given ${p.bandwidthBps})`);
  if (!(p.latencyS >= 0)) out.push(`latencyS must be ≥ 0 (given ${p.latencyS})`);
  if (!(Number.isInteger(p.framing.maxPayloadBytes) && p.framing.maxPayloadBytes >= 1)) {
    out.push(`framing.maxPayloadBytes must be a whole number ≥ 1 (given ${p.framing.maxPayloadBytes})`);
  }
  if (p.framing.headers.some((h) => !(Number.isInteger(h.bytes) && h.bytes >= 0))) out.push('framing.headers: every bytes must be a whole number ≥ 0');
  if (!(p.arq.packetErrorRate >= 0 && p.arq.packetErrorRate < 1)) out.push(`arq.packetErrorRate must be in [0, 1) (given ${p.arq.packetErrorRate})`);
  if (!(Number.isInteger(p.arq.maxRetries) && p.arq.maxRetries >= 0)) out.push(`arq.maxRetries must be a whole number ≥ 0 (given ${p.arq.maxRetries})`);
  if (!(p.arq.timeoutS >= 0)) out.push(`arq.timeoutS must be ≥ 0 (given ${p.arq.timeoutS})`);
  const cap = p.queue.capacityPackets;
  if (cap !== null && !(Number.isInteger(cap) && cap >= 0)) out.push(`queue.capacityPackets must be a whole number ≥ 0 or null (given ${cap})`);
  if (!(p.setup.timeS >= 0 && p.setup.bytes >= 0)) out.push('setup.timeS and setup.bytes must be ≥ 0');
  if (p.duplex !== undefined && p.duplex !== 'full' && p.duplex !== 'half') out.push(`duplex must be "full" or "half" (given "${String(p.duplex)}")`);
  if (p.ack !== undefined) {
    if (!(Number.isInteger(p.ack.every) && p.ack.every >= 0)) out.push(`ack.every must be a whole number ≥ 0 (given ${p.ack.every})`);
    if (p.ack.every > 0 && !(Number.isInteger(p.ack.wireBytes) && p.ack.wireBytes >= 1)) {
      out.push(`ack.wireBytes must be a whole number ≥ 1 when ack.every > 0 (given ${p.ack.wireBytes})`);
    }
  }
  if (p.family === 'ieee802154') out.push(...ieee802154Problems(p));
  return [...new Set(out)];
}
