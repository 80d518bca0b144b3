import { attributeProblems } from './attributes.js';
import { ieee802154Power, ieee802154Problems } from './ieee802154.js';
import type { LinkPreset } from './index.js';
import { ltePowerProfile } from './lte.js';
import { presetMessages as msg } from './messages.js';
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

/**
 * What is inconsistent or out of range in a (customised) preset; empty when it
 * can run. Each field against its declared check (attributes.ts), then what
 * ties fields together. An 802.15.4 preset is left to ieee802154Problems, which
 * the medium also runs on presets built in code and which checks the fields too.
 */
export function presetProblems(p: LinkPreset): string[] {
  const out = p.family === 'ieee802154' ? ieee802154Problems(p) : attributeProblems(p);
  if (p.ack !== undefined && Number.isInteger(p.ack.every) && p.ack.every > 0 && !(Number.isInteger(p.ack.wireBytes) && p.ack.wireBytes >= 1)) out.push(msg.ackWireBytes(p.ack.every, p.ack.wireBytes));
  return out;
}
